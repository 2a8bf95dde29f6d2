package io.twine.task;

import java.time.Duration;

/**
 * A source of time that can run code later: Twisted's {@code IReactorTime}.
 *
 * <p>Code written against {@code Clock} runs unchanged on a {@link ManualClock} in tests and on an
 * event loop in production. Times are seconds as {@code double}, as in Twisted; the
 * {@link Duration} overload is a convenience.
 *
 * <p>Implementations state on which thread scheduled calls run; {@link ManualClock} runs them on
 * the thread that calls {@link ManualClock#advance}.
 */
public interface Clock {
    /**
     * The current time.
     *
     * @return seconds since this clock's epoch
     */
    double seconds();

    /**
     * Runs {@code f} once, {@code delaySeconds} from now.
     *
     * @param delaySeconds how long to wait, {@code >= 0}
     * @param f what to run
     * @return a handle that can cancel, delay or reset the call
     * @throws IllegalArgumentException if the delay is negative or not a number
     */
    DelayedCall callLater(double delaySeconds, Runnable f);

    /**
     * Runs {@code f} once, after {@code delay}.
     *
     * @param delay how long to wait, not negative
     * @param f what to run
     * @return a handle that can cancel, delay or reset the call
     * @throws IllegalArgumentException if the delay is negative
     */
    default DelayedCall callLater(Duration delay, Runnable f) {
        return callLater(toSeconds(delay), f);
    }

    /**
     * Converts a duration to this API's seconds.
     *
     * @param d a duration
     * @return seconds, with nanosecond precision as far as a double holds it
     */
    static double toSeconds(Duration d) {
        return d.getSeconds() + d.getNano() / 1e9;
    }

    /**
     * Checks a delay argument.
     *
     * @param seconds the delay
     * @param what the parameter's name for the message
     * @return {@code seconds}
     * @throws IllegalArgumentException if it is negative, infinite or not a number
     */
    static double checkDelay(double seconds, String what) {
        if (!(seconds >= 0) || Double.isInfinite(seconds)) {
            throw new IllegalArgumentException(what + " must be a finite number >= 0, got " + seconds);
        }
        return seconds;
    }
}
