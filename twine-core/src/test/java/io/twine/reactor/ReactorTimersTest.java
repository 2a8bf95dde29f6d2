package io.twine.reactor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.twine.task.AlreadyCalled;
import io.twine.task.AlreadyCancelled;
import io.twine.task.DelayedCall;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** The reactor as a Clock: callLater and the DelayedCall handle. */
class ReactorTimersTest {

    /** A fake nanosecond clock: time moves only when the test says. */
    private final AtomicLong fakeNanos = new AtomicLong();

    private Reactor fakeTimeReactor() {
        // No slow-call reports: the test moves fake time while a loop callback may be running.
        return Reactor.builder().nanoTime(fakeNanos::get).slowCallThreshold(null).build();
    }

    /**
     * Moves fake time and waits until every call due by then has run, including calls that due
     * calls schedule for "now": a timer scheduled at the new time runs after all calls due before
     * it, and a second one after those scheduled meanwhile.
     */
    private void advance(RunningReactor r, double seconds) throws InterruptedException {
        fakeNanos.addAndGet(Math.round(seconds * 1e9));
        r.reactor.callFromThread(() -> { }); // wake a loop parked on a real-time timeout
        for (int i = 0; i < 2; i++) {
            CountDownLatch passed = new CountDownLatch(1);
            r.reactor.callLater(0, passed::countDown);
            assertThat(passed.await(10, TimeUnit.SECONDS)).isTrue();
        }
    }

    /** Timed calls run on the loop thread. */
    @Test
    void callLaterRunsOnTheLoopThread() throws Exception {
        try (RunningReactor r = new RunningReactor()) {
            CountDownLatch ran = new CountDownLatch(1);
            AtomicReference<Thread> on = new AtomicReference<>();
            r.reactor.callLater(0.001, () -> {
                on.set(Thread.currentThread());
                ran.countDown();
            });
            assertThat(ran.await(10, TimeUnit.SECONDS)).isTrue();
            assertThat(on.get()).isSameAs(r.thread);
        }
    }

    /** Calls run in the order of their due times, whatever the order of scheduling. */
    @Test
    void callsRunInTimeOrder() throws Exception {
        try (RunningReactor r = new RunningReactor(fakeTimeReactor())) {
            List<Integer> seen = new CopyOnWriteArrayList<>();
            r.onLoop(() -> {
                r.reactor.callLater(3, () -> seen.add(3));
                r.reactor.callLater(1, () -> seen.add(1));
                r.reactor.callLater(2, () -> seen.add(2));
            });
            advance(r, 5);
            assertThat(seen).containsExactly(1, 2, 3);
        }
    }

    /** Calls due at the same time run in the order they were scheduled. */
    @Test
    void callsDueTogetherRunInSchedulingOrder() throws Exception {
        try (RunningReactor r = new RunningReactor(fakeTimeReactor())) {
            List<Integer> seen = new CopyOnWriteArrayList<>();
            r.onLoop(() -> {
                for (int i = 0; i < 100; i++) {
                    int n = i;
                    r.reactor.callLater(1, () -> seen.add(n));
                }
            });
            advance(r, 1);
            assertThat(seen).hasSize(100).isSorted();
        }
    }

    /** A call is not run before its time. */
    @Test
    void callDoesNotRunBeforeItsTime() throws Exception {
        try (RunningReactor r = new RunningReactor(fakeTimeReactor())) {
            List<String> seen = new CopyOnWriteArrayList<>();
            r.reactor.callLater(2, () -> seen.add("ran"));
            advance(r, 1.999);
            assertThat(seen).isEmpty();
            advance(r, 0.001);
            assertThat(seen).containsExactly("ran");
        }
    }

    /** A call scheduled with delay 0 by a timed call runs in a later pass, not in the same one. */
    @Test
    void callScheduledDuringAPassWaitsForTheNextPass() throws Exception {
        try (RunningReactor r = new RunningReactor(fakeTimeReactor())) {
            List<String> seen = new CopyOnWriteArrayList<>();
            r.onLoop(() -> {
                r.reactor.callLater(1, () -> {
                    seen.add("first");
                    r.reactor.callLater(0, () -> seen.add("scheduled by first"));
                });
                r.reactor.callLater(1, () -> seen.add("second"));
            });
            advance(r, 1);
            assertThat(seen).containsExactly("first", "second", "scheduled by first");
        }
    }

    /** A cancelled call never runs and is no longer pending. */
    @Test
    void cancelledCallNeverRuns() throws Exception {
        try (RunningReactor r = new RunningReactor(fakeTimeReactor())) {
            List<String> seen = new CopyOnWriteArrayList<>();
            DelayedCall c = r.reactor.callLater(1, () -> seen.add("ran"));
            c.cancel();
            advance(r, 2);
            assertThat(seen).isEmpty();
            assertThat(c.active()).isFalse();
            assertThat(c.cancelled()).isTrue();
            assertThat(r.reactor.getDelayedCalls()).doesNotContain(c);
        }
    }

    /** Cancelling twice throws AlreadyCancelled. */
    @Test
    void cancelTwiceThrowsAlreadyCancelled() {
        Reactor reactor = Reactor.create();
        DelayedCall c = reactor.callLater(1, () -> { });
        c.cancel();
        assertThatThrownBy(c::cancel).isInstanceOf(AlreadyCancelled.class);
        assertThatThrownBy(() -> c.delay(1)).isInstanceOf(AlreadyCancelled.class);
        assertThatThrownBy(() -> c.reset(1)).isInstanceOf(AlreadyCancelled.class);
    }

