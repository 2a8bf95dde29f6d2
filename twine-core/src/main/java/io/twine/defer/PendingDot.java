package io.twine.defer;

import io.twine.defer.PendingSnapshot.Edge;
import io.twine.defer.PendingSnapshot.Kind;
import io.twine.defer.PendingSnapshot.Node;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** The Graphviz DOT form of a {@link PendingSnapshot} ({@link Deferreds#toDot()}). */
final class PendingDot {
    private PendingDot() {
    }

    static String render(PendingSnapshot s) {
        Set<String> inCycle = new HashSet<>();
        Set<String> cycleEdges = new HashSet<>();
        for (List<String> cycle : s.cycles()) {
            inCycle.addAll(cycle);
            for (int i = 0; i < cycle.size(); i++) {
                cycleEdges.add(cycle.get(i) + "\u0000" + cycle.get((i + 1) % cycle.size()));
            }
        }
        Set<String> deadEnds = new HashSet<>();
        for (Node n : s.deadEnds()) {
            deadEnds.add(n.name());
        }
        StringBuilder sb = new StringBuilder();
        sb.append("digraph twine_pending {\n");
        sb.append("  rankdir=LR;\n");
        sb.append("  fontname=\"Helvetica\";\n");
        sb.append("  label=").append(quote("Twine pending Deferreds at " + s.takenAt())).append(";\n");
        sb.append("  node [shape=box, style=rounded, fontname=\"Helvetica\", fontsize=10];\n");
        sb.append("  edge [fontname=\"Helvetica\", fontsize=9];\n");
        for (Node n : s.nodes()) {
            StringBuilder label = new StringBuilder(n.name()).append(' ').append(n.description());
            label.append('\n').append(PendingText.state(n));
            if (n.age() != null) {
                label.append(n.kind() == Kind.WAITER ? " for " : ", age ").append(PendingText.format(n.age()));
            }
            if (n.callbacksWaiting() > 0) {
                label.append('\n').append(n.callbacksWaiting()).append(n.callbacksWaiting() == 1 ? " callback" : " callbacks")
                        .append(" waiting");
            }
            if (!n.site().isEmpty()) {
                StackTraceElement top = n.site().get(0);
                String cls = top.getClassName().substring(top.getClassName().lastIndexOf('.') + 1);
                label.append('\n').append(cls).append('.').append(top.getMethodName())
                        .append(" (").append(top.getFileName()).append(':').append(top.getLineNumber()).append(')');
            }
            sb.append("  ").append(id(n.name())).append(" [label=").append(quote(label.toString()));
            List<String> style = new ArrayList<>();
            if (n.kind() == Kind.WAITER) {
                sb.append(", shape=ellipse");
            } else {
                style.add("rounded");
            }
            if (inCycle.contains(n.name())) {
                sb.append(", color=red, fontcolor=red, penwidth=2");
            } else if (deadEnds.contains(n.name())) {
                style.add("filled");
                sb.append(", fillcolor=orange");
            }
            if (!n.tracked()) {
                style.add("dashed");
            }
            sb.append(", style=").append(quote(String.join(",", style)));
            sb.append("];\n");
        }
        for (Edge e : s.edges()) {
            sb.append("  ").append(id(e.from())).append(" -> ").append(id(e.to()))
                    .append(" [label=").append(quote(e.relation().words()));
            if (cycleEdges.contains(e.from() + "\u0000" + e.to())) {
                sb.append(", color=red, fontcolor=red, penwidth=2");
            }
            sb.append("];\n");
        }
        sb.append("}\n");
        return sb.toString();
    }

    /** A DOT identifier for a node name: {@code #3} is {@code d3}, {@code W2} is {@code w2}, {@code ?0x1f} is {@code u0x1f}. */
    static String id(String name) {
        if (name.startsWith("#")) {
            return "d" + name.substring(1);
        }
        if (name.startsWith("?")) {
            return "u" + name.substring(1);
        }
        return "w" + name.substring(1);
    }

    /** A DOT string literal; newlines become DOT's centred line breaks. */
    static String quote(String s) {
        StringBuilder sb = new StringBuilder("\"");
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                case '\n' -> sb.append("\\n");
                case '\r' -> { }
                default -> sb.append(c);
            }
        }
        return sb.append('"').toString();
    }
}
