package io.twine.examples.combining;

import io.twine.defer.Defer;
import io.twine.defer.Deferred;
import io.twine.defer.FirstError;
import io.twine.task.ManualClock;
import io.twine.task.Task;
import java.io.PrintStream;
import java.util.List;

/**
 * Tour: fetching several things at once with {@link Defer#gatherResults}.
 *
 * <p>Three "downloads" are started together and take different times on a {@link ManualClock}.
 * {@code gatherResults} fires once all of them are in, with the results in the order they were
 * asked for, not the order they arrived. Then the same with one download failing: the combined
 * Deferred fails at once with a {@link FirstError} saying which one, while the others carry on.
 */
public final class FetchAll {
    private final ManualClock clock = new ManualClock();
    private PrintStream out;

    /** Creates the example. */
    public FetchAll() {
    }

    /**
     * Runs the example.
     *
     * @param out where to print what happens
     */
    public void run(PrintStream out) {
        this.out = out;
        out.println("== Fetching several things at once: gatherResults ==");
        Deferred<List<String>> pages = Defer.gatherResults(List.of(
                fetch("users", 0.75), fetch("orders", 0.25), fetch("stock", 0.5)));
        pages.addCallback(all -> {
            out.printf("t=%.2f  all in, in the order asked for: %s%n", clock.seconds(), all);
            return null;
        });
        advanceInSteps(0.25, 3);

        out.println();
        out.println("-- one of them fails --");
        Deferred<List<String>> broken = Defer.gatherResults(List.of(
                fetch("users", 0.75), fetchBroken("orders", 0.25), fetch("stock", 0.5)), true);
        broken.addCallbacks(all -> {
            out.println("not reached: " + all);
            return null;
        }, failure -> {
            FirstError first = (FirstError) failure.value();
            out.printf("t=%.2f  gave up: input #%d failed with %s%n", clock.seconds(), first.index(),
                    first.subFailure().getErrorMessage());
            return null;
        });
        advanceInSteps(0.25, 3);
        out.println("(the other downloads still finished; consumeErrors=true kept the failure from"
                + " being reported twice)");
    }

    private Deferred<String> fetch(String name, double seconds) {
        out.printf("t=%.2f  start %s%n", clock.seconds(), name);
        return Task.deferLater(clock, seconds, () -> {
            out.printf("t=%.2f  %s arrived%n", clock.seconds(), name);
            return "<" + name + " page>";
        });
    }

    private Deferred<String> fetchBroken(String name, double seconds) {
        out.printf("t=%.2f  start %s%n", clock.seconds(), name);
        return Task.deferLater(clock, seconds, () -> {
            throw new java.io.IOException(name + ": connection reset");
        });
    }

    private void advanceInSteps(double step, int steps) {
        for (int i = 0; i < steps; i++) {
            clock.advance(step);
        }
    }

    /**
     * Runs the example on standard output.
     *
     * @param args ignored
     */
    public static void main(String[] args) {
        new FetchAll().run(System.out);
    }
}
