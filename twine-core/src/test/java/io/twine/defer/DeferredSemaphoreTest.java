package io.twine.defer;

import static io.twine.defer.Results.failureResultOf;
import static io.twine.defer.Results.successResultOf;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;

/** DeferredSemaphore, after Twisted's OtherPrimitivesTests. */
class DeferredSemaphoreTest {

    /** tokens < 1 is refused at construction. */
    @Test
    void fewerThanOneTokenIsRefused() {
        assertThatThrownBy(() -> new DeferredSemaphore(0)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("tokens >= 1");
        assertThatThrownBy(() -> new DeferredSemaphore(-3)).isInstanceOf(IllegalArgumentException.class);
    }

    /** Up to limit acquisitions fire at once; the next waits. */
    @Test
    void limitAcquisitionsFireAtOnceTheNextWaits() {
        DeferredSemaphore sem = new DeferredSemaphore(3);
        for (int i = 0; i < 3; i++) {
            assertThat(successResultOf(sem.acquire())).isSameAs(sem);
        }
        assertThat(sem.tokens()).isZero();
        assertThat(sem.limit()).isEqualTo(3);
        Deferred<DeferredSemaphore> fourth = sem.acquire();
        assertThat(fourth.called()).isFalse();
        sem.release();
        assertThat(fourth.called()).isTrue();
        assertThat(sem.tokens()).isZero();
    }

    /** Releasing more often than acquired is an IllegalStateException. */
    @Test
    void releasingTooOftenIsAnError() {
        DeferredSemaphore sem = new DeferredSemaphore(2);
        sem.acquire();
        sem.release();
        assertThatThrownBy(sem::release).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("DeferredSemaphore released more times than it was acquired");
        assertThat(sem.tokens()).isEqualTo(2);
    }

    /** run bounds concurrency: never more than limit functions in flight. */
    @Test
    void runBoundsConcurrency() {
        DeferredSemaphore sem = new DeferredSemaphore(2);
        List<Deferred<String>> pending = new ArrayList<>();
        int[] inFlight = {0};
        int[] maxInFlight = {0};
        List<Deferred<String>> results = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            results.add(sem.runDeferred(() -> {
                inFlight[0]++;
                maxInFlight[0] = Math.max(maxInFlight[0], inFlight[0]);
                Deferred<String> d = new Deferred<>();
                pending.add(d);
                return d.addCallback(v -> {
                    inFlight[0]--;
                    return v;
                });
            }));
        }
        assertThat(pending).hasSize(2);
        for (int i = 0; i < 6; i++) {
            pending.get(i).callback("r" + i);
        }
        assertThat(maxInFlight[0]).isEqualTo(2);
        assertThat(results).extracting(Results::successResultOf).containsExactly("r0", "r1", "r2", "r3", "r4", "r5");
        assertThat(sem.tokens()).isEqualTo(2);
    }

    /** Cancelling a waiting acquire removes it; cancelling a held one does nothing. */
    @Test
    void cancelBeforeAndAfterAcquired() {
        DeferredSemaphore sem = new DeferredSemaphore(1);
        Deferred<DeferredSemaphore> held = sem.acquire();
        Deferred<DeferredSemaphore> waiting = sem.acquire();
        held.cancel();
        assertThat(successResultOf(held)).isSameAs(sem);
        waiting.cancel();
        failureResultOf(waiting, CancelledError.class);
        assertThat(sem.waitingCount()).isZero();
        sem.release();
        assertThat(sem.tokens()).isEqualTo(1);
    }

    /** Ten thousand queued waiters are served in order without recursion trouble. */
    @Test
    void tenThousandQueuedWaiters() {
        DeferredSemaphore sem = new DeferredSemaphore(2);
        sem.acquire();
        sem.acquire();
        int[] served = {0};
        for (int i = 0; i < 10_000; i++) {
            sem.run(() -> ++served[0]);
        }
        sem.release();
        assertThat(served[0]).isEqualTo(10_000);
        assertThat(sem.tokens()).isEqualTo(1);
        sem.release();
        assertThat(sem.tokens()).isEqualTo(2);
    }

    /**
     * A release() that returned has granted its token to the next waiter even if another thread
     * has yet to fire it: cancelling that waiter afterwards does nothing, and the token is still
     * held (no other acquire gets it).
     */
    @Test
    void cancelAfterAnotherThreadsReleaseGrantedTheWaiterDoesNothing() throws Exception {
        DeferredSemaphore sem = new DeferredSemaphore(2);
        sem.acquire();
        sem.acquire();
        Deferred<DeferredSemaphore> first = sem.acquire();
        Deferred<DeferredSemaphore> second = sem.acquire();
        CountDownLatch inCallback = new CountDownLatch(1);
        CountDownLatch proceed = new CountDownLatch(1);
        first.addCallback(s -> {
            inCallback.countDown();
            proceed.await();
            return s;
        });
        Thread handing = Thread.ofPlatform().start(sem::release); // fires first, then waits
        inCallback.await();

        sem.release(); // granted to second; the handing thread will fire it
        second.cancel();

        assertThat(successResultOf(second)).isSameAs(sem);
        assertThat(sem.tokens()).isZero();
        assertThat(sem.acquire().called()).isFalse();
        proceed.countDown();
        handing.join();
    }
}
