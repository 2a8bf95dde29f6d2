package io.twine.conformance.linearizability;

import static org.assertj.core.api.Assertions.assertThat;

import io.twine.defer.DeferredQueue;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * DeferredQueue is linearizable with respect to {@link QueueModel}: random scenarios of 2-3
 * threads doing put / get / cancel of any published get / pendingCount / waitingCount, with every
 * get's Deferred firing recorded as an event, are checked by {@link Linearizability}. A get()
 * that has to wait is a two-part operation: it joins the waiters inside the get() call, and its
 * outcome (an item, or CancelledError) is decided at the put that serves it or the cancel that
 * withdraws it; its Deferred may fire later, on another thread. The same runner must find a
 * violation in each deliberately broken queue, and none in a simple correct one.
 * {@code -Dtwine.linearizability.scenarios=N} sets the number of scenarios per configuration.
 */
class DeferredQueueLinearizabilityTest {

    @ParameterizedTest(name = "size {0}, backlog {1}")
    @CsvSource({"2147483647, 2147483647", "1, 1", "0, 2"})
    void deferredQueueIsLinearizable(int size, int backlog) throws Exception {
        Scenarios.Outcome outcome = Scenarios.check(new QueueModel(size, backlog),
                (runner, seed) -> runner.runQueue(Targets.twine(new DeferredQueue<>(size, backlog)), seed),
                size * 31L + backlog, Scenarios.count());
        assertThat(outcome.violation()).as("after %d scenarios", outcome.scenarios()).isEmpty();
    }

    @ParameterizedTest
    @EnumSource(value = BrokenTargets.QueueBug.class, names = "NONE")
    void aCorrectMonitorQueueIsAccepted(BrokenTargets.QueueBug none) throws Exception {
        Scenarios.Outcome outcome = Scenarios.check(new QueueModel(2, 2),
                (runner, seed) -> runner.runQueue(new BrokenTargets.Queue(none, 2, 2), seed), 7, Scenarios.count());
        assertThat(outcome.violation()).isEmpty();
    }

    @ParameterizedTest
    @EnumSource(value = BrokenTargets.QueueBug.class, names = "NONE", mode = EnumSource.Mode.EXCLUDE)
    void aBrokenQueueIsCaught(BrokenTargets.QueueBug bug) throws Exception {
        Scenarios.Outcome outcome = Scenarios.check(new QueueModel(2, 2),
                (runner, seed) -> runner.runQueue(new BrokenTargets.Queue(bug, 2, 2), seed), 11, 5_000);
        assertThat(outcome.violation()).as("%s not caught in %d scenarios", bug, outcome.scenarios()).isPresent();
    }
}
