package io.twine.examples.tour;

import static org.assertj.core.api.Assertions.assertThat;

import io.twine.defer.Deferred;
import io.twine.task.ManualClock;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The Deferred versions are really asynchronous: they return unfired Deferreds, and their steps
 * happen only as the {@link ManualClock} moves.
 */
class DeferredVersionsAreAsynchronousTest {

    /** Nothing happens, and the Deferred has not fired, until the clock is advanced. */
    @ParameterizedTest(name = "{0}: {1}")
    @MethodSource("io.twine.examples.tour.Sections#everyWithEveryInput")
    void deferredIsUnfiredAndSilentUntilTheClockAdvances(TourSection section, Scenario input) {
        ManualClock clock = new ManualClock();
        Outcome out = new Outcome(clock::seconds);

        Deferred<?> d = section.runWithDeferreds(input, clock, out);

        assertThat(d.called()).as("fired before the clock moved").isFalse();
        assertThat(out.lines()).as("steps done before the clock moved").isEmpty();
        assertThat(clock.getDelayedCalls()).as("work scheduled on the clock").isNotEmpty();
    }

    /** Advancing the clock far enough fires the Deferred that was unfired before. */
    @ParameterizedTest(name = "{0}: {1}")
    @MethodSource("io.twine.examples.tour.Sections#everyWithEveryInput")
    void advancingTheClockFiresTheDeferred(TourSection section, Scenario input) {
        ManualClock clock = new ManualClock();
        Outcome out = new Outcome(clock::seconds);
        Deferred<?> d = section.runWithDeferreds(input, clock, out);
        d.addErrback(failure -> null); // consume an expected failure: this test is about firing

        for (int i = 0; i < 10 && !(d.called() && d.paused() == 0); i++) {
            clock.advance(Later.STEP_SECONDS);
        }

        assertThat(d.called()).isTrue();
        assertThat(d.paused()).as("still waiting on an inner Deferred").isZero();
        assertThat(clock.getDelayedCalls()).isEmpty();
    }

    /** Every line a step says is said at a clock time after 0, that is, from a scheduled call. */
    @ParameterizedTest(name = "{0}: {1}")
    @MethodSource("io.twine.examples.tour.Sections#everyWithEveryInput")
    void everyStepHappensAfterTheClockMoved(TourSection section, Scenario input) {
        Comparison c = Comparison.of(section, input);

        assertThat(c.quietUntilClockMoved()).isTrue();
        assertThat(c.deferredTimes()).allSatisfy(t -> assertThat(t).isGreaterThanOrEqualTo(Later.STEP_SECONDS));
        assertThat(c.firedAt()).isGreaterThanOrEqualTo(Later.STEP_SECONDS);
    }
}
