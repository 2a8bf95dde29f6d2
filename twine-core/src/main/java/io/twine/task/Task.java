package io.twine.task;

import io.twine.defer.AlreadyCalledError;
import io.twine.defer.CancelledError;
import io.twine.defer.Deferred;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The module-level functions of Twisted's {@code twisted.internet.task} that work on a
 * {@link Clock}: {@link #deferLater}. ({@link LoopingCall} and {@link ManualClock}, Twisted's
 * {@code task.Clock}, are classes of their own.)
 */
public final class Task {
    private Task() {
    }

    /**
     * A Deferred that fires with {@code fn}'s result {@code delaySeconds} from now (Twisted's
     * {@code task.deferLater}). {@code fn} runs as a callback of the returned Deferred, on the
     * clock's thread when the delay is over: an exception it throws fails the Deferred, and a
     * Deferred it returns is waited for, as for any callback.
     *
     * <p>{@code cancel()} before the delay is over cancels the scheduled call, so {@code fn} never
     * runs, and the Deferred fails with {@link CancelledError}. A cancel that races with the
     * clock on another thread either wins (CancelledError, {@code fn} does not run) or loses
     * (does nothing); never both.
     *
     * @param clock the clock to wait on
     * @param delaySeconds how long to wait, {@code >= 0}
     * @param fn what to call then
     * @param <T> its result type
     * @return a cancellable Deferred of {@code fn}'s result
     * @throws IllegalArgumentException if the delay is negative or not a finite number
     */
    public static <T> Deferred<T> deferLater(Clock clock, double delaySeconds, Callable<? extends T> fn) {
        Objects.requireNonNull(fn, "deferLater needs a function (or use deferLater(clock, delay)), got null");
        return later(clock, delaySeconds).addCallback(ignored -> fn.call());
    }

    /**
     * As {@link #deferLater(Clock, double, Callable)}, with the delay as a {@link Duration}.
     *
     * @param clock the clock to wait on
     * @param delay how long to wait, not negative
     * @param fn what to call then
     * @param <T> its result type
     * @return a cancellable Deferred of {@code fn}'s result
     */
    public static <T> Deferred<T> deferLater(Clock clock, Duration delay, Callable<? extends T> fn) {
        Objects.requireNonNull(delay, "deferLater needs a delay, got null");
        return deferLater(clock, Clock.toSeconds(delay), fn);
    }

    /**
     * A Deferred that fires with {@code null} {@code delaySeconds} from now (Twisted's
     * {@code deferLater(clock, delay)} without a callable). Cancellable as
     * {@link #deferLater(Clock, double, Callable)}.
     *
     * @param clock the clock to wait on
     * @param delaySeconds how long to wait, {@code >= 0}
     * @return a cancellable Deferred that fires with {@code null}
     * @throws IllegalArgumentException if the delay is negative or not a finite number
     */
    public static Deferred<Void> deferLater(Clock clock, double delaySeconds) {
        return later(clock, delaySeconds);
    }

    private static Deferred<Void> later(Clock clock, double delaySeconds) {
        Objects.requireNonNull(clock, "deferLater needs a clock, got null");
        Clock.checkDelay(delaySeconds, "deferLater delay");
        AtomicReference<DelayedCall> call = new AtomicReference<>();
        Deferred<Void> d = new Deferred<>(self -> {
            try {
                call.get().cancel();
            } catch (AlreadyCalled | AlreadyCancelled raced) {
                // The clock is firing it on another thread right now: whichever fires first wins.
            }
        });
        call.set(clock.callLater(delaySeconds, () -> {
            try {
                d.callback(null);
            } catch (AlreadyCalledError cancelledMeanwhile) {
                // cancel() won the race on another thread.
            }
        }));
        return d;
    }
}
