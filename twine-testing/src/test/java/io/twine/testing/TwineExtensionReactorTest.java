package io.twine.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import io.twine.defer.CancelledError;
import io.twine.reactor.Reactor;
import io.twine.reactor.ReactorNotRunning;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.testkit.engine.EngineExecutionResults;
import org.junit.platform.testkit.engine.EngineTestKit;
import org.junit.platform.testkit.engine.Event;

/**
 * The injected {@link Reactor}, proven by running the {@link ReactorFixtures} through JUnit's
 * EngineTestKit: injection, the end-of-test checks for delayed calls and pool work, the opt-out,
 * and the reactor being stopped after each test.
 */
class TwineExtensionReactorTest {

    /** Runs a fixture; {@code timeout} sets the reactor wait, or null for the default. */
    private static EngineExecutionResults run(Class<?> fixture, String timeout) {
        var kit = EngineTestKit.engine("junit-jupiter")
                .configurationParameter(OnlyInTestKit.PARAMETER, "true")
                .selectors(selectClass(fixture));
        if (timeout != null) {
            kit = kit.configurationParameter(TwineExtension.REACTOR_TIMEOUT_PARAMETER, timeout);
        }
        return kit.execute();
    }

    private static Throwable onlyFailure(Class<?> fixture, String timeout) {
        EngineExecutionResults results = run(fixture, timeout);
        results.testEvents().assertStatistics(s -> s.failed(1));
        return results.testEvents().failed().stream().map(TwineExtensionReactorTest::throwable).toList().get(0);
    }

    private static Throwable throwable(Event e) {
        return e.getRequiredPayload(TestExecutionResult.class).getThrowable().orElseThrow();
    }

    /** A stopped reactor refuses callFromThread: its run() has finished shutting down. */
    private static void assertStopped(Reactor reactor) {
        assertThat(reactor.isRunning()).isFalse();
        assertThatThrownBy(() -> reactor.callFromThread(() -> { })).isInstanceOf(ReactorNotRunning.class);
    }

    // ------------------------------------------------------------------------------------------
    // Injection

    @Test
    void injectsARunningReactorWhoseCallbacksRunOnItsOwnLoopThread() {
        ReactorFixtures.UsesTheReactor.SEEN.clear();
        ReactorFixtures.UsesTheReactor.LOOP_THREAD_SEEN.clear();

        run(ReactorFixtures.UsesTheReactor.class, null).testEvents().assertStatistics(s -> s.succeeded(2).failed(0));

        assertThat(ReactorFixtures.UsesTheReactor.LOOP_THREAD_SEEN).containsExactly(true);
    }

    @Test
    void injectsOneReactorPerTestSharedWithItsLifecycleMethods() {
        ReactorFixtures.UsesTheReactor.SEEN.clear();

        run(ReactorFixtures.UsesTheReactor.class, null);

        List<Reactor> seen = ReactorFixtures.UsesTheReactor.SEEN;
        assertThat(seen).hasSize(4);
        assertThat(seen.get(0)).isSameAs(seen.get(1));
        assertThat(seen.get(2)).isSameAs(seen.get(3));
        assertThat(seen.get(0)).isNotSameAs(seen.get(2));
    }

    @Test
    void stopsTheReactorAfterEachTest() {
        ReactorFixtures.UsesTheReactor.SEEN.clear();

        run(ReactorFixtures.UsesTheReactor.class, null);

        assertThat(ReactorFixtures.UsesTheReactor.SEEN).isNotEmpty().allSatisfy(TwineExtensionReactorTest::assertStopped);
    }

    @Test
    void aReactorInjectedIntoBeforeAllLivesUntilTheClassEndsAndIsCheckedThen() {
        EngineExecutionResults results = run(ReactorFixtures.SchedulesInBeforeAll.class, null);

        results.testEvents().assertStatistics(s -> s.succeeded(1).failed(0));
        assertThat(results.containerEvents().failed().stream().map(TwineExtensionReactorTest::throwable).toList())
                .singleElement()
                .satisfies(t -> assertThat(t.getMessage())
                        .startsWith("Twine: the test class (its @BeforeAll/@AfterAll methods, or between its tests) left")
                        .contains("The injected Reactor (now at "));
        assertThat(ReactorFixtures.SchedulesInBeforeAll.testReactor).isNotSameAs(ReactorFixtures.SchedulesInBeforeAll.classReactor);
        assertStopped(ReactorFixtures.SchedulesInBeforeAll.classReactor);
    }

    @Test
    void aTestMayStopTheReactorItself() {
        run(ReactorFixtures.StopsTheReactorItself.class, null).testEvents().assertStatistics(s -> s.succeeded(1).failed(0));
    }

    // ------------------------------------------------------------------------------------------
    // Leftovers

    @Test
    void failsATestThatLeavesADelayedCallPendingAndCancelsIt() {
        Throwable t = onlyFailure(ReactorFixtures.LeavesADelayedCall.class, null);

        assertThat(t).isInstanceOf(AssertionError.class);
        assertThat(t.getMessage())
                .startsWith("Twine: the test left this behind:\n\nThe injected Reactor (now at ")
                .contains("s) still has 1 delayed call pending:\n  due at ")
                .contains(": DelayedCall[")
                .contains("mark the test @AllowPendingCalls");
        assertThat(ReactorFixtures.LeavesADelayedCall.call.cancelled()).isTrue();
    }