    /** Cancelling, delaying or resetting a call that has run throws AlreadyCalled. */
    @Test
    void changingACallThatRanThrowsAlreadyCalled() throws Exception {
        try (RunningReactor r = new RunningReactor(fakeTimeReactor())) {
            DelayedCall c = r.reactor.callLater(0, () -> { });
            advance(r, 0);
            assertThat(c.called()).isTrue();
            assertThat(c.active()).isFalse();
            assertThatThrownBy(c::cancel).isInstanceOf(AlreadyCalled.class);
            assertThatThrownBy(() -> c.delay(1)).isInstanceOf(AlreadyCalled.class);
            assertThatThrownBy(() -> c.reset(1)).isInstanceOf(AlreadyCalled.class);
        }
    }

    /** delay() moves a call later by the amount given, past calls it used to precede. */
    @Test
    void delayMovesACallLater() throws Exception {
        try (RunningReactor r = new RunningReactor(fakeTimeReactor())) {
            List<String> seen = new CopyOnWriteArrayList<>();
            DelayedCall a = r.reactor.callLater(1, () -> seen.add("a"));
            r.reactor.callLater(2, () -> seen.add("b"));
            a.delay(1.5);
            assertThat(a.getTime()).isEqualTo(2.5);
            advance(r, 2);
            assertThat(seen).containsExactly("b");
            advance(r, 0.5);
            assertThat(seen).containsExactly("b", "a");
        }
    }

    /** reset() reschedules a call to the given delay from the current time. */
    @Test
    void resetReschedulesFromNow() throws Exception {
        try (RunningReactor r = new RunningReactor(fakeTimeReactor())) {
            List<String> seen = new CopyOnWriteArrayList<>();
            DelayedCall c = r.reactor.callLater(10, () -> seen.add("ran"));
            advance(r, 3);
            c.reset(1);
            assertThat(c.getTime()).isEqualTo(4.0);
            advance(r, 1);
            assertThat(seen).containsExactly("ran");
        }
    }

    /** A negative, infinite or NaN delay is refused. */
    @Test
    void badDelaysAreRefused() {
        Reactor reactor = Reactor.create();
        assertThatThrownBy(() -> reactor.callLater(-1, () -> { })).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("-1");
        assertThatThrownBy(() -> reactor.callLater(Double.NaN, () -> { })).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> reactor.callLater(Double.POSITIVE_INFINITY, () -> { }))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(reactor.getDelayedCalls()).isEmpty();
    }

    /** getDelayedCalls lists the pending calls, earliest first. */
    @Test
    void getDelayedCallsListsPendingCallsEarliestFirst() {
        Reactor reactor = fakeTimeReactor();
        DelayedCall late = reactor.callLater(5, () -> { });
        DelayedCall early = reactor.callLater(1, () -> { });
        DelayedCall middle = reactor.callLater(3, () -> { });
        DelayedCall gone = reactor.callLater(2, () -> { });
        gone.cancel();
        assertThat(reactor.getDelayedCalls()).containsExactly(early, middle, late);
    }

    /** seconds() follows the reactor's time source, from zero at creation. */
    @Test
    void secondsCountsFromCreation() {
        fakeNanos.set(7_000_000_000L);
        Reactor reactor = fakeTimeReactor();
        assertThat(reactor.seconds()).isZero();
        fakeNanos.addAndGet(1_500_000_000L);
        assertThat(reactor.seconds()).isEqualTo(1.5);
    }

    /** A call scheduled from another thread wakes a loop that sleeps until a far-off timer. */
    @Test
    void callLaterFromAnotherThreadWakesTheSleepingLoop() throws Exception {
        try (RunningReactor r = new RunningReactor()) {
            r.reactor.callLater(3600, () -> { });
            r.onLoop(() -> { }); // the loop has now seen the one-hour timer and sleeps on it
            CountDownLatch ran = new CountDownLatch(1);
            r.reactor.callLater(0, ran::countDown);
            assertThat(ran.await(10, TimeUnit.SECONDS)).isTrue();
        }
    }

    /** Heavy scheduling and cancelling from several threads loses nothing and runs nothing cancelled. */
    @Test
    void concurrentSchedulingAndCancellingIsConsistent() throws Exception {
        try (RunningReactor r = new RunningReactor(fakeTimeReactor())) {
            int threads = 4;
            int perThread = 2_000;
            AtomicLong ran = new AtomicLong();
            AtomicLong cancelledRan = new AtomicLong();
            Thread[] ts = new Thread[threads];
            for (int t = 0; t < threads; t++) {
                ts[t] = new Thread(() -> {
                    for (int i = 0; i < perThread; i++) {
                        boolean[] cancelled = {false};
                        DelayedCall c = r.reactor.callLater(1 + (i % 7), () -> {
                            if (cancelled[0]) {
                                cancelledRan.incrementAndGet();
                            }
                            ran.incrementAndGet();
                        });
                        if (i % 2 == 0) {
                            cancelled[0] = true;
                            c.cancel();
                        }
                    }
                });
                ts[t].start();
            }
            for (Thread t : ts) {
                t.join();
            }
            assertThat(r.reactor.getDelayedCalls()).hasSize(threads * perThread / 2);
            advance(r, 10);
            assertThat(ran.get()).isEqualTo(threads * perThread / 2);
            assertThat(cancelledRan.get()).isZero();
        }
    }
}
