package io.twine.task;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatNullPointerException;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** ManualClock and its DelayedCalls: Twisted's task.Clock (test_task.py ClockTests). */
class ManualClockTests {
    private final ManualClock clock = new ManualClock();
    private final List<String> calls = new ArrayList<>();

    private Runnable record(String name) {
        return () -> calls.add(name);
    }

    @Test
    void timeStartsAtZero() {
        assertThat(clock.seconds()).isZero();
    }

    @Test
    void advanceMovesTimeForward() {
        clock.advance(1.5);
        clock.advance(2);
        assertThat(clock.seconds()).isEqualTo(3.5);
    }

    @Test
    void callLaterSchedulesAtNowPlusDelay() {
        clock.advance(2);
        DelayedCall c = clock.callLater(3, record("a"));
        assertThat(c.getTime()).isEqualTo(5.0);
        assertThat(c.active()).isTrue();
        assertThat(calls).isEmpty();
    }

    @Test
    void advanceRunsACallWhenItBecomesDue() {
        DelayedCall c = clock.callLater(2, record("a"));
        clock.advance(1);
        assertThat(calls).isEmpty();
        clock.advance(1);
        assertThat(calls).containsExactly("a");
        assertThat(c.called()).isTrue();
        assertThat(c.active()).isFalse();
    }

    @Test
    void callRunsOnlyOnce() {
        clock.callLater(1, record("a"));
        clock.advance(1);
        clock.advance(1);
        assertThat(calls).containsExactly("a");
    }

    @Test
    void callsRunInTimeOrderWhateverTheSchedulingOrder() {
        clock.callLater(3, record("c"));
        clock.callLater(1, record("a"));
        clock.callLater(2, record("b"));
        clock.advance(5);
        assertThat(calls).containsExactly("a", "b", "c");
    }

    @Test
    void callsDueAtTheSameTimeRunInSchedulingOrder() {
        // test_callLaterOrdering
        clock.callLater(1, record("first"));
        clock.callLater(1, record("second"));
        clock.callLater(1, record("third"));
        clock.advance(1);
        assertThat(calls).containsExactly("first", "second", "third");
    }

    @Test
    void callScheduledForNowDuringAnAdvanceRunsInThatAdvance() {
        clock.callLater(1, () -> {
            calls.add("outer");
            clock.callLater(0, record("inner"));
        });
        clock.advance(1);
        assertThat(calls).containsExactly("outer", "inner");
    }

    @Test
    void callScheduledForLaterDuringAnAdvanceWaits() {
        clock.callLater(1, () -> clock.callLater(1, record("later")));
        clock.advance(1);
        assertThat(calls).isEmpty();
        clock.advance(1);
        assertThat(calls).containsExactly("later");
    }

    @Test
    void advanceByZeroRunsCallsDueNow() {
        clock.callLater(0, record("now"));
        assertThat(calls).isEmpty();
        clock.advance(0);
        assertThat(calls).containsExactly("now");
    }

    @Test
    void cancelledCallDoesNotRun() {
        // testCallLaterCancelled / testAdvanceCancel
        DelayedCall c = clock.callLater(1, record("a"));
        c.cancel();
        assertThat(c.cancelled()).isTrue();
        assertThat(c.active()).isFalse();
        clock.advance(2);
        assertThat(calls).isEmpty();
        assertThat(clock.getDelayedCalls()).isEmpty();
    }

    @Test
    void callCancelledByAnEarlierCallInTheSameAdvanceDoesNotRun() {
        DelayedCall[] later = new DelayedCall[1];
        clock.callLater(1, () -> later[0].cancel());
        later[0] = clock.callLater(2, record("never"));
        clock.advance(3);
        assertThat(calls).isEmpty();
    }

    @Test
    void cancellingTwiceThrowsAlreadyCancelled() {
        DelayedCall c = clock.callLater(1, record("a"));
        c.cancel();
        assertThatThrownBy(c::cancel).isInstanceOf(AlreadyCancelled.class);
    }

    @Test
    void cancellingAfterItRanThrowsAlreadyCalled() {
        DelayedCall c = clock.callLater(1, record("a"));
        clock.advance(1);
        assertThatThrownBy(c::cancel).isInstanceOf(AlreadyCalled.class);
    }

    @Test
    void delayMovesTheCallLater() {
        // testCallLaterDelayed
        DelayedCall c = clock.callLater(1, record("a"));
        c.delay(1);
        assertThat(c.getTime()).isEqualTo(2.0);
        clock.advance(1.5);
        assertThat(calls).isEmpty();
        clock.advance(1);
        assertThat(calls).containsExactly("a");
    }