    @Test
    void failsATestThatLeavesPoolWorkListingItAndGivesItUp() throws InterruptedException {
        Throwable t = onlyFailure(ReactorFixtures.LeavesPoolWork.class, null);

        assertThat(t.getMessage())
                .startsWith("Twine: the test left this behind:\n\n"
                        + "The injected Reactor's thread pool still has 2 unfinished tasks (deferToThread/callInThread):\n"
                        + "  callInThread(the blocked callInThread): running\n"
                        + "  deferToThread(")
                .contains("mark the test @AllowPendingCalls")
                .as("the CancelledError of the given-up Deferred is the extension's doing, not reported")
                .doesNotContain("CancelledError");
        assertThat(ReactorFixtures.LeavesPoolWork.running.wasInterrupted()).as("worker interrupted").isTrue();
        assertThat(ReactorFixtures.LeavesPoolWork.other.wasInterrupted()).as("worker interrupted").isTrue();
        assertThat(ReactorFixtures.LeavesPoolWork.deferred.result())
                .isInstanceOfSatisfying(io.twine.defer.Failure.class, f -> assertThat(f.value()).isInstanceOf(CancelledError.class));
    }

    @Test
    void allowPendingCallsLetsTheTestPassAndStillCleansUp() throws InterruptedException {
        run(ReactorFixtures.AllowsLeftoversOnPurpose.class, null).testEvents().assertStatistics(s -> s.succeeded(1).failed(0));

        assertThat(ReactorFixtures.AllowsLeftoversOnPurpose.call.cancelled()).isTrue();
        assertThat(ReactorFixtures.AllowsLeftoversOnPurpose.work.wasInterrupted()).isTrue();
        assertThat(ReactorFixtures.AllowsLeftoversOnPurpose.deferred.result())
                .isInstanceOfSatisfying(io.twine.defer.Failure.class, f -> assertThat(f.value()).isInstanceOf(CancelledError.class));
    }

    @Test
    void poolWorkThatSignalledTheTestJustBeforeReturningIsNotLeftBehind() {
        run(ReactorFixtures.PoolWorkSignalsBeforeItReturns.class, null).testEvents()
                .assertStatistics(s -> s.succeeded(1).failed(0));
    }

    @Test
    void anErrorLostByPoolWorkNobodyWaitedForFailsTheTest() {
        assertThat(onlyFailure(ReactorFixtures.LosesAnErrorFromThePool.class, null).getMessage())
                .contains("Unhandled error in Deferred")
                .contains("java.io.IOException: nobody waited for this");
    }

    @Test
    void aReactorWhoseLoopIsBlockedFailsTheTestWithTheLoopThreadsStack() {
        try {
            Throwable t = onlyFailure(ReactorFixtures.BlocksTheLoop.class, "0.3");

            assertThat(t.getMessage())
                    .startsWith("Twine: the test left this behind:\n\n"
                            + "The injected Reactor did not take the end-of-test check within 300 ms: its loop thread \""
                            + "twine-test-reactor[blocks(Reactor)]\" is busy at:\n")
                    .contains("ReactorFixtures$BlocksTheLoop.lambda$blocks$")
                    .contains("run blocking work with deferToThread")
                    .contains(TwineExtension.REACTOR_TIMEOUT_PARAMETER);
            assertThat(ReactorFixtures.BlocksTheLoop.reactor.isRunning()).as("asked to stop all the same").isFalse();
        } finally {
            // Released, the loop runs the queued check and stops, as the extension asked it to.
            ReactorFixtures.BlocksTheLoop.RELEASE.countDown();
        }
    }

    // ------------------------------------------------------------------------------------------
    // Errors the reactor logged

    @Test
    void anExceptionEscapingALoopCallbackFailsTheTest() {
        EngineExecutionResults results = run(ReactorFixtures.ThrowsInCallbacks.class, null);

        results.testEvents().assertStatistics(s -> s.failed(2));
        List<Throwable> failures = results.testEvents().failed().stream().map(TwineExtensionReactorTest::throwable).toList();
        assertThat(failures).anySatisfy(t -> {
            assertThat(t.getMessage())
                    .startsWith("Twine: the test left this behind:\n\n"
                            + "The injected Reactor logged an error and went on: Unhandled exception in reactor callback ")
                    .contains("java.lang.IllegalStateException: checked on the loop, and wrong\n")
                    .contains("at io.twine.testing.ReactorFixtures$ThrowsInCallbacks.lambda$onTheLoopThread$")
                    .contains("or mark the test @AllowUnhandledErrors(IllegalStateException.class)");
            assertThat(t.getCause()).isInstanceOf(IllegalStateException.class);
        });
        assertThat(failures).anySatisfy(t -> assertThat(t.getMessage())
                .contains("The injected Reactor logged an error and went on: callInThread task ")
                .contains("java.lang.IllegalArgumentException: thrown on the pool"));
    }

    @Test
    void allowUnhandledErrorsAllowsALoggedCallbackErrorOfThatType() {
        run(ReactorFixtures.AllowsACallbackError.class, null).testEvents().assertStatistics(s -> s.succeeded(1).failed(0));
    }

    // ------------------------------------------------------------------------------------------
    // The timeout parameter

    @Test
    void theTimeoutParameterTakesSecondsOrAnIsoDuration() {
        assertThat(ReactorResource.parseTimeout("0.5")).isEqualTo(Duration.ofMillis(500));
        assertThat(ReactorResource.parseTimeout(" PT2S ")).isEqualTo(Duration.ofSeconds(2));
    }

    @Test
    void aBadTimeoutParameterIsRejectedNamingTheParameter() {
        assertThatThrownBy(() -> ReactorResource.parseTimeout("soon"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(TwineExtension.REACTOR_TIMEOUT_PARAMETER).hasMessageContaining("\"soon\"");
        assertThatThrownBy(() -> ReactorResource.parseTimeout("-1"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("must not be negative");
        assertThatThrownBy(() -> ReactorResource.parseTimeout("NaN")).isInstanceOf(IllegalArgumentException.class);
    }
}
