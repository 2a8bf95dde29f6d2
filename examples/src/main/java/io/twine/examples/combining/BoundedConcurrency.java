package io.twine.examples.combining;

import io.twine.defer.Defer;
import io.twine.defer.Deferred;
import io.twine.defer.DeferredSemaphore;
import io.twine.task.ManualClock;
import io.twine.task.Task;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;

/**
 * Tour: bounding concurrency with a {@link DeferredSemaphore}.
 *
 * <p>Six downloads are wanted, but the server allows only two connections at a time. Each
 * download goes through {@link DeferredSemaphore#runDeferred}: it starts when a token is free and
 * gives the token back when its Deferred fires, success or failure. The waiting ones start in the
 * order they were asked for. {@link Defer#gatherResults} collects all six.
 */
public final class BoundedConcurrency {
    private final ManualClock clock = new ManualClock();
    private int inFlight;
    private int maxInFlight;

    /** Creates the example. */
    public BoundedConcurrency() {
    }

    /**
     * Runs the example.
     *
     * @param out where to print what happens
     */
    public void run(PrintStream out) {
        out.println("== Bounding concurrency: DeferredSemaphore(2) ==");
        DeferredSemaphore connections = new DeferredSemaphore(2);
        double[] durations = {1.0, 0.5, 0.5, 1.0, 0.5, 0.5};
        List<Deferred<String>> downloads = new ArrayList<>();
        for (int i = 0; i < durations.length; i++) {
            String name = "file" + i;
            double seconds = durations[i];
            downloads.add(connections.runDeferred(() -> {
                inFlight++;
                maxInFlight = Math.max(maxInFlight, inFlight);
                out.printf("t=%.1f  start %s (%d in flight)%n", clock.seconds(), name, inFlight);
                return Task.deferLater(clock, seconds, () -> {
                    inFlight--;
                    out.printf("t=%.1f  done  %s%n", clock.seconds(), name);
                    return name;
                });
            }));
        }
        out.printf("t=%.1f  %d downloads waiting for a connection%n", clock.seconds(), connections.waitingCount());
        Defer.gatherResults(downloads).addCallback(names -> {
            out.printf("t=%.1f  all %d done; never more than %d at once%n", clock.seconds(), names.size(), maxInFlight);
            return null;
        });
        for (int i = 0; i < 6; i++) {
            clock.advance(0.5);
        }
    }

    /**
     * The most downloads that were in flight at once in the last {@link #run}.
     *
     * @return the peak concurrency
     */
    public int maxInFlight() {
        return maxInFlight;
    }

    /**
     * Runs the example on standard output.
     *
     * @param args ignored
     */
    public static void main(String[] args) {
        new BoundedConcurrency().run(System.out);
    }
}
