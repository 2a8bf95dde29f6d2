package io.twine.defer;

import static io.twine.defer.Results.failureResultOf;
import static io.twine.defer.Results.successResultOf;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** DeferredLock, after Twisted's OtherPrimitivesTests. */
class DeferredLockTest {

    /** A free lock is acquired at once: the Deferred has fired with the lock. */
    @Test
    void acquireOfAFreeLockFiresAtOnce() {
        DeferredLock lock = new DeferredLock();
        Deferred<DeferredLock> d = lock.acquire();
        assertThat(successResultOf(d)).isSameAs(lock);
        assertThat(lock.locked()).isTrue();
    }

    /** A second acquire waits until release hands the lock on; the lock stays locked. */
    @Test
    void secondAcquireWaitsForRelease() {
        DeferredLock lock = new DeferredLock();
        lock.acquire();
        Deferred<DeferredLock> second = lock.acquire();
        assertThat(second.called()).isFalse();
        assertThat(lock.waitingCount()).isEqualTo(1);
        lock.release();
        assertThat(second.called()).isTrue();
        assertThat(lock.locked()).isTrue();
        lock.release();
        assertThat(lock.locked()).isFalse();
    }

    /** Waiters are served first come, first served. */
    @Test
    void waitersAreServedInOrder() {
        DeferredLock lock = new DeferredLock();
        lock.acquire();
        List<Integer> order = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            int n = i;
            lock.acquire().addCallback(l -> order.add(n));
        }
        for (int i = 0; i < 5; i++) {
            lock.release();
        }
        assertThat(order).containsExactly(0, 1, 2, 3, 4);
    }

    /** Releasing an unlocked lock is an IllegalStateException, and leaves it unlocked. */
    @Test
    void releasingAnUnlockedLockIsAnError() {
        DeferredLock lock = new DeferredLock();
        assertThatThrownBy(lock::release).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("released more times than it was acquired");
        assertThat(lock.locked()).isFalse();
        assertThat(successResultOf(lock.acquire())).isSameAs(lock);
    }

    /** Cancelling a waiting acquire removes it: it fails with CancelledError and never gets the lock. */
    @Test
    void cancelBeforeAcquiredRemovesTheWaiter() {
        DeferredLock lock = new DeferredLock();
        lock.acquire();
        Deferred<DeferredLock> waiting = lock.acquire();
        Deferred<DeferredLock> next = lock.acquire();
        waiting.cancel();
        failureResultOf(waiting, CancelledError.class);
        assertThat(lock.waitingCount()).isEqualTo(1);
        lock.release();
        assertThat(successResultOf(next)).isSameAs(lock);
    }

    /** Cancelling an acquire that holds the lock does nothing. */
    @Test
    void cancelAfterAcquiredDoesNothing() {
        DeferredLock lock = new DeferredLock();
        Deferred<DeferredLock> d = lock.acquire();
        d.cancel();
        assertThat(successResultOf(d)).isSameAs(lock);
        assertThat(lock.locked()).isTrue();
    }

    /** run calls the function under the lock and releases it after success. */
    @Test
    void runReleasesAfterSuccess() {
        DeferredLock lock = new DeferredLock();
        Deferred<String> d = lock.run(() -> {
            assertThat(lock.locked()).isTrue();
            return "done";
        });
        assertThat(successResultOf(d)).isEqualTo("done");
        assertThat(lock.locked()).isFalse();
    }

    /** run releases after failure too, and the failure comes through. */
    @Test
    void runReleasesAfterFailure() {
        DeferredLock lock = new DeferredLock();
        Deferred<String> d = lock.run(() -> {
            throw new IllegalStateException("inside");
        });
        failureResultOf(d, IllegalStateException.class);
        assertThat(lock.locked()).isFalse();
    }

    /** runDeferred holds the lock until the function's Deferred fires. */
    @Test
    void runDeferredHoldsTheLockUntilTheDeferredFires() {
        DeferredLock lock = new DeferredLock();
        Deferred<String> control = new Deferred<>();
        Deferred<String> d = lock.runDeferred(() -> control);
        Deferred<DeferredLock> next = lock.acquire();
        assertThat(lock.locked()).isTrue();
        assertThat(next.called()).isFalse();
        control.callback("second");
        assertThat(successResultOf(d)).isEqualTo("second");
        assertThat(next.called()).isTrue();
    }

    /** runDeferred releases when the function's Deferred fails. */
    @Test
    void runDeferredReleasesOnFailure() {
        DeferredLock lock = new DeferredLock();
        Deferred<String> control = new Deferred<>();
        Deferred<String> d = lock.runDeferred(() -> control);
        control.errback(new IllegalStateException("x"));
        failureResultOf(d, IllegalStateException.class);
        assertThat(lock.locked()).isFalse();
    }

    /** run refuses a function that returns a Deferred (the type would lie), and still releases. */
    @Test
    void runRefusesAFunctionReturningADeferred() {
        DeferredLock lock = new DeferredLock();
        Deferred<Object> d = lock.run(() -> new Deferred<String>());
        failureResultOf(d, IllegalArgumentException.class);
        assertThat(lock.locked()).isFalse();
    }

    /** run waits its turn behind a holder. */
    @Test
    void runWaitsForTheLock() {
        DeferredLock lock = new DeferredLock();
        lock.acquire();
        AtomicInteger calls = new AtomicInteger();
        Deferred<Integer> d = lock.run(calls::incrementAndGet);
        assertThat(calls.get()).isZero();
        lock.release();
        assertThat(successResultOf(d)).isEqualTo(1);
        assertThat(lock.locked()).isFalse();
    }

    /** Cancelling a run() that waits for the lock withdraws it: the function never runs. */
    @Test
    void cancelWaitingRunWithdrawsIt() {
        DeferredLock lock = new DeferredLock();
        lock.acquire();
        AtomicInteger calls = new AtomicInteger();
        Deferred<Integer> d = lock.run(calls::incrementAndGet);
        d.cancel();
        failureResultOf(d, CancelledError.class);
        lock.release();
        assertThat(calls.get()).isZero();
        assertThat(lock.locked()).isFalse();
    }

    /** Cancelling a runDeferred() whose function is running cancels the function's Deferred and releases. */
    @Test
    void cancelRunningRunDeferredCancelsTheFunctionsDeferredAndReleases() {
        DeferredLock lock = new DeferredLock();
        Deferred<String> work = new Deferred<>();
        Deferred<String> d = lock.runDeferred(() -> work);
        d.cancel();
        assertThat(work.called()).isTrue();
        failureResultOf(d, CancelledError.class);
        assertThat(lock.locked()).isFalse();
    }

    /** Ten thousand queued run()s, each releasing at once, run in order at constant stack depth. */
    @Test
    void tenThousandQueuedWaitersDoNotRecurse() {
        DeferredLock lock = new DeferredLock();
        lock.acquire();
        List<Integer> order = new ArrayList<>();
        List<Deferred<Boolean>> results = new ArrayList<>();
        for (int i = 0; i < 10_000; i++) {
            int n = i;
            results.add(lock.run(() -> order.add(n)));
        }
        assertThat(lock.waitingCount()).isEqualTo(10_000);
        lock.release();
        assertThat(order).hasSize(10_000);
        for (int i = 0; i < 10_000; i++) {
            assertThat(order.get(i)).isEqualTo(i);
        }
        assertThat(results).allSatisfy(d -> assertThat(successResultOf(d)).isTrue());
        assertThat(lock.locked()).isFalse();
    }

    /** A release inside a waiter's callback hands on the lock after that callback returns. */
    @Test
    void releaseInsideACallbackFiresTheNextWaiterAfterTheCallback() {
        DeferredLock lock = new DeferredLock();
        lock.acquire();
        List<String> events = new ArrayList<>();
        lock.acquire().addCallback(l -> {
            l.release();
            events.add("first callback done");
            return null;
        });
        lock.acquire().addCallback(l -> events.add("second got the lock"));
        lock.release();
        assertThat(events).containsExactly("first callback done", "second got the lock");
    }

    /** Many threads doing run() concurrently: mutual exclusion holds and no token is lost. */
    @Test
    void concurrentRunsAreMutuallyExclusive() throws Exception {
        DeferredLock lock = new DeferredLock();
        AtomicInteger inside = new AtomicInteger();
        AtomicInteger maxInside = new AtomicInteger();
        AtomicInteger done = new AtomicInteger();
        int threads = 4;
        int perThread = 500;
        CountDownLatch go = new CountDownLatch(1);
        List<Thread> ts = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            ts.add(Thread.ofPlatform().start(() -> {
                try {
                    go.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                for (int i = 0; i < perThread; i++) {
                    lock.run(() -> {
                        int now = inside.incrementAndGet();
                        maxInside.accumulateAndGet(now, Math::max);
                        inside.decrementAndGet();
                        return done.incrementAndGet();
                    });
                }
            }));
        }
        go.countDown();
        for (Thread t : ts) {
            t.join();
        }
        assertThat(done.get()).isEqualTo(threads * perThread);
        assertThat(maxInside.get()).isEqualTo(1);
        assertThat(lock.locked()).isFalse();
        assertThat(lock.waitingCount()).isZero();
    }

    /**
     * A release() that returned has granted the lock to the next waiter, even if another thread
     * (busy firing an earlier waiter) has not fired it yet: a later cancel of that waiter does
     * nothing; it fires holding the lock.
     */
    @Test
    void cancelAfterAnotherThreadsReleaseGrantedTheWaiterDoesNothing() throws Exception {
        DeferredLock lock = new DeferredLock();
        lock.acquire();
        Deferred<DeferredLock> first = lock.acquire();
        Deferred<DeferredLock> second = lock.acquire();
        CountDownLatch inCallback = new CountDownLatch(1);
        CountDownLatch proceed = new CountDownLatch(1);
        first.addCallback(l -> {
            inCallback.countDown();
            proceed.await();
            return l;
        });
        Thread handing = Thread.ofPlatform().start(lock::release); // fires first, then waits
        inCallback.await();

        lock.release(); // first's token goes to second; the handing thread will fire it
        assertThat(lock.waitingCount()).isZero();
        assertThat(lock.locked()).isTrue();
        second.cancel();

        assertThat(successResultOf(second)).isSameAs(lock);
        assertThat(lock.locked()).isTrue();
        proceed.countDown();
        handing.join();
        lock.release();
        assertThat(lock.locked()).isFalse();
    }

    /** Cancels racing with releases on other threads never lose the lock. */
    @Test
    void cancelsRacingWithReleasesLoseNoToken() throws Exception {
        for (int round = 0; round < 200; round++) {
            DeferredLock lock = new DeferredLock();
            lock.acquire();
            List<Deferred<DeferredLock>> waiters = new ArrayList<>();
            for (int i = 0; i < 20; i++) {
                waiters.add(lock.acquire());
            }
            CountDownLatch go = new CountDownLatch(1);
            Thread canceller = Thread.ofPlatform().start(() -> {
                try {
                    go.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                for (int i = 0; i < waiters.size(); i += 2) {
                    waiters.get(i).cancel();
                }
            });
            go.countDown();
            lock.release(); // hands the lock to the first waiter still there
            canceller.join();
            // Every waiter either holds (and now releases) the lock or was cancelled.
            int holders = 0;
            for (Deferred<DeferredLock> w : waiters) {
                if (w.called() && !(w.result() instanceof Failure)) {
                    holders++;
                }
            }
            assertThat(holders).isEqualTo(1);
            for (int i = 0; i < 30 && lock.locked(); i++) {
                lock.release();
            }
            assertThat(lock.locked()).isFalse();
            assertThat(lock.waitingCount()).isZero();
            for (Deferred<DeferredLock> w : waiters) {
                assertThat(w.called()).isTrue();
                w.addErrback(f -> null);
            }
        }
    }
}
