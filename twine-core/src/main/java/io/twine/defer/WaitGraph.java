package io.twine.defer;

import io.twine.defer.PendingSnapshot.Edge;
import io.twine.defer.PendingSnapshot.Kind;
import io.twine.defer.PendingSnapshot.Node;
import io.twine.defer.PendingSnapshot.Relation;
import io.twine.defer.PendingSnapshot.State;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Builds a {@link PendingSnapshot} from the registry and the live state of each Deferred, and finds
 * its cycles. Holds Deferreds strongly only while it runs.
 */
final class WaitGraph {
    private final long now = Instrumentation.now();
    private final Map<Deferred<?>, PendingRegistry.Entry> entries = new IdentityHashMap<>();
    private final Map<Deferred<?>, String> names = new IdentityHashMap<>();
    private final List<Node> deferredNodes = new ArrayList<>();
    private final List<Node> waiterNodes = new ArrayList<>();
    private final Set<Edge> edges = new LinkedHashSet<>();
    private final ArrayDeque<Deferred<?>> toExpand = new ArrayDeque<>();

    private WaitGraph() {
    }

    static PendingSnapshot capture() {
        return new WaitGraph().build();
    }

    private PendingSnapshot build() {
        List<PendingRegistry.Entry> tracked = PendingRegistry.entries();
        List<Deferred<?>> alive = new ArrayList<>();
        for (PendingRegistry.Entry e : tracked) {
            Deferred<?> d = e.get();
            if (d != null) {
                entries.put(d, e);
                alive.add(d);
            }
        }
        alive.sort(Comparator.comparingLong(d -> entries.get(d).id));
        for (Deferred<?> d : alive) {
            if (stateOf(d) != null) {
                node(d);
            }
        }
        for (WaitRegistration w : WaitRegistration.live()) {
            Deferred<?> awaited = w.awaited.get();
            if (awaited == null || !w.isActive()) {
                continue;
            }
            String name = "W" + w.id;
            waiterNodes.add(new Node(name, Kind.WAITER, w.waiter, State.SUSPENDED,
                    Duration.ofNanos(Math.max(0, now - w.sinceNanos)), AsyncTrace.frames(w.site), 0, true, 0));
            edges.add(new Edge(name, node(awaited), Relation.AWAITS));
            Deferred<?> result = w.waiterResult == null ? null : w.waiterResult.get();
            if (result != null && !result.called()) {
                edges.add(new Edge(node(result), name, Relation.RESULT_OF));
            }
        }
        while (!toExpand.isEmpty()) {
            expand(toExpand.poll());
        }
        deferredNodes.sort(Comparator.comparing(Node::name, NAME_ORDER));
        List<Node> nodes = new ArrayList<>(deferredNodes);
        nodes.addAll(waiterNodes);
        List<Edge> edgeList = new ArrayList<>(edges);
        return new PendingSnapshot(Instant.now(), tracked.size(), nodes, edgeList, cycles(nodes, edgeList));
    }

    /** Tracked Deferreds by number, then untracked ones, then waiters by number. */
    static final Comparator<String> NAME_ORDER = (a, b) -> {
        int ka = rank(a);
        int kb = rank(b);
        if (ka != kb) {
            return Integer.compare(ka, kb);
        }
        return ka == 1 ? a.compareTo(b) : Long.compare(Long.parseLong(a.substring(1)), Long.parseLong(b.substring(1)));
    };

    private static int rank(String name) {
        return name.startsWith("#") ? 0 : name.startsWith("?") ? 1 : 2;
    }

    /** Why {@code d} is pending, or {@code null} if it is not (fired and free to run). */
    private static State stateOf(Deferred<?> d) {
        if (!d.called()) {
            return State.NOT_FIRED;
        }
        if (d.waitingOn() != null) {
            return State.WAITING;
        }
        if (d.paused() > 0) {
            return State.PAUSED;
        }
        return null;
    }

    /** The node name of {@code d}, creating its node (and scheduling its edges) on first sight. */
    private String node(Deferred<?> d) {
        String existing = names.get(d);
        if (existing != null) {
            return existing;
        }
        PendingRegistry.Entry e = entries.get(d);
        int identity = System.identityHashCode(d);
        String name = e != null ? "#" + e.id : "?0x" + Integer.toHexString(identity);
        names.put(d, name);
        State state = stateOf(d);
        int callbacks = 0;
        for (Object entry : d.pendingEntries()) {
            if (!(entry instanceof Deferred.Handoff) && !(entry instanceof AsyncTraces.Marker)) {
                callbacks++;
            }
        }
        Duration age = e == null ? null : Duration.ofNanos(Math.max(0, now - e.bornNanos));
        StackTraceElement[] site = e != null ? e.site : Sites.of(d.creationSite());
        Class<?> type = d.getClass();
        while (type.getSimpleName().isEmpty()) {
            type = type.getSuperclass();
        }
        deferredNodes.add(new Node(name, Kind.DEFERRED, type.getSimpleName(), state == null ? State.RUNNING : state,
                age, AsyncTrace.frames(site), callbacks, e != null, identity));
        toExpand.add(d);
        return name;
    }

