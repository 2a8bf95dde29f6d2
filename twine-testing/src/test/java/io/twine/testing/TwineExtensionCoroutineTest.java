package io.twine.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.testkit.engine.EngineExecutionResults;
import org.junit.platform.testkit.engine.EngineTestKit;
import org.junit.platform.testkit.engine.Event;

/**
 * {@link TwineExtension}'s check for coroutines left suspended, proven by running the
 * {@link CoroutineFixtures} through JUnit's EngineTestKit.
 */
class TwineExtensionCoroutineTest {

    private static EngineExecutionResults run(Class<?> fixture) {
        return EngineTestKit.engine("junit-jupiter")
                .configurationParameter(OnlyInTestKit.PARAMETER, "true")
                .selectors(selectClass(fixture))
                .execute();
    }

    private static Throwable throwable(Event e) {
        return e.getRequiredPayload(TestExecutionResult.class).getThrowable().orElseThrow();
    }

    private static Throwable onlyFailure(Class<?> fixture) {
        EngineExecutionResults results = run(fixture);
        results.testEvents().assertStatistics(s -> s.failed(1));
        return throwable(results.testEvents().failed().list().get(0));
    }

    @Test
    void failsATestThatLeavesACoroutineSuspended() {
        Throwable t = onlyFailure(CoroutineFixtures.LeavesACoroutineSuspended.class);

        assertThat(t).isInstanceOf(AssertionError.class);
        assertThat(t.getMessage())
                .startsWith("Twine: the test left this behind:\n\nA coroutine was left suspended:\ncoroutine "
                        + CoroutineFixtures.class.getName() + "$$Lambda")
                .contains(" is suspended awaiting " + CoroutineFixtures.LeavesACoroutineSuspended.awaited + "\n")
                .contains("at io.twine.testing.CoroutineFixtures.lambda$awaiting$")
                .contains("Fire or cancel the Deferred it awaits before the test ends, "
                        + "or mark the test @AllowSuspendedCoroutines.")
                .doesNotContain("io.twine.defer.Coroutine.", "io.twine.defer.Coroutines.");
    }

    @Test
    void theFailureCarriesTheAwaitSiteAsItsCause() {
        Throwable t = onlyFailure(CoroutineFixtures.LeavesACoroutineSuspended.class);

        assertThat(t.getCause()).hasMessage("coroutine suspended here");
        assertThat(t.getCause().getStackTrace()[0].getClassName()).isEqualTo(CoroutineFixtures.class.getName());
    }

    @Test
    void listsEverySuspendedCoroutine() {
        Throwable t = onlyFailure(CoroutineFixtures.LeavesTwoCoroutinesSuspended.class);

        assertThat(t.getMessage()).startsWith("Twine: the test left these 2 problems behind:\n\n1. A coroutine")
                .contains("\n2. A coroutine was left suspended:");
        assertThat(t.getSuppressed()).hasSize(1);
    }

    @Test
    void passesTestsWhoseCoroutinesFinish() {
        run(CoroutineFixtures.CompletesItsCoroutines.class).testEvents().assertStatistics(s -> s.succeeded(3).failed(0));
    }

    @Test
    void allowSuspendedCoroutinesOnATestAllowsThatTestOnly() {
        EngineExecutionResults results = run(CoroutineFixtures.AllowsOnTheMethod.class);

        results.testEvents().assertStatistics(s -> s.succeeded(1).failed(1));
        assertThat(results.testEvents().failed().list()).singleElement()
                .satisfies(e -> assertThat(e.getTestDescriptor().getDisplayName()).startsWith("leavesOneWithoutPermission"));
    }

    @Test
    void allowSuspendedCoroutinesOnAClassCoversItsNestedClasses() {
        run(CoroutineFixtures.AllowsOnTheClass.class).testEvents().assertStatistics(s -> s.succeeded(2).failed(0));
    }

    @Test
    void aCoroutineLeftSuspendedInBeforeAllFailsTheClassNotItsTests() {
        EngineExecutionResults results = run(CoroutineFixtures.LeavesOneInBeforeAll.class);

        results.testEvents().assertStatistics(s -> s.succeeded(1).failed(0));
        List<Throwable> classFailures = results.containerEvents().failed().stream()
                .map(TwineExtensionCoroutineTest::throwable).toList();
        assertThat(classFailures).singleElement().satisfies(t -> assertThat(t.getMessage())
                .startsWith("Twine: the test class (its @BeforeAll/@AfterAll methods, or between its tests) left")
                .contains("A coroutine was left suspended:"));
    }

    @Test
    void checksAfterTheReactorHasGivenUpTheWorkTheCoroutineAwaited() {
        run(CoroutineFixtures.AwaitsWorkTheReactorGivesUp.class).testEvents().assertStatistics(s -> s.succeeded(1).failed(0));

        assertThat(CoroutineFixtures.AwaitsWorkTheReactorGivesUp.coroutine.result()).isEqualTo("given up");
    }
}
