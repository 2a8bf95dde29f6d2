package io.twine.defer;

import static org.assertj.core.api.Assertions.assertThat;

import io.twine.defer.PendingSnapshot.Edge;
import io.twine.defer.PendingSnapshot.Kind;
import io.twine.defer.PendingSnapshot.Node;
import io.twine.defer.PendingSnapshot.Relation;
import io.twine.defer.PendingSnapshot.State;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The cycles {@link WaitGraph} reports are closed walks along real edges. */
class WaitGraphCyclesTest {
    private static Node node(String name) {
        return new Node(name, Kind.DEFERRED, "Deferred", State.WAITING, null, List.of(), 0, true, 0);
    }

    private static Edge edge(String from, String to) {
        return new Edge(from, to, Relation.WAITS_ON);
    }

    /** Every step of a reported cycle, including the one back to its start, is an edge of the graph. */
    private static void assertClosedAlongEdges(List<String> cycle, List<Edge> edges) {
        List<String> steps = new ArrayList<>();
        for (int i = 0; i < cycle.size(); i++) {
            steps.add(cycle.get(i) + "->" + cycle.get((i + 1) % cycle.size()));
        }
        List<String> real = edges.stream().map(e -> e.from() + "->" + e.to()).toList();
        assertThat(real).containsAll(steps);
    }

    @Test
    void aComponentWhoseFirstPathDoublesBackStillGivesAClosedCycle() {
        // #1 -> #2, #2 -> #3, #3 -> #2, #2 -> #1: following the first way out of #2 leads into #2 <-> #3.
        List<Node> nodes = List.of(node("#1"), node("#2"), node("#3"));
        List<Edge> edges = List.of(edge("#1", "#2"), edge("#2", "#3"), edge("#3", "#2"), edge("#2", "#1"));
        List<List<String>> cycles = WaitGraph.cycles(nodes, edges);
        assertThat(cycles).singleElement().satisfies(c -> {
            assertThat(c.get(0)).isEqualTo("#1");
            assertClosedAlongEdges(c, edges);
        });
    }

    @Test
    void theTextDumpNamesOnlyRealRelationsAroundACycle() {
        List<Node> nodes = List.of(node("#1"), node("#2"), node("#3"));
        List<Edge> edges = List.of(edge("#1", "#2"), edge("#2", "#3"), edge("#3", "#2"), edge("#2", "#1"));
        PendingSnapshot s = new PendingSnapshot(java.time.Instant.EPOCH, 3, nodes, edges, WaitGraph.cycles(nodes, edges));
        assertThat(s.toText()).contains("CYCLE 1: these wait on each other and can never fire:\n  #1 waits on #2 waits on #1\n");
    }

    @Test
    void aSelfLoopIsACycleOfOne() {
        List<Node> nodes = List.of(node("#1"), node("#2"));
        List<Edge> edges = List.of(edge("#1", "#1"), edge("#2", "#1"));
        assertThat(WaitGraph.cycles(nodes, edges)).containsExactly(List.of("#1"));
    }
}