    private void expand(Deferred<?> d) {
        String me = names.get(d);
        Deferred<?> inner = d.waitingOn();
        if (inner != null) {
            edges.add(new Edge(me, node(inner), Relation.WAITS_ON));
        }
        for (Object entry : d.pendingEntries()) {
            if (entry instanceof Deferred.Relay r && !r.target.called()) {
                edges.add(new Edge(node(r.target), me, Relation.CHAINED_FROM));
            }
        }
    }

    // ------------------------------------------------------------------------------------------
    // Cycles: Tarjan's strongly connected components, then one closed walk per component.

    static List<List<String>> cycles(List<Node> nodes, List<Edge> edges) {
        Map<String, List<String>> out = new HashMap<>();
        for (Node n : nodes) {
            out.put(n.name(), new ArrayList<>());
        }
        for (Edge e : edges) {
            out.computeIfAbsent(e.from(), k -> new ArrayList<>()).add(e.to());
            out.computeIfAbsent(e.to(), k -> new ArrayList<>());
        }
        Tarjan t = new Tarjan(out);
        for (Node n : nodes) {
            t.visit(n.name());
        }
        List<List<String>> cycles = new ArrayList<>();
        for (List<String> scc : t.components) {
            String only = scc.get(0);
            if (scc.size() == 1 && !out.get(only).contains(only)) {
                continue;
            }
            cycles.add(walk(scc, out));
        }
        cycles.sort(Comparator.comparing(c -> c.get(0), NAME_ORDER));
        return cycles;
    }

    /**
     * A simple cycle through the component, from its first node back to it: the shortest way
     * back, found breadth-first inside the component (following the first way out of each node
     * can run into a smaller loop that never returns to the start).
     */
    private static List<String> walk(List<String> scc, Map<String, List<String>> out) {
        Set<String> members = Set.copyOf(scc);
        String start = scc.stream().min(NAME_ORDER).orElseThrow();
        Map<String, String> parent = new HashMap<>();
        ArrayDeque<String> todo = new ArrayDeque<>(List.of(start));
        for (;;) {
            String v = todo.remove(); // never runs dry: every member of a component leads back to start
            for (String n : out.get(v)) {
                if (n.equals(start)) {
                    List<String> path = new ArrayList<>();
                    for (String p = v; p != null; p = parent.get(p)) {
                        path.add(p);
                    }
                    Collections.reverse(path);
                    return path;
                }
                if (members.contains(n) && !parent.containsKey(n)) {
                    parent.put(n, v);
                    todo.add(n);
                }
            }
        }
    }

    /** Iterative Tarjan, so a long chain of waiting Deferreds cannot overflow the stack. */
    private static final class Tarjan {
        private final Map<String, List<String>> out;
        private final Map<String, Integer> index = new HashMap<>();
        private final Map<String, Integer> low = new HashMap<>();
        private final Set<String> onStack = new java.util.HashSet<>();
        private final ArrayDeque<String> stack = new ArrayDeque<>();
        final List<List<String>> components = new ArrayList<>();
        private int counter;

        Tarjan(Map<String, List<String>> out) {
            this.out = out;
        }

        void visit(String root) {
            if (index.containsKey(root)) {
                return;
            }
            ArrayDeque<Object[]> work = new ArrayDeque<>(); // {node, next edge index}
            open(root);
            work.push(new Object[] {root, 0});
            while (!work.isEmpty()) {
                Object[] top = work.peek();
                String v = (String) top[0];
                int i = (Integer) top[1];
                List<String> succ = out.get(v);
                if (i < succ.size()) {
                    top[1] = i + 1;
                    String w = succ.get(i);
                    if (!index.containsKey(w)) {
                        open(w);
                        work.push(new Object[] {w, 0});
                    } else if (onStack.contains(w)) {
                        low.put(v, Math.min(low.get(v), index.get(w)));
                    }
                    continue;
                }
                work.pop();
                if (!work.isEmpty()) {
                    String parent = (String) work.peek()[0];
                    low.put(parent, Math.min(low.get(parent), low.get(v)));
                }
                if (low.get(v).equals(index.get(v))) {
                    List<String> scc = new ArrayList<>();
                    String w;
                    do {
                        w = stack.pop();
                        onStack.remove(w);
                        scc.add(w);
                    } while (!w.equals(v));
                    components.add(scc);
                }
            }
        }

        private void open(String v) {
            index.put(v, counter);
            low.put(v, counter);
            counter++;
            stack.push(v);
            onStack.add(v);
        }
    }
}