    @Test
    void delayAccumulates() {
        DelayedCall c = clock.callLater(1, record("a"));
        c.delay(1);
        c.delay(2);
        assertThat(c.getTime()).isEqualTo(4.0);
    }

    @Test
    void resetLaterReschedulesFromNow() {
        // testCallLaterResetLater
        DelayedCall c = clock.callLater(2, record("a"));
        clock.advance(1);
        c.reset(3);
        assertThat(c.getTime()).isEqualTo(4.0);
        clock.advance(2);
        assertThat(calls).isEmpty();
        clock.advance(1);
        assertThat(calls).containsExactly("a");
    }

    @Test
    void resetSoonerReschedulesFromNow() {
        // testCallLaterResetSooner
        DelayedCall c = clock.callLater(4, record("a"));
        c.reset(3);
        assertThat(c.getTime()).isEqualTo(3.0);
        clock.advance(3);
        assertThat(calls).containsExactly("a");
    }

    @Test
    void delayOrResetOfAFinishedCallIsRefused() {
        DelayedCall ran = clock.callLater(1, record("a"));
        clock.advance(1);
        assertThatThrownBy(() -> ran.delay(1)).isInstanceOf(AlreadyCalled.class);
        assertThatThrownBy(() -> ran.reset(1)).isInstanceOf(AlreadyCalled.class);
        DelayedCall cancelled = clock.callLater(1, record("b"));
        cancelled.cancel();
        assertThatThrownBy(() -> cancelled.delay(1)).isInstanceOf(AlreadyCancelled.class);
        assertThatThrownBy(() -> cancelled.reset(1)).isInstanceOf(AlreadyCancelled.class);
    }

    @Test
    void getDelayedCallsListsPendingCallsInRunOrder() {
        DelayedCall b = clock.callLater(2, record("b"));
        DelayedCall a = clock.callLater(1, record("a"));
        DelayedCall c = clock.callLater(3, record("c"));
        assertThat(clock.getDelayedCalls()).containsExactly(a, b, c);
        c.cancel();
        clock.advance(1);
        assertThat(clock.getDelayedCalls()).containsExactly(b);
    }

    @Test
    void getDelayedCallsIsEmptyForANewClock() {
        assertThat(clock.getDelayedCalls()).isEmpty();
    }

