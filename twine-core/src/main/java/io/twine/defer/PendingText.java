package io.twine.defer;

import io.twine.defer.PendingSnapshot.Edge;
import io.twine.defer.PendingSnapshot.Kind;
import io.twine.defer.PendingSnapshot.Node;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.Locale;

/** The text form of a {@link PendingSnapshot} ({@link Deferreds#dumpPending()}). */
final class PendingText {
    private PendingText() {
    }

    static String render(PendingSnapshot s) {
        StringBuilder sb = new StringBuilder();
        long deferreds = s.nodes().stream().filter(n -> n.kind() == Kind.DEFERRED).count();
        long waiters = s.nodes().size() - deferreds;
        sb.append("Twine pending Deferreds at ").append(s.takenAt()).append(": ")
                .append(deferreds).append(deferreds == 1 ? " Deferred, " : " Deferreds, ")
                .append(waiters).append(waiters == 1 ? " waiter" : " waiters")
                .append(" (").append(s.trackedCount()).append(" tracked)\n");
        if (s.nodes().isEmpty()) {
            if (s.trackedCount() == 0 && (Deferred.instrumentation & Instrumentation.PENDING) == 0) {
                sb.append("Nothing is tracked: turn tracking on with -D").append(Instrumentation.PROPERTY)
                        .append("=pending or Deferreds.enable(Deferreds.Diagnostic.PENDING).\n");
            }
            return sb.toString();
        }
        int i = 1;
        for (List<String> cycle : s.cycles()) {
            sb.append("\nCYCLE ").append(i++).append(": these wait on each other and can never fire:\n  ");
            for (String name : cycle) {
                sb.append(name).append(' ').append(relationFrom(s, name, cycle)).append(' ');
            }
            sb.append(cycle.get(0)).append('\n');
        }
        List<Node> deadEnds = s.deadEnds();
        if (!deadEnds.isEmpty()) {
            sb.append("\nDEAD ENDS: not fired and waiting on nothing Twine knows of; whoever should fire them has not:\n");
            for (Node n : deadEnds) {
                sb.append("  ").append(n.name()).append(" created at ").append(Sites.first(site(n))).append('\n');
            }
        }
        blocked(s, sb);
        sb.append('\n');
        for (Node n : s.nodes()) {
            sb.append(n.name()).append(' ').append(n.description()).append(": ").append(state(n));
            if (n.age() != null) {
                sb.append(n.kind() == Kind.WAITER ? " for " : ", age ").append(format(n.age()));
            }
            if (n.callbacksWaiting() > 0) {
                sb.append(", ").append(n.callbacksWaiting()).append(n.callbacksWaiting() == 1 ? " callback" : " callbacks")
                        .append(" waiting");
            }
            if (!n.tracked()) {
                sb.append(" (untracked: created while tracking was off)");
            }
            sb.append('\n');
            List<StackTraceElement> site = n.site();
            String at = n.kind() == Kind.WAITER ? "    suspended at " : "    created at ";
            for (int f = 0; f < Math.min(3, site.size()); f++) {
                sb.append(f == 0 ? at : "                 ").append(Sites.format(site.get(f))).append('\n');
            }
            for (Edge e : s.outgoing(n.name())) {
                sb.append("    ").append(e.relation().words()).append(' ').append(e.to()).append('\n');
            }
        }
        return sb.toString();
    }

    /**
     * For each top-level waiter (a node nothing waits on, that itself waits), the cycles and dead
     * ends it is stuck behind: the answer to "why does my request hang".
     */
    private static void blocked(PendingSnapshot s, StringBuilder sb) {
        Map<String, List<String>> out = new HashMap<>();
        Set<String> waitedOn = new HashSet<>();
        for (Edge e : s.edges()) {
            out.computeIfAbsent(e.from(), k -> new ArrayList<>()).add(e.to());
            waitedOn.add(e.to());
        }
        Map<String, Integer> cycleOf = new HashMap<>();
        for (int c = 0; c < s.cycles().size(); c++) {
            for (String name : s.cycles().get(c)) {
                cycleOf.putIfAbsent(name, c + 1);
            }
        }
        Set<String> deadEnds = new HashSet<>();
        for (Node n : s.deadEnds()) {
            deadEnds.add(n.name());
        }
        boolean header = false;
        for (Node root : s.nodes()) {
            if (waitedOn.contains(root.name()) || !out.containsKey(root.name())) {
                continue;
            }
            Set<String> causes = new LinkedHashSet<>();
            Set<String> seen = new HashSet<>();
            ArrayDeque<String> todo = new ArrayDeque<>(List.of(root.name()));
            while (!todo.isEmpty()) {
                String v = todo.poll();
                if (!seen.add(v)) {
                    continue;
                }
                Integer cycle = cycleOf.get(v);
                if (cycle != null) {
                    causes.add("CYCLE " + cycle);
                    continue;
                }
                if (deadEnds.contains(v)) {
                    causes.add("dead end " + v);
                }
                todo.addAll(out.getOrDefault(v, List.of()));
            }
            if (causes.isEmpty()) {
                continue;
            }
            if (!header) {
                sb.append("\nSTUCK: what each top-level waiter (one nothing waits on) is held up by:\n");
                header = true;
            }
            sb.append("  ").append(root.name()).append(root.kind() == Kind.WAITER ? " (suspended at " : " (created at ")
                    .append(Sites.first(site(root)))
                    .append(") is held up by ").append(String.join(" and ", causes)).append('\n');
        }
    }

    private static String relationFrom(PendingSnapshot s, String from, List<String> cycle) {
        String to = cycle.get((cycle.indexOf(from) + 1) % cycle.size());
        // Every step of a cycle is an edge (WaitGraph.walk follows edges only).
        return s.outgoing(from).stream().filter(e -> e.to().equals(to)).findFirst().orElseThrow().relation().words();
    }

    private static StackTraceElement[] site(Node n) {
        return n.site().toArray(new StackTraceElement[0]);
    }

    static String state(Node n) {
        return switch (n.state()) {
            case NOT_FIRED -> "not fired";
            case WAITING -> "fired, its chain waits";
            case PAUSED -> "fired, paused";
            case RUNNING -> "fired, running its callbacks";
            case SUSPENDED -> "suspended";
        };
    }

    static String format(Duration d) {
        long ms = d.toMillis();
        if (ms < 1000) {
            return ms + " ms";
        }
        return String.format(Locale.ROOT, "%.1f s", ms / 1000.0);
    }
}
