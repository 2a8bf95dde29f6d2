package io.twine.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import io.twine.defer.Deferred;
import java.io.IOException;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.testkit.engine.EngineExecutionResults;
import org.junit.platform.testkit.engine.EngineTestKit;
import org.junit.platform.testkit.engine.Event;

/**
 * {@link TwineExtension}, proven by running the {@link ExtensionFixtures} through JUnit's
 * EngineTestKit and looking at what passed and what failed, with which message.
 */
class TwineExtensionTest {

    private static EngineExecutionResults run(Class<?> fixture) {
        return EngineTestKit.engine("junit-jupiter")
                .configurationParameter(OnlyInTestKit.PARAMETER, "true")
                .selectors(selectClass(fixture))
                .execute();
    }

    private static List<Throwable> failures(EngineExecutionResults results) {
        return results.testEvents().failed().stream().map(TwineExtensionTest::throwable).toList();
    }

    private static Throwable throwable(Event e) {
        return e.getRequiredPayload(TestExecutionResult.class).getThrowable().orElseThrow();
    }

    private static Throwable onlyFailure(Class<?> fixture) {
        EngineExecutionResults results = run(fixture);
        results.testEvents().assertStatistics(s -> s.failed(1));
        return failures(results).get(0);
    }

    // ------------------------------------------------------------------------------------------
    // Unhandled errors

    @Test
    void failsATestThatLeavesAnErrorUnhandled() {
        Throwable t = onlyFailure(ExtensionFixtures.LeavesAnErrorUnhandled.class);

        assertThat(t).isInstanceOf(AssertionError.class);
        assertThat(t.getMessage())
                .startsWith("Twine: the test left this behind:\n\nUnhandled error in Deferred (Deferred@")
                .contains("java.io.IOException: left behind on purpose\n")
                .contains("at io.twine.testing.ExtensionFixtures$LeavesAnErrorUnhandled.leaks(")
                .contains("or mark the test @AllowUnhandledErrors(IOException.class)")
                .contains("test-framework frames omitted")
                .doesNotContain("at org.junit.");
        assertThat(t.getCause()).isInstanceOf(IOException.class).hasMessage("left behind on purpose");
    }

    @Test
    void suggestsDebugModeWhenTheCreationSiteIsUnknown() {
        Throwable t = onlyFailure(ExtensionFixtures.LeavesAnErrorUnhandled.class);

        assertThat(t.getMessage()).contains("use @TwineTest(debug = true)").doesNotContain("C: Deferred was created");
    }

    @Test
    void passesTestsThatHandleTheirErrors() {
        run(ExtensionFixtures.HandlesItsErrors.class).testEvents().assertStatistics(s -> s.succeeded(3).failed(0));
    }

    @Test
    void anErrorHandledInAfterEachIsNotReported() {
        run(ExtensionFixtures.HandlesInAfterEach.class).testEvents().assertStatistics(s -> s.succeeded(1).failed(0));
    }

    @Test
    void keepsTheTestsOwnFailureAndAddsTheLeakAsSuppressed() {
        Throwable t = onlyFailure(ExtensionFixtures.LeaksAndFailsAnAssertion.class);

        assertThat(t).hasMessage("the test's own failure");
        assertThat(t.getSuppressed()).singleElement()
                .satisfies(s -> assertThat(s.getMessage()).contains("java.io.IOException: leaked too"));
    }

    @Test
    void noticesAnErrorLostOnAnotherThread() {
        assertThat(onlyFailure(ExtensionFixtures.LeaksOnAnotherThread.class).getMessage())
                .contains("java.io.IOException: lost on another thread");
    }

    @Test
    void includesReportsTheGarbageCollectorMadeDuringTheTest() {
        EngineExecutionResults results = run(ExtensionFixtures.GarbageCollectorReports.class);

        assertThat(failures(results)).singleElement()
                .satisfies(t -> assertThat(t.getMessage())
                        .contains("Unhandled error in Deferred (Deferred@1234)")
                        .contains("java.io.IOException: found by the collector"));
        results.containerEvents().assertStatistics(s -> s.failed(0)); // blamed on the test, not also its class
    }

    @Test
    void allowUnhandledErrorsAllowsTheGivenTypesOnly() {
        EngineExecutionResults results = run(ExtensionFixtures.AllowsIOExceptions.class);

        results.testEvents().assertStatistics(s -> s.succeeded(1).failed(1));
        assertThat(failures(results)).singleElement()
                .satisfies(t -> assertThat(t.getMessage()).contains("java.lang.IllegalStateException: not allowed"));
    }

    @Test
    void allowUnhandledErrorsOnAClassCoversItsNestedClasses() {
        run(ExtensionFixtures.AllowsEverything.class).testEvents().assertStatistics(s -> s.succeeded(2).failed(0));
    }

    @Test
    void aTestCanFlushItsOwnRecordingToAssertOnLostErrors() {
        run(ExtensionFixtures.FlushesItsRecording.class).testEvents().assertStatistics(s -> s.succeeded(1).failed(0));
    }

