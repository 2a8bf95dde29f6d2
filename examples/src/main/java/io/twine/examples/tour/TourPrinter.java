package io.twine.examples.tour;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * Prints the tour as plain text: a banner, then for each {@link TourSection} a numbered heading,
 * the two versions of its code, its explanation, and a {@link Comparison} per shown input.
 *
 * <p>The two versions of the code are shown side by side when they fit in the width, one after the
 * other otherwise; the outcomes of a run are always shown one after the other.
 * No colour or other terminal control codes, so the output reads the same in a terminal, a pipe
 * or a file. Not thread-safe; one printer per output.
 */
public final class TourPrinter {
    private static final String GAP = " | ";
    private static final String INDENT = "  ";

    private final PrintStream out;
    private final int width;

    /**
     * A printer writing lines of at most {@code width} characters where it can (long code lines
     * and outcome lines are never cut).
     *
     * @param out where to print
     * @param width the terminal width, at least 40
     * @throws IllegalArgumentException if {@code width} is under 40
     */
    public TourPrinter(PrintStream out, int width) {
        this.out = Objects.requireNonNull(out, "TourPrinter needs a PrintStream, got null");
        if (width < 40) {
            throw new IllegalArgumentException("width must be at least 40 columns, got " + width);
        }
        this.width = width;
    }

    /** Prints the banner and the introduction. */
    public void banner() {
        String rule = "+" + "-".repeat(Math.min(width, 78) - 2) + "+";
        out.println(rule);
        boxed(rule.length(), "TWINE  -  a guided tour of Deferreds");
        boxed(rule.length(), "Twisted's Deferred in Java, one shape of code at a time");
        out.println(rule);
        out.println();
        paragraph("Each stop below takes one shape of code from the introduction to Deferreds and writes it twice: "
                + "as ordinary synchronous Java, and with Deferreds, where the slow steps return at once and finish "
                + "later. Both versions then run on the same inputs. The asynchronous steps finish only when a "
                + "ManualClock (a stand-in for the event loop's time) is advanced, and the tour advances it step by "
                + "step until the Deferred fires. Each step prints what it did, the caller prints how it all ended, "
                + "and the two versions must print the same lines.");
        out.println();
    }

    private void boxed(int boxWidth, String text) {
        int inner = boxWidth - 4;
        out.println("| " + text + " ".repeat(Math.max(0, inner - text.length())) + " |");
    }

    /**
     * Prints one section and runs it on its shown inputs.
     *
     * @param number the section's position in the tour, from 1
     * @param section the section
     * @return how many of its inputs gave different outcomes in the two versions (0 when all agree)
     */
    public int section(int number, TourSection section) {
        String heading = number + ". " + section.title();
        out.println(heading);
        out.println("=".repeat(Math.min(heading.length(), width)));
        out.println();
        columns(section.synchronousLabel() + ":", lines(section.synchronousCode()),
                section.deferredLabel() + ":", lines(section.deferredCode()));
        out.println();
        paragraph(section.explanation());
        out.println();
        int disagreements = 0;
        for (Scenario input : section.shownInputs()) {
            Comparison c = Comparison.of(section, input);
            out.println("Run: " + input.describe());
            // Outcome lines are long; one block after the other keeps every run laid out alike.
            block(section.synchronousLabel() + ":", c.synchronous());
            block(section.deferredLabel() + ":", c.withDeferreds());
            String timing = String.format(Locale.ROOT, "%s at t=0, fired at t=%s",
                    c.quietUntilClockMoved() ? "nothing done yet" : "NOT ASYNCHRONOUS: already acted",
                    seconds(c.firedAt()));
            if (c.agree()) {
                out.println(INDENT + "=> same outcome (" + section.deferredLabel() + ": " + timing + ")");
            } else {
                out.println(INDENT + "=> MISMATCH: the two versions did different things ("
                        + section.deferredLabel() + ": " + timing + ")");
                disagreements++;
            }
            out.println();
        }
        return disagreements;
    }

    /**
     * Prints a showcase stop and runs it, indenting what it prints.
     *
     * @param number the stop's position in the tour, from 1
     * @param showcase the stop
     * @return 1 if running it threw, else 0
     */
    public int showcase(int number, Showcase showcase) {
        String heading = number + ". " + showcase.title();
        out.println(heading);
        out.println("=".repeat(Math.min(heading.length(), width)));
        out.println();
        paragraph(showcase.explanation());
        out.println();
        block("key code:", lines(showcase.code()));
        out.println();
        out.println("Run:");
        java.io.ByteArrayOutputStream buffer = new java.io.ByteArrayOutputStream();
        int failed = 0;
        try (PrintStream captured = new PrintStream(buffer, true, java.nio.charset.StandardCharsets.UTF_8)) {
            try {
                showcase.run(captured);
            } catch (Exception | AssertionError e) {
                captured.println("FAILED: " + e);
                failed = 1;
            }
        }
        block("", lines(buffer.toString(java.nio.charset.StandardCharsets.UTF_8)));
        out.println();
        return failed;
    }

    /**
     * Prints the closing lines.
     *
     * @param sections how many sections were shown
     * @param disagreements how many runs disagreed, as summed from {@link #section}
     */
    public void closing(int sections, int disagreements) {
        if (disagreements == 0) {
            paragraph("All " + sections + " stops ran as they should: both versions of every shape got the same "
                    + "outcome every time, and every showcase ran to its end. "
                    + "Next: Twine's tests (./twine test) check every stop on every combination of failing steps.");
        } else {
            paragraph(disagreements + " run(s) gave different outcomes in the two versions: that is a bug in "
                    + "the tour or in Twine.");
        }
    }

    private static String seconds(double t) {
        return t == Math.rint(t) ? String.valueOf((long) t) : String.valueOf(t);
    }

    private static List<String> lines(String text) {
        return text.strip().lines().toList();
    }

    /** Two labelled blocks: side by side when they fit, else one after the other. */
    private void columns(String leftLabel, List<String> left, String rightLabel, List<String> right) {
        int leftWidth = Math.max(leftLabel.length(), maxLength(left));
        int rightWidth = Math.max(rightLabel.length(), maxLength(right));
        if (INDENT.length() + leftWidth + GAP.length() + rightWidth <= width) {
            List<String> l = new ArrayList<>(left);
            List<String> r = new ArrayList<>(right);
            l.add(0, leftLabel);
            r.add(0, rightLabel);
            for (int i = 0; i < Math.max(l.size(), r.size()); i++) {
                String a = i < l.size() ? l.get(i) : "";
                String b = i < r.size() ? r.get(i) : "";
                out.println((INDENT + a + " ".repeat(leftWidth - a.length()) + GAP + b).stripTrailing());
            }
        } else {
            block(leftLabel, left);
            block(rightLabel, right);
        }
    }

    private void block(String label, List<String> lines) {
        out.println(INDENT + label);
        for (String line : lines) {
            out.println(INDENT + "  " + line);
        }
    }

    private static int maxLength(List<String> lines) {
        int max = 0;
        for (String s : lines) {
            max = Math.max(max, s.length());
        }
        return max;
    }

    /** Prints text wrapped at the width (at most 78 columns, for comfortable reading). */
    private void paragraph(String text) {
        int limit = Math.min(width, 78);
        StringBuilder line = new StringBuilder();
        for (String word : text.split("\\s+")) {
            if (line.length() > 0 && line.length() + 1 + word.length() > limit) {
                out.println(line);
                line.setLength(0);
            }
            if (line.length() > 0) {
                line.append(' ');
            }
            line.append(word);
        }
        if (line.length() > 0) {
            out.println(line);
        }
    }
}