    @Test
    void getDelayedCallsIsASnapshot() {
        List<DelayedCall> before = clock.getDelayedCalls();
        clock.callLater(1, record("a"));
        assertThat(before).isEmpty();
        assertThatThrownBy(() -> clock.getDelayedCalls().clear()).isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void callLaterKeepsCallsOrderedWhenTheyAreScheduledOutOfOrder() {
        // test_callLaterKeepsCallsOrdered
        DelayedCall one = clock.callLater(1, record("one"));
        DelayedCall three = clock.callLater(3, record("three"));
        DelayedCall two = clock.callLater(2, record("two"));
        assertThat(clock.getDelayedCalls()).containsExactly(one, two, three);
    }

    @Test
    void resetKeepsCallsOrdered() {
        // test_callLaterResetKeepsCallsOrdered
        DelayedCall a = clock.callLater(1, record("a"));
        DelayedCall b = clock.callLater(2, record("b"));
        a.reset(3);
        assertThat(clock.getDelayedCalls()).containsExactly(b, a);
    }

    @Test
    void resetToTheTimeOfAnotherCallRunsAfterIt() {
        DelayedCall a = clock.callLater(1, record("a"));
        clock.callLater(2, record("b"));
        a.reset(2);
        clock.advance(2);
        assertThat(calls).containsExactly("b", "a");
    }

    @Test
    void delayKeepsCallsOrdered() {
        DelayedCall a = clock.callLater(1, record("a"));
        DelayedCall b = clock.callLater(2, record("b"));
        a.delay(5);
        assertThat(clock.getDelayedCalls()).containsExactly(b, a);
    }

    @Test
    void pumpAdvancesStepByStepRunningCallsAfterEachStep() {
        List<Double> times = new ArrayList<>();
        clock.callLater(1, () -> times.add(clock.seconds()));
        clock.callLater(2, () -> times.add(clock.seconds()));
        clock.pump(0.5, 0.5, 0.5, 0.5);
        assertThat(times).containsExactly(1.0, 2.0);
        assertThat(clock.seconds()).isEqualTo(2.0);
    }

    @Test
    void callSeesTheAdvancedTimeNotItsScheduledTime() {
        List<Double> times = new ArrayList<>();
        clock.callLater(1, () -> times.add(clock.seconds()));
        clock.advance(10);
        assertThat(times).containsExactly(10.0);
    }

    @Test
    void exceptionFromACallPropagatesAndLeavesLaterCallsQueued() {
        clock.callLater(1, () -> {
            throw new IllegalStateException("call failed");
        });
        DelayedCall later = clock.callLater(2, record("later"));
        assertThatThrownBy(() -> clock.advance(3)).hasMessage("call failed");
        assertThat(calls).isEmpty();
        assertThat(clock.getDelayedCalls()).containsExactly(later);
        clock.advance(0);
        assertThat(calls).containsExactly("later");
    }

    @Test
    void failedCallCountsAsCalled() {
        DelayedCall c = clock.callLater(1, () -> {
            throw new IllegalStateException();
        });
        assertThatThrownBy(() -> clock.advance(1)).isInstanceOf(IllegalStateException.class);
        assertThat(c.called()).isTrue();
        assertThatThrownBy(c::cancel).isInstanceOf(AlreadyCalled.class);
    }

    @Test
    void callsRunOnTheAdvancingThread() {
        List<Thread> ranOn = new ArrayList<>();
        clock.callLater(1, () -> ranOn.add(Thread.currentThread()));
        clock.advance(1);
        assertThat(ranOn).containsExactly(Thread.currentThread());
    }

    @Test
    void durationOverloadsWorkLikeSeconds() {
        DelayedCall c = clock.callLater(Duration.ofMillis(250), record("a"));
        assertThat(c.getTime()).isEqualTo(0.25);
        clock.advance(Duration.ofMillis(250));
        assertThat(calls).containsExactly("a");
        assertThat(clock.seconds()).isEqualTo(0.25);
    }

    @Test
    void negativeOrNotANumberDelaysAreRefused() {
        assertThatIllegalArgumentException().isThrownBy(() -> clock.callLater(-1, record("a")))
                .withMessageContaining("delay");
        assertThatIllegalArgumentException().isThrownBy(() -> clock.callLater(Double.NaN, record("a")));
        assertThatIllegalArgumentException().isThrownBy(() -> clock.callLater(Double.POSITIVE_INFINITY, record("a")));
        assertThatIllegalArgumentException().isThrownBy(() -> clock.advance(-1));
        assertThatIllegalArgumentException().isThrownBy(() -> clock.advance(Double.NaN));
        assertThat(clock.getDelayedCalls()).isEmpty();
        assertThat(clock.seconds()).isZero();
    }

    @Test
    void negativeDelayOrResetOfAPendingCallIsRefusedAndLeavesItScheduled() {
        DelayedCall c = clock.callLater(1, record("a"));
        assertThatIllegalArgumentException().isThrownBy(() -> c.delay(-1));
        assertThatIllegalArgumentException().isThrownBy(() -> c.reset(-1));
        assertThat(c.getTime()).isEqualTo(1.0);
        clock.advance(1);
        assertThat(calls).containsExactly("a");
    }

    @Test
    void nullFunctionIsRefused() {
        assertThatNullPointerException().isThrownBy(() -> clock.callLater(1, null)).withMessageContaining("callLater");
    }

    @Test
    void toStringShowsTimeAndPendingCount() {
        clock.callLater(1, record("a"));
        clock.advance(0.5);
        assertThat(clock.toString()).isEqualTo("ManualClock[now=0.5, pending=1]");
        assertThat(clock.getDelayedCalls().get(0).toString()).startsWith("DelayedCall[time=1.0, pending");
    }

    @Test
    void callsScheduledFromManyThreadsWhileAdvancingEachRunExactlyOnce() throws Exception {
        int threads = 3;
        int perThread = 500;
        ConcurrentHashMap<Integer, Integer> runs = new ConcurrentHashMap<>();
        ExecutorService pool = Executors.newFixedThreadPool(threads + 1);
        try {
            CyclicBarrier start = new CyclicBarrier(threads + 1);
            List<Future<?>> futures = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int base = t * perThread;
                futures.add(pool.submit(() -> {
                    start.await(10, TimeUnit.SECONDS);
                    for (int k = 0; k < perThread; k++) {
                        int id = base + k;
                        clock.callLater(k % 10, () -> runs.merge(id, 1, Integer::sum));
                    }
                    return null;
                }));
            }
            futures.add(pool.submit(() -> {
                start.await(10, TimeUnit.SECONDS);
                for (int k = 0; k < 200; k++) {
                    clock.advance(0.01);
                }
                return null;
            }));
            for (Future<?> f : futures) {
                f.get(20, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }
        clock.advance(100);
        assertThat(runs).hasSize(threads * perThread);
        assertThat(runs.values()).allMatch(n -> n == 1);
        assertThat(clock.getDelayedCalls()).isEmpty();
    }

    @Test
    void durationConversionKeepsNanoseconds() {
        assertThat(Clock.toSeconds(Duration.ofSeconds(2, 500_000_000))).isEqualTo(2.5);
    }
}
