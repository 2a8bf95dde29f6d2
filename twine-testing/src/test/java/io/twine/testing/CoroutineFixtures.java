package io.twine.testing;

import static io.twine.defer.Coroutines.await;
import static io.twine.testing.DeferredAssertions.failureResultOf;
import static io.twine.testing.DeferredAssertions.successResultOf;
import static org.assertj.core.api.Assertions.assertThat;

import io.twine.defer.CancelledError;
import io.twine.defer.Deferred;
import io.twine.reactor.Reactor;
import io.twine.task.ManualClock;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Test classes with coroutines that {@link TwineExtensionCoroutineTest} runs through
 * EngineTestKit. Several fail on purpose; {@link OnlyInTestKit} keeps them from running on their
 * own. State the outer test inspects is static.
 */
final class CoroutineFixtures {
    private CoroutineFixtures() {
    }

    /** A coroutine that awaits {@code d} and returns its value. */
    static Deferred<Object> awaiting(Deferred<?> d) {
        return Deferred.fromCoroutine(() -> await(d));
    }

    @TwineTest
    @ExtendWith(OnlyInTestKit.class)
    static class LeavesACoroutineSuspended {
        static volatile Deferred<String> awaited;

        @Test
        void leaks() {
            awaited = new Deferred<>();
            awaiting(awaited);
        }
    }

    @TwineTest
    @ExtendWith(OnlyInTestKit.class)
    static class LeavesTwoCoroutinesSuspended {
        @Test
        void leaksTwo() {
            awaiting(new Deferred<String>());
            awaiting(new Deferred<Integer>());
        }
    }

    @TwineTest
    @ExtendWith(OnlyInTestKit.class)
    static class CompletesItsCoroutines {
        @Test
        void firesWhatItAwaits() {
            Deferred<String> d = new Deferred<>();
            Deferred<Object> c = awaiting(d);
            d.callback("done");
            assertThat(successResultOf(c)).isEqualTo("done");
        }

        @Test
        void cancelsIt() {
            Deferred<Object> c = awaiting(new Deferred<String>());
            c.cancel();
            failureResultOf(c, CancelledError.class);
        }

        @Test
        void advancesTheClockItWaitsOn(ManualClock clock) {
            Deferred<String> later = new Deferred<>();
            clock.callLater(5, () -> later.callback("later"));
            Deferred<Object> c = awaiting(later);
            clock.advance(5);
            assertThat(successResultOf(c)).isEqualTo("later");
        }
    }

    @TwineTest
    @ExtendWith(OnlyInTestKit.class)
    static class AllowsOnTheMethod {
        @Test
        @AllowSuspendedCoroutines
        void leavesOneOnPurpose() {
            awaiting(new Deferred<String>());
        }

        @Test
        void leavesOneWithoutPermission() {
            awaiting(new Deferred<String>());
        }
    }

    @TwineTest
    @AllowSuspendedCoroutines
    @ExtendWith(OnlyInTestKit.class)
    static class AllowsOnTheClass {
        @Test
        void leaves() {
            awaiting(new Deferred<String>());
        }

        @Nested
        class Inner {
            @Test
            void leavesToo() {
                awaiting(new Deferred<String>());
            }
        }
    }

    @TwineTest
    @ExtendWith(OnlyInTestKit.class)
    static class LeavesOneInBeforeAll {
        @BeforeAll
        static void leaks() {
            awaiting(new Deferred<String>());
        }

        @Test
        void clean() {
        }
    }

    /** The coroutine awaits pool work; stopping the reactor gives the work up, which resumes it. */
    @TwineTest
    @ExtendWith(OnlyInTestKit.class)
    static class AwaitsWorkTheReactorGivesUp {
        static volatile Deferred<Object> coroutine;

        @Test
        @AllowPendingCalls
        void leavesWorkRunning(Reactor reactor) throws InterruptedException {
            ReactorFixtures.Blocker b = new ReactorFixtures.Blocker("work a coroutine awaits");
            Deferred<Object> work = reactor.deferToThread(() -> {
                b.run();
                return null;
            });
            b.awaitStart();
            coroutine = Deferred.fromCoroutine(() -> {
                try {
                    return await(work);
                } catch (CancelledError e) {
                    return "given up";
                }
            });
        }
    }
}
