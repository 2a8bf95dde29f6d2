package io.twine.examples.tour;

import io.twine.defer.Deferred;
import io.twine.defer.Failure;
import io.twine.task.DelayedCall;
import io.twine.task.ManualClock;
import java.util.List;
import java.util.Objects;
import java.util.function.BooleanSupplier;

/**
 * Runs both versions of a {@link TourSection} on one {@link Scenario} and keeps what each did:
 * the evidence the tour prints and the tests check.
 *
 * <p>The synchronous version runs first; an exception escaping it is recorded as the caller's
 * last line. The Deferred version then gets a fresh {@link ManualClock} at time 0. Before the
 * clock moves, the comparison notes whether anything happened already (nothing should: the steps
 * are asynchronous); then it advances the clock to each next scheduled call in turn until the
 * Deferred has fired, and records how it fired in the same words. Everything runs on the calling
 * thread. Immutable once made.
 */
public final class Comparison {
    /** A guard against a section that keeps scheduling work forever. */
    private static final int MAX_CLOCK_STEPS = 10_000;

    private final TourSection section;
    private final Scenario input;
    private final List<String> synchronous;
    private final List<String> withDeferreds;
    private final List<Double> deferredTimes;
    private final boolean quietUntilClockMoved;
    private final double firedAt;

    private Comparison(TourSection section, Scenario input, List<String> synchronous, Outcome async,
                       boolean quietUntilClockMoved, double firedAt) {
        this.section = section;
        this.input = input;
        this.synchronous = synchronous;
        this.withDeferreds = async.lines();
        this.deferredTimes = async.times();
        this.quietUntilClockMoved = quietUntilClockMoved;
        this.firedAt = firedAt;
    }

    /**
     * Runs both versions of {@code section} on {@code input}.
     *
     * @param section the section
     * @param input which steps fail
     * @return what both versions did
     * @throws IllegalStateException if the Deferred version returns {@code null}, or its Deferred
     *         never fires although the clock has nothing left to run (a broken section)
     */
    public static Comparison of(TourSection section, Scenario input) {
        Objects.requireNonNull(section, "section");
        Objects.requireNonNull(input, "input");
        List<String> sync = runSynchronously(section, input);

        ManualClock clock = new ManualClock();
        Outcome async = new Outcome(clock::seconds);
        Deferred<?> d = section.runWithDeferreds(input, clock, async);
        if (d == null) {
            throw new IllegalStateException(section.title() + ": runWithDeferreds returned null");
        }
        boolean quiet = !d.called() && async.lines().isEmpty();
        double[] firedAt = {Double.NaN};
        d.addCallbacks(value -> {
            firedAt[0] = clock.seconds();
            async.say(finishedNormally());
            return null;
        }, failure -> {
            firedAt[0] = clock.seconds();
            async.say(errorEscaped(failure.value()));
            return null; // the tour consumes the failure: it is reported, not unhandled
        });
        runClockUntil(section, clock, () -> !Double.isNaN(firedAt[0]));
        return new Comparison(section, input, sync, async, quiet, firedAt[0]);
    }

    private static List<String> runSynchronously(TourSection section, Scenario input) {
        Outcome out = new Outcome();
        try {
            section.runSynchronously(input, out);
            out.say(finishedNormally());
        } catch (Exception e) {
            out.say(errorEscaped(e instanceof Failure f ? f.value() : e));
        }
        return out.lines();
    }

    private static void runClockUntil(TourSection section, ManualClock clock, BooleanSupplier finished) {
        for (int i = 0; !finished.getAsBoolean(); i++) {
            List<DelayedCall> pending = clock.getDelayedCalls();
            if (pending.isEmpty()) {
                throw new IllegalStateException(section.title() + ": the Deferred never finished its chain, and nothing is left"
                        + " on the clock to fire it");
            }
            if (i == MAX_CLOCK_STEPS) {
                throw new IllegalStateException(section.title() + ": still not finished after " + i + " clock steps");
            }
            clock.advance(Math.max(0.0, pending.get(0).getTime() - clock.seconds()));
        }
    }

    /** The caller's last line when the code completes. */
    static String finishedNormally() {
        return "caller: done, no error";
    }

    /** The caller's last line when an error escapes the code. */
    static String errorEscaped(Throwable error) {
        return "caller: error escaped: " + Outcome.describe(error);
    }

    /**
     * The section that was run.
     *
     * @return the section
     */
    public TourSection section() {
        return section;
    }

    /**
     * The input both versions ran on.
     *
     * @return the scenario
     */
    public Scenario input() {
        return input;
    }

    /**
     * The synchronous version's outcome lines, ending with how the caller saw it finish.
     *
     * @return the lines
     */
    public List<String> synchronous() {
        return synchronous;
    }

    /**
     * The Deferred version's outcome lines, ending with how the caller saw its Deferred fire.
     *
     * @return the lines
     */
    public List<String> withDeferreds() {
        return withDeferreds;
    }

    /**
     * The clock time at which each line of {@link #withDeferreds()} was said.
     *
     * @return the times, parallel to the lines
     */
    public List<Double> deferredTimes() {
        return deferredTimes;
    }

    /**
     * Whether the Deferred version had done nothing observable, and its Deferred had not fired,
     * when {@code runWithDeferreds} returned and before the clock first moved.
     *
     * @return {@code true} for a really asynchronous section
     */
    public boolean quietUntilClockMoved() {
        return quietUntilClockMoved;
    }

    /**
     * The clock time at which the Deferred fired.
     *
     * @return seconds on the section's clock
     */
    public double firedAt() {
        return firedAt;
    }

    /**
     * Whether both versions produced the same outcome lines.
     *
     * @return {@code true} when they agree
     */
    public boolean agree() {
        return synchronous.equals(withDeferreds);
    }
}
