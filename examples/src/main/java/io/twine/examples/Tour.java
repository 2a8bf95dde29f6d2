package io.twine.examples;

import io.twine.examples.tour.Finally;
import io.twine.examples.tour.HandleThenProceed;
import io.twine.examples.tour.Showcase;
import io.twine.examples.tour.OneHandler;
import io.twine.examples.tour.PodBayDoors;
import io.twine.examples.tour.SimpleFailure;
import io.twine.examples.tour.SortedNames;
import io.twine.examples.tour.TourPrinter;
import io.twine.examples.tour.TourSection;
import io.twine.examples.tour.TryExceptElse;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;

/**
 * The guided tour of Deferreds ({@code ./twine tour}): walks the seed, the introduction to
 * Twisted's Deferreds, in order. For each shape of code it prints the synchronous Java and its
 * translation with Deferreds, explains the translation, and runs both versions on a succeeding and
 * a failing input, printing what each did. Everything runs on the main thread; the asynchronous
 * steps complete when the tour advances a {@link io.twine.task.ManualClock}.
 *
 * <p>Exit status 0 when both versions agreed on every run, 1 otherwise.
 *
 * <p>Adding a stop: implement {@link TourSection} (see {@code io.twine.examples.tour.PodBayDoors}
 * for the pattern: each snippet constant sits right above the method whose body it is), then add
 * one line to {@link #sections()} under the comment for its part of the seed (a fully qualified
 * class name there saves touching the imports). The tests iterate {@link #sections()}, so the new
 * stop is checked at once: both versions agree on every combination of failing steps, the Deferred
 * version is unfired until the clock moves, and the snippets occur as code in the stop's source.
 */
public final class Tour {

    private Tour() {
    }

    /**
     * The stops of the tour, in the seed's order.
     *
     * @return a new list of fresh sections
     */
    public static List<TourSection> sections() {
        // One add a line, so that stops added by different people merge without conflicts.
        List<TourSection> stops = new ArrayList<>();
        // The seed's basic shapes, from "the joy of order" to "do something regardless".
        stops.add(new PodBayDoors());
        stops.add(new SortedNames());
        stops.add(new SimpleFailure());
        stops.add(new TryExceptElse());
        stops.add(new HandleThenProceed());
        stops.add(new OneHandler());
        stops.add(new Finally());
        return List.copyOf(stops);
    }

    /**
     * The stops after the seed's basic shapes, each showing a piece of Twine at work.
     *
     * @return a new list of fresh showcases, in tour order
     */
    public static List<Showcase> showcases() {
        // One add a line, as in sections().
        List<Showcase> stops = new ArrayList<>();
        // Coroutines (the seed's fromCoroutine and inlineCallbacks sections).
        stops.add(io.twine.examples.coroutines.CoroutineStops.fromCoroutine());
        stops.add(io.twine.examples.coroutines.CoroutineStops.onlyTheOutermostIsWrapped());
        stops.add(io.twine.examples.coroutines.CoroutineStops.inlineCallbacks());
        // Combinators (DeferredList, gatherResults and friends).
        stops.add(new io.twine.examples.combining.CombiningStop());
        stops.add(new io.twine.examples.cooperating.CooperatingStop());
        // The reactor (a real event loop instead of the ManualClock).
        stops.add(new io.twine.examples.reactor.GetUsersStop());
        return List.copyOf(stops);
    }

    /**
     * Prints the whole tour.
     *
     * @param out where to print
     * @param width the terminal width in columns (at least 40)
     * @return the number of runs in which the two versions disagreed, plus the showcases that failed
     *         (0 when all is well)
     */
    public static int run(PrintStream out, int width) {
        TourPrinter printer = new TourPrinter(out, width);
        printer.banner();
        List<TourSection> sections = sections();
        int disagreements = 0;
        for (int i = 0; i < sections.size(); i++) {
            disagreements += printer.section(i + 1, sections.get(i));
        }
        List<Showcase> showcases = showcases();
        for (int i = 0; i < showcases.size(); i++) {
            disagreements += printer.showcase(sections.size() + i + 1, showcases.get(i));
        }
        printer.closing(sections.size() + showcases.size(), disagreements);
        out.flush();
        return disagreements;
    }

    /**
     * Runs the tour on standard output, as wide as {@code $COLUMNS} says (80 when unset or not a number).
     *
     * @param args ignored
     */
    public static void main(String[] args) {
        int disagreements = run(System.out, terminalWidth(System.getenv("COLUMNS")));
        if (disagreements != 0) {
            System.exit(1);
        }
    }

    /**
     * The terminal width to print for.
     *
     * @param columns the value of {@code $COLUMNS}, or {@code null}
     * @return that number, at least 40; 80 when it is missing or not a number
     */
    static int terminalWidth(String columns) {
        try {
            return Math.max(40, Integer.parseInt(columns == null ? "80" : columns.strip()));
        } catch (NumberFormatException e) {
            return 80;
        }
    }
}
