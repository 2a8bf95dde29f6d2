package io.twine.examples.tour;

import io.twine.defer.Deferred;
import io.twine.task.Clock;
import java.util.concurrent.Callable;

/**
 * Turns a synchronous step into an asynchronous one: the step's work runs later, from the clock,
 * and a Deferred returned now fires with its result then (Twisted's {@code task.deferLater}).
 */
final class Later {
    /** How long every asynchronous step of the tour takes, in clock seconds. */
    static final double STEP_SECONDS = 1.0;

    private Later() {
    }

    /**
     * Schedules {@code work} one step from now on {@code clock}.
     *
     * @param clock the clock; the work and the returned Deferred's callbacks run on the thread
     *        that advances it
     * @param work the step; its value fires the Deferred, its exception errbacks it
     * @param <T> the result type
     * @return a Deferred that has not fired yet
     */
    static <T> Deferred<T> deferLater(Clock clock, Callable<? extends T> work) {
        Deferred<T> d = new Deferred<>();
        clock.callLater(STEP_SECONDS, () -> {
            T value;
            try {
                value = work.call();
            } catch (Exception e) {
                d.errback(e);
                return;
            }
            d.callback(value);
        });
        return d;
    }
}
