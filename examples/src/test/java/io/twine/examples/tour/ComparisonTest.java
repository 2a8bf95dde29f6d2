package io.twine.examples.tour;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.twine.defer.Deferred;
import io.twine.task.Clock;
import java.io.IOException;
import java.util.List;
import java.util.function.BiFunction;
import org.junit.jupiter.api.Test;

/** The harness that runs both versions of a section catches the ways a section can be wrong. */
class ComparisonTest {

    /** A minimal section; its Deferred version is whatever {@code async} makes. */
    private static TourSection section(BiFunction<Clock, Outcome, Deferred<?>> async) {
        return new TourSection() {
            @Override
            public String title() {
                return "fake";
            }

            @Override
            public String explanation() {
                return "a section made up by the test";
            }

            @Override
            public String synchronousCode() {
                return "step();";
            }

            @Override
            public String deferredCode() {
                return "return step();";
            }

            @Override
            public List<String> steps() {
                return List.of("step");
            }

            @Override
            public void runSynchronously(Scenario input, Outcome out) throws IOException {
                out.say("step() done");
                if (input.fails("step")) {
                    throw new IOException("boom");
                }
            }

            @Override
            public Deferred<?> runWithDeferreds(Scenario input, Clock clock, Outcome out) {
                return async.apply(clock, out);
            }
        };
    }

    /** A section whose versions say different things is reported as disagreeing. */
    @Test
    void differentLinesMeanTheVersionsDisagree() {
        TourSection s = section((clock, out) -> Later.deferLater(clock, () -> {
            out.say("something else");
            return null;
        }));

        Comparison c = Comparison.of(s, Scenario.allSucceed());

        assertThat(c.agree()).isFalse();
        assertThat(c.synchronous()).containsExactly("step() done", "caller: done, no error");
        assertThat(c.withDeferreds()).containsExactly("something else", "caller: done, no error");
    }

    /** An error escaping the synchronous version and a failed Deferred are told the same way. */
    @Test
    void escapedErrorAndFailedDeferredReadTheSame() {
        TourSection s = section((clock, out) -> Later.deferLater(clock, () -> {
            out.say("step() done");
            throw new IOException("boom");
        }));

        Comparison c = Comparison.of(s, Scenario.failing("step"));

        assertThat(c.agree()).isTrue();
        assertThat(c.withDeferreds()).last().isEqualTo("caller: error escaped: IOException: boom");
        assertThat(c.firedAt()).isEqualTo(1.0);
    }

    /** A Deferred that has already fired when returned is flagged as not asynchronous. */
    @Test
    void alreadyFiredDeferredIsNotQuietUntilTheClockMoves() {
        TourSection s = section((clock, out) -> {
            out.say("step() done");
            return Deferred.succeed("now");
        });

        Comparison c = Comparison.of(s, Scenario.allSucceed());

        assertThat(c.agree()).isTrue();
        assertThat(c.quietUntilClockMoved()).isFalse();
        assertThat(c.firedAt()).isZero();
    }

    /** A Deferred that nothing will ever fire is a broken section, reported by name. */
    @Test
    void deferredThatNeverFiresIsReported() {
        TourSection s = section((clock, out) -> new Deferred<>());

        assertThatThrownBy(() -> Comparison.of(s, Scenario.allSucceed()))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("fake")
                .hasMessageContaining("never finished");
    }

    /** A section that returns null instead of a Deferred is reported by name. */
    @Test
    void nullDeferredIsReported() {
        TourSection s = section((clock, out) -> null);

        assertThatThrownBy(() -> Comparison.of(s, Scenario.allSucceed()))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("fake: runWithDeferreds returned null");
    }

    /** The clock is advanced step by step, through work scheduled by earlier steps. */
    @Test
    void clockIsAdvancedThroughEveryScheduledStep() {
        TourSection s = section((clock, out) -> Later.deferLater(clock, () -> "first")
                .addCallbackDeferred(v -> Later.deferLater(clock, () -> {
                    out.say("step() done");
                    return v;
                })));

        Comparison c = Comparison.of(s, Scenario.allSucceed());

        assertThat(c.agree()).isTrue();
        assertThat(c.deferredTimes()).containsExactly(2.0, 2.0);
        assertThat(c.firedAt()).isEqualTo(2.0);
    }
}