    @Test
    void anErrorLostInBeforeAllFailsTheClass() {
        EngineExecutionResults results = run(ExtensionFixtures.LeaksInBeforeAll.class);

        results.testEvents().assertStatistics(s -> s.succeeded(1).failed(0));
        List<Throwable> classFailures = results.containerEvents().failed().stream()
                .map(TwineExtensionTest::throwable).toList();
        assertThat(classFailures).singleElement()
                .satisfies(t -> assertThat(t.getMessage())
                        .startsWith("Twine: the test class (its @BeforeAll/@AfterAll methods, or between its tests) left")
                        .contains("java.io.IOException: lost in @BeforeAll"));
    }

    @Test
    void debugModeShowsWhereTheDeferredWasCreatedAndFired() {
        boolean before = Deferred.getDebugging();

        Throwable t = onlyFailure(ExtensionFixtures.LeaksInDebugMode.class);

        assertThat(t.getMessage())
                .contains("java.io.IOException: created in debug mode")
                .contains("C: Deferred was created:")
                .contains("I: First Invoker was:")
                .contains("ExtensionFixtures$LeaksInDebugMode.leaks(")
                .doesNotContain("use @TwineTest(debug = true)");
        assertThat(Deferred.getDebugging()).as("debug mode restored after the test").isEqualTo(before);
    }

    @Test
    void theConfigurationParameterTurnsOnDebugMode() {
        EngineExecutionResults results = EngineTestKit.engine("junit-jupiter")
                .configurationParameter(OnlyInTestKit.PARAMETER, "true")
                .configurationParameter(TwineExtension.DEBUG_PARAMETER, "true")
                .selectors(selectClass(ExtensionFixtures.LeavesAnErrorUnhandled.class))
                .execute();

        assertThat(failures(results)).singleElement()
                .satisfies(t -> assertThat(t.getMessage()).contains("C: Deferred was created:"));
    }

    // ------------------------------------------------------------------------------------------
    // ManualClock

    @Test
    void injectsOneFreshClockPerTestSharedWithItsLifecycleMethods() {
        ExtensionFixtures.SharesOneClockPerTest.SEEN.clear();

        run(ExtensionFixtures.SharesOneClockPerTest.class).testEvents().assertStatistics(s -> s.succeeded(2));

        List<?> seen = ExtensionFixtures.SharesOneClockPerTest.SEEN;
        assertThat(seen).hasSize(4);
        assertThat(seen.get(0)).isSameAs(seen.get(1));
        assertThat(seen.get(2)).isSameAs(seen.get(3));
        assertThat(seen.get(0)).isNotSameAs(seen.get(2));
    }

    @Test
    void injectsTheTestsClockIntoTheConstructor() {
        run(ExtensionFixtures.InjectsTheConstructor.class).testEvents().assertStatistics(s -> s.succeeded(1).failed(0));
    }

    @Test
    void aClockInjectedIntoAPerClassInstanceIsCheckedWhenTheClassEnds() {
        EngineExecutionResults results = run(ExtensionFixtures.SharesAClassClockPerClass.class);

        results.testEvents().assertStatistics(s -> s.succeeded(2).failed(0));
        assertThat(results.containerEvents().failed().stream().map(TwineExtensionTest::throwable).toList())
                .singleElement()
                .satisfies(t -> assertThat(t.getMessage()).contains("still has 1 delayed call pending"));
    }

    @Test
    void failsATestThatLeavesDelayedCallsPendingAndCancelsThem() {
        Throwable t = onlyFailure(ExtensionFixtures.LeavesACallPending.class);

        assertThat(t.getMessage())
                .startsWith("Twine: the test left this behind:\n\nThe injected ManualClock (now at 1.0s) "
                        + "still has 1 delayed call pending:\n  due at 6.0s: DelayedCall[time=6.0, pending, ")
                .contains("mark the test @AllowPendingCalls");
        assertThat(ExtensionFixtures.LeavesACallPending.call.cancelled()).isTrue();
    }

    @Test
    void allowPendingCallsLetsTheTestPassAndStillCancelsThem() {
        run(ExtensionFixtures.AllowsPendingCallsOnPurpose.class).testEvents().assertStatistics(s -> s.succeeded(1).failed(0));

        assertThat(ExtensionFixtures.AllowsPendingCallsOnPurpose.call.cancelled()).isTrue();
    }

    @Test
    void reportsEveryProblemOfATestTogether() {
        Throwable t = onlyFailure(ExtensionFixtures.LeavesTwoProblems.class);

        assertThat(t.getMessage())
                .startsWith("Twine: the test left these 2 problems behind:\n\n1. The injected ManualClock")
                .contains("\n2. Unhandled error in Deferred")
                .contains("java.io.IOException: and an error");
        assertThat(t.getCause()).hasMessage("and an error");
    }

    // ------------------------------------------------------------------------------------------
    // Fixtures stay out of normal runs

    @Test
    void fixturesAreSkippedOutsideTheTestKit() {
        EngineTestKit.engine("junit-jupiter")
                .selectors(selectClass(ExtensionFixtures.LeavesAnErrorUnhandled.class))
                .execute()
                .containerEvents().assertStatistics(s -> s.skipped(1));
    }
}
