package io.twine.conformance.linearizability;

import static org.assertj.core.api.Assertions.assertThat;

import io.twine.defer.DeferredSemaphore;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * DeferredSemaphore is linearizable with respect to {@link SemaphoreModel}: random scenarios of
 * 2-3 threads doing acquire / release / cancel of any published acquire / tokens / waitingCount,
 * with every acquire's Deferred firing recorded as an event. A waiting acquire() joins the waiters
 * inside the call and is decided at the release that grants it or the cancel that withdraws it.
 * The same runner must find a violation in each deliberately broken semaphore, and none in a
 * simple correct one. {@code -Dtwine.linearizability.scenarios=N} sets the number of scenarios.
 */
class DeferredSemaphoreLinearizabilityTest {

    @ParameterizedTest(name = "limit {0}")
    @ValueSource(ints = {1, 2})
    void deferredSemaphoreIsLinearizable(int limit) throws Exception {
        Scenarios.Outcome outcome = Scenarios.check(new SemaphoreModel(limit),
                (runner, seed) -> runner.runSemaphore(Targets.twine(new DeferredSemaphore(limit)), seed),
                limit * 1000L, Scenarios.count());
        assertThat(outcome.violation()).as("after %d scenarios", outcome.scenarios()).isEmpty();
    }

    @ParameterizedTest
    @EnumSource(value = BrokenTargets.SemaphoreBug.class, names = "NONE")
    void aCorrectMonitorSemaphoreIsAccepted(BrokenTargets.SemaphoreBug none) throws Exception {
        Scenarios.Outcome outcome = Scenarios.check(new SemaphoreModel(1),
                (runner, seed) -> runner.runSemaphore(new BrokenTargets.Semaphore(none, 1), seed), 5, Scenarios.count());
        assertThat(outcome.violation()).isEmpty();
    }

    @ParameterizedTest
    @EnumSource(value = BrokenTargets.SemaphoreBug.class, names = "NONE", mode = EnumSource.Mode.EXCLUDE)
    void aBrokenSemaphoreIsCaught(BrokenTargets.SemaphoreBug bug) throws Exception {
        Scenarios.Outcome outcome = Scenarios.check(new SemaphoreModel(1),
                (runner, seed) -> runner.runSemaphore(new BrokenTargets.Semaphore(bug, 1), seed), 13, 5_000);
        assertThat(outcome.violation()).as("%s not caught in %d scenarios", bug, outcome.scenarios()).isPresent();
    }
}
