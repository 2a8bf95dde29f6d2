package io.twine.testing.example;

import static io.twine.testing.DeferredAssertions.assertNoResult;
import static io.twine.testing.DeferredAssertions.assertThat;
import static io.twine.testing.DeferredAssertions.failureResultOf;
import static io.twine.testing.DeferredAssertions.successResultOf;
import static org.assertj.core.api.Assertions.assertThat;

import io.twine.defer.CancelledError;
import io.twine.defer.Deferred;
import io.twine.defer.TimeoutError;
import io.twine.task.Clock;
import io.twine.task.DelayedCall;
import io.twine.task.ManualClock;
import io.twine.testing.TwineTest;
import org.junit.jupiter.api.Test;

/** The complete example of twine-testing/README.md, compiled and run so that it stays true. */
@TwineTest
class GreeterTest {

    /** The code under test: greets two seconds from now; cancelling it stops the timer. */
    static Deferred<String> greetLater(Clock clock, String name) {
        DelayedCall[] timer = new DelayedCall[1];
        Deferred<String> greeting = new Deferred<>(d -> timer[0].cancel());
        timer[0] = clock.callLater(2, () -> greeting.callback("Hello, " + name));
        return greeting;
    }

    @Test
    void greetsAfterTwoSeconds(ManualClock clock) {
        Deferred<String> greeting = greetLater(clock, "Ada");

        assertNoResult(greeting);
        clock.advance(2);

        assertThat(successResultOf(greeting)).isEqualTo("Hello, Ada");
    }

    @Test
    void givesUpAfterTheTimeout(ManualClock clock) {
        Deferred<String> greeting = greetLater(clock, "Ada").addTimeout(1, clock);

        clock.advance(1);

        assertThat(greeting).failsWith(TimeoutError.class);
    }

    @Test
    void cancellingStopsTheTimer(ManualClock clock) {
        Deferred<String> greeting = greetLater(clock, "Ada");

        greeting.cancel();

        failureResultOf(greeting, CancelledError.class);
        // Nothing else to check: had the timer stayed pending, or the CancelledError gone
        // unhandled, @TwineTest would fail this test.
    }
}
