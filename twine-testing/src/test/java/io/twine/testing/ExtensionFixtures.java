package io.twine.testing;

import static io.twine.testing.DeferredAssertions.failureResultOf;
import static org.assertj.core.api.Assertions.assertThat;

import io.twine.defer.Deferred;
import io.twine.defer.Failure;
import io.twine.defer.TimeoutError;
import io.twine.defer.UnhandledError;
import io.twine.defer.UnhandledErrorRecording;
import io.twine.defer.UnhandledErrors;
import io.twine.task.DelayedCall;
import io.twine.task.ManualClock;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Test classes that {@link TwineExtensionTest} runs through EngineTestKit and whose outcome it
 * checks. Many fail on purpose; {@link OnlyInTestKit} keeps them from running on their own.
 */
final class ExtensionFixtures {
    private ExtensionFixtures() {
    }

    @TwineTest
    @ExtendWith(OnlyInTestKit.class)
    static class LeavesAnErrorUnhandled {
        @Test
        void leaks() {
            Deferred.fail(new IOException("left behind on purpose"));
        }
    }

    @TwineTest
    @ExtendWith(OnlyInTestKit.class)
    static class HandlesItsErrors {
        @Test
        void handlesWithAnErrback() {
            Deferred.fail(new IOException("handled")).addErrback(f -> null);
        }

        @Test
        void assertsOnTheFailure() {
            failureResultOf(Deferred.fail(new IOException("asserted")), IOException.class);
        }

        @Test
        void timesOutOnTheClock(ManualClock clock) {
            Deferred<String> d = new Deferred<>();
            d.addTimeout(10, clock);
            clock.advance(10);
            failureResultOf(d, TimeoutError.class);
        }
    }

    @TwineTest
    @ExtendWith(OnlyInTestKit.class)
    static class HandlesInAfterEach {
        private Deferred<String> d;

        @Test
        void leavesItForLater() {
            d = Deferred.fail(new IOException("handled in @AfterEach"));
        }

        @AfterEach
        void handle() {
            d.addErrback(f -> null);
        }
    }

    @TwineTest
    @ExtendWith(OnlyInTestKit.class)
    static class LeaksAndFailsAnAssertion {
        @Test
        void both() {
            Deferred.fail(new IOException("leaked too"));
            throw new AssertionError("the test's own failure");
        }
    }

    @TwineTest
    @ExtendWith(OnlyInTestKit.class)
    static class LeaksOnAnotherThread {
        @Test
        void leaks() throws InterruptedException {
            Thread t = new Thread(() -> Deferred.fail(new IOException("lost on another thread")));
            t.start();
            t.join();
        }
    }

    @TwineTest
    @ExtendWith(OnlyInTestKit.class)
    static class GarbageCollectorReports {
        @Test
        void reportArrivesDuringTheTest() {
            boolean logging = UnhandledErrors.isLogging();
            UnhandledErrors.setLogging(false);
            try {
                UnhandledErrors.report(new UnhandledError(new Failure(new IOException("found by the collector")),
                        "Deferred@1234", null, null));
            } finally {
                UnhandledErrors.setLogging(logging);
            }
        }
    }

    @TwineTest
    @ExtendWith(OnlyInTestKit.class)
    static class AllowsIOExceptions {
        @Test
        @AllowUnhandledErrors(IOException.class)
        void leaksAnAllowedSubclass() {
            Deferred.fail(new FileNotFoundException("allowed"));
        }

        @Test
        @AllowUnhandledErrors(IOException.class)
        void leaksAnotherType() {
            Deferred.fail(new IllegalStateException("not allowed"));
        }
    }

    @TwineTest
    @AllowUnhandledErrors
    @ExtendWith(OnlyInTestKit.class)
    static class AllowsEverything {
        @Test
        void leaks() {
            Deferred.fail(new IllegalStateException("allowed by the class"));
        }

        @Nested
        class Inner {
            @Test
            void leaks() {
                Deferred.fail(new IOException("allowed by the enclosing class"));
            }
        }
    }

    @TwineTest
    @ExtendWith(OnlyInTestKit.class)
    static class FlushesItsRecording {
        @Test
        void flushes(UnhandledErrorRecording recording) {
            Deferred.fail(new IOException("expected to be lost"));

            assertThat(recording.flush()).singleElement()
                    .satisfies(e -> assertThat(e.failure().value()).hasMessage("expected to be lost"));
        }
    }

    @TwineTest
    @ExtendWith(OnlyInTestKit.class)
    static class LeaksInBeforeAll {
        @BeforeAll
        static void setUp() {
            Deferred.fail(new IOException("lost in @BeforeAll"));
        }

        @Test
        void clean() {
        }
    }

    @TwineTest(debug = true)
    @ExtendWith(OnlyInTestKit.class)
    static class LeaksInDebugMode {
        @Test
        void leaks() {
            Deferred<String> d = new Deferred<>();
            d.errback(new IOException("created in debug mode"));
        }
    }

    @TwineTest
    @ExtendWith(OnlyInTestKit.class)
    static class SharesOneClockPerTest {
        static final List<ManualClock> SEEN = new CopyOnWriteArrayList<>();

        @BeforeEach
        void before(ManualClock clock) {
            SEEN.add(clock);
        }

        @Test
        void first(ManualClock clock) {
            SEEN.add(clock);
            assertThat(clock.seconds()).isZero();
            clock.advance(5);
        }

        @Test
        void second(ManualClock clock) {
            SEEN.add(clock);
            assertThat(clock.seconds()).isZero();
            clock.advance(5);
        }
    }

    @TwineTest
    @ExtendWith(OnlyInTestKit.class)
    static class InjectsTheConstructor {
        private final ManualClock fromConstructor;

        InjectsTheConstructor(ManualClock clock) {
            fromConstructor = clock;
        }

        @Test
        void sameClockAsTheTest(ManualClock clock) {
            assertThat(clock).isSameAs(fromConstructor);
        }
    }

    @TwineTest
    @ExtendWith(OnlyInTestKit.class)
    static class LeavesACallPending {
        static volatile DelayedCall call;

        @Test
        void leaves(ManualClock clock) {
            clock.advance(1);
            call = clock.callLater(5, () -> { });
        }
    }

    @TwineTest
    @ExtendWith(OnlyInTestKit.class)
    static class AllowsPendingCallsOnPurpose {
        static volatile DelayedCall call;

        @Test
        @AllowPendingCalls
        void leaves(ManualClock clock) {
            call = clock.callLater(5, () -> { });
        }
    }

    @TwineTest
    @ExtendWith(OnlyInTestKit.class)
    static class LeavesTwoProblems {
        @Test
        void leaves(ManualClock clock) {
            clock.callLater(1, () -> { });
            Deferred.fail(new IOException("and an error"));
        }
    }

    @TwineTest
    @TestInstance(TestInstance.Lifecycle.PER_CLASS)
    @ExtendWith(OnlyInTestKit.class)
    static class SharesAClassClockPerClass {
        private final ManualClock clock;

        SharesAClassClockPerClass(ManualClock clock) {
            this.clock = clock;
        }

        @Test
        void schedulesAndLeavesIt() {
            clock.callLater(3, () -> { });
        }

        @Test
        void aTestParameterGetsTheTestsOwnClock(ManualClock perTest) {
            assertThat(perTest).isNotSameAs(clock);
        }
    }
}
