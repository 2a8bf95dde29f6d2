package io.twine.defer;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The wait-for graph of pending Deferreds at one moment, taken by {@link Deferreds#snapshot()}:
 * which Deferreds have not delivered their result, what each waits on, which waiters
 * (coroutines) are suspended on which Deferred, and the cycles and dead ends that explain a hang.
 *
 * <p>A snapshot is plain immutable data; it holds no Deferred, so keeping it keeps nothing alive.
 * Nodes are named {@code #N} (a tracked Deferred, N its registration number), {@code ?0x…}
 * (a Deferred that was not tracked, for example created before tracking was on, that a tracked one
 * refers to; named by identity hash) or {@code WN} (a waiter).
 */
public final class PendingSnapshot {

    /** What a node stands for. */
    public enum Kind {
        /** A Deferred. */
        DEFERRED,
        /** A waiter registered through {@link Deferreds#awaiting}, such as a coroutine. */
        WAITER
    }

    /** Why a node is pending. */
    public enum State {
        /** Not fired: whoever should call {@code callback}/{@code errback} has not. */
        NOT_FIRED,
        /** Fired, but a callback returned another Deferred and the chain waits for it. */
        WAITING,
        /** Fired, but {@code pause()}d. */
        PAUSED,
        /** Fired and not blocked: its callbacks are running right now (shown when something waits on it). */
        RUNNING,
        /** A waiter, suspended until the Deferred it awaits fires. */
        SUSPENDED
    }

    /** What an edge {@code from -> to} means; every edge points at what {@code from} waits for. */
    public enum Relation {
        /** Deferred {@code from}'s chain waits on Deferred {@code to} ({@link Deferred#waitingOn()}). */
        WAITS_ON("waits on"),
        /** Waiter {@code from} awaits Deferred {@code to}. */
        AWAITS("awaits"),
        /** Deferred {@code from} is the result of waiter {@code to}: it fires when the waiter ends. */
        RESULT_OF("result of"),
        /** Deferred {@code from} is fired by {@code to}'s chain ({@code to.chainDeferred(from)}). */
        CHAINED_FROM("chained from");

        private final String words;

        Relation(String words) {
            this.words = words;
        }

        /**
         * The relation in words, as the text dump and the DOT labels show it.
         *
         * @return e.g. {@code "waits on"}
         */
        public String words() {
            return words;
        }
    }

    /**
     * One node of the graph.
     *
     * @param name {@code #N}, {@code ?0x…} or {@code WN}
     * @param kind Deferred or waiter
     * @param description the class name of a Deferred (e.g. {@code Deferred}), or the waiter's description
     * @param state why it is pending
     * @param age time since the Deferred was created or the waiter suspended; {@code null} when untracked
     * @param site where it was created or where the waiter suspended (user frames, innermost first); may be empty
     * @param callbacksWaiting user callbacks waiting in a Deferred's chain (0 for waiters)
     * @param tracked whether the registry knows this node (untracked Deferreds appear only when
     *        something tracked refers to them)
     * @param identity {@link System#identityHashCode} of the Deferred (0 for waiters)
     */
    public record Node(String name, Kind kind, String description, State state, Duration age,
                       List<StackTraceElement> site, int callbacksWaiting, boolean tracked, int identity) {
        /**
         * Checks and copies.
         *
         * @param name not null
         * @param kind not null
         * @param description not null
         * @param state not null
         * @param age may be null
         * @param site not null
         * @param callbacksWaiting at least 0
         * @param tracked whether tracked
         * @param identity identity hash
         */
        public Node {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(kind, "kind");
            Objects.requireNonNull(description, "description");
            Objects.requireNonNull(state, "state");
            site = List.copyOf(site);
        }
    }

    /**
     * One edge: {@code from} waits for {@code to} in the way {@code relation} says.
     *
     * @param from the waiting node's name
     * @param to the name of what it waits for
     * @param relation how
     */
    public record Edge(String from, String to, Relation relation) {
        /**
         * Checks.
         *
         * @param from not null
         * @param to not null
         * @param relation not null
         */
        public Edge {
            Objects.requireNonNull(from, "from");
            Objects.requireNonNull(to, "to");
            Objects.requireNonNull(relation, "relation");
        }
    }

    private final Instant takenAt;
    private final int tracked;
    private final List<Node> nodes;
    private final List<Edge> edges;
    private final List<List<String>> cycles;

    PendingSnapshot(Instant takenAt, int tracked, List<Node> nodes, List<Edge> edges, List<List<String>> cycles) {
        this.takenAt = takenAt;
        this.tracked = tracked;
        this.nodes = List.copyOf(nodes);
        this.edges = List.copyOf(edges);
        List<List<String>> c = new ArrayList<>();
        for (List<String> cycle : cycles) {
            c.add(List.copyOf(cycle));
        }
        this.cycles = List.copyOf(c);
    }

    /**
     * When the snapshot was taken.
     *
     * @return the wall-clock time
     */
    public Instant takenAt() {
        return takenAt;
    }

    /**
     * How many Deferreds the registry was tracking (pending or not, not yet collected).
     *
     * @return the count
     */
    public int trackedCount() {
        return tracked;
    }

    /**
     * The nodes: pending tracked Deferreds, suspended waiters, and whatever they wait on.
     * Deferreds first, by name, then waiters.
     *
     * @return immutable list
     */
    public List<Node> nodes() {
        return nodes;
    }

    /**
     * The wait-for edges.
     *
     * @return immutable list
     */
    public List<Edge> edges() {
        return edges;
    }

    /**
     * The cycles: nodes that wait on each other and so can never fire. Each cycle lists node
     * names in the order of its edges, starting with its smallest-numbered node; the last waits
     * on the first.
     *
     * @return immutable list, empty when there is no cycle
     */
    public List<List<String>> cycles() {
        return cycles;
    }

    /**
     * The dead ends: Deferreds that have not fired and wait on nothing Twine knows of, so the
     * only way forward is for some code to call their {@code callback}/{@code errback}. When a
     * program hangs without a cycle, the culprit is among these.
     *
     * @return immutable list of nodes
     */
    public List<Node> deadEnds() {
        List<Node> out = new ArrayList<>();
        for (Node n : nodes) {
            if (n.kind() == Kind.DEFERRED && n.state() == State.NOT_FIRED && outgoing(n.name()).isEmpty()) {
                out.add(n);
            }
        }
        return List.copyOf(out);
    }

    /**
     * A node by name.
     *
     * @param name e.g. {@code #3}
     * @return the node, if present
     */
    public Optional<Node> node(String name) {
        for (Node n : nodes) {
            if (n.name().equals(name)) {
                return Optional.of(n);
            }
        }
        return Optional.empty();
    }

    /**
     * The node of a given Deferred, found by identity hash (the snapshot holds no Deferreds).
     *
     * @param d the Deferred
     * @return its node, if it is in the snapshot
     */
    public Optional<Node> nodeOf(Deferred<?> d) {
        int id = System.identityHashCode(d);
        for (Node n : nodes) {
            if (n.kind() == Kind.DEFERRED && n.identity() == id) {
                return Optional.of(n);
            }
        }
        return Optional.empty();
    }

    /**
     * The edges leaving a node.
     *
     * @param name the node's name
     * @return immutable list
     */
    public List<Edge> outgoing(String name) {
        List<Edge> out = new ArrayList<>();
        for (Edge e : edges) {
            if (e.from().equals(name)) {
                out.add(e);
            }
        }
        return List.copyOf(out);
    }

    /**
     * The snapshot as text: cycles and dead ends first, then one entry per node with its state,
     * age, creation site and what it waits on. This is what {@link Deferreds#dumpPending()} prints.
     *
     * @return multi-line text
     */
    public String toText() {
        return PendingText.render(this);
    }

    /**
     * The snapshot as a Graphviz DOT digraph: one box per Deferred, one ellipse per waiter, an
     * arrow from each waiting node to what it waits for. Cycles are drawn red, dead ends orange.
     * Render with {@code dot -Tpng pending.dot -o pending.png}.
     *
     * @return DOT source
     */
    public String toDot() {
        return PendingDot.render(this);
    }

    @Override
    public String toString() {
        return toText();
    }
}
