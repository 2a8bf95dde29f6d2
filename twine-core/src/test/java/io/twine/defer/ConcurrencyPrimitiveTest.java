package io.twine.defer;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What DeferredLock and DeferredSemaphore share: grants made during a hand-out, and the description. */
class ConcurrencyPrimitiveTest {

    /**
     * A release inside a waiter's callback grants the next waiter, which is fired only after that
     * callback returns; cancelling it in between does nothing, since the release already took
     * effect (as in Twisted, where the release would have fired it at once): it still gets the lock.
     */
    @Test
    void cancellingAGrantedWaiterBeforeItFiresStillGivesItTheLock() {
        DeferredLock lock = new DeferredLock();
        lock.acquire();
        Deferred<DeferredLock> first = lock.acquire();
        Deferred<DeferredLock> second = lock.acquire();
        Deferred<DeferredLock> third = lock.acquire();
        List<String> seen = new ArrayList<>();
        second.addCallbacks(l -> {
            seen.add("second holds it");
            return l;
        }, f -> {
            seen.add("second " + f.type().getSimpleName());
            return null;
        });
        third.addCallback(l -> {
            seen.add("third holds it");
            return l;
        });
        first.addCallback(l -> {
            l.release(); // grants second, to be fired once this callback returns
            seen.add("second fired yet: " + second.called());
            second.cancel();
            return l;
        });
        lock.release();
        assertThat(seen).containsExactly("second fired yet: false", "second holds it");
        assertThat(lock.locked()).isTrue();
        assertThat(lock.waitingCount()).isOne();
        lock.release();
        assertThat(seen).endsWith("third holds it");
        lock.release();
        assertThat(lock.locked()).isFalse();
    }

    /** The same for a semaphore: the granted waiter keeps its token, none goes back to the pool. */
    @Test
    void cancellingTheOnlyGrantedWaiterLeavesItTheToken() {
        DeferredSemaphore sem = new DeferredSemaphore(1);
        sem.acquire();
        Deferred<DeferredSemaphore> first = sem.acquire();
        Deferred<DeferredSemaphore> second = sem.acquire();
        first.addCallback(s -> {
            s.release();
            second.cancel();
            return s;
        });
        sem.release();
        assertThat(second.called()).isTrue();
        assertThat(second.result()).isSameAs(sem);
        assertThat(sem.tokens()).isZero(); // second holds the only token
        assertThat(sem.waitingCount()).isZero();
    }

    @Test
    void toStringShowsFreeTokensAndWaiters() {
        DeferredSemaphore sem = new DeferredSemaphore(2);
        sem.acquire();
        assertThat(sem).hasToString("DeferredSemaphore[free=1/2, waiting=0]");
        sem.acquire();
        sem.acquire();
        assertThat(sem).hasToString("DeferredSemaphore[free=0/2, waiting=1]");
        assertThat(new DeferredLock()).hasToString("DeferredLock[free=1/1, waiting=0]");
    }
}
