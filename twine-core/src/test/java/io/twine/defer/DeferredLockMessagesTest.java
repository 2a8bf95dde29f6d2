package io.twine.defer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** DeferredLock and DeferredSemaphore name themselves in their errors and text forms. */
class DeferredLockMessagesTest {

    /** Releasing a free DeferredLock is refused with a message naming the lock, and leaves it free. */
    @Test
    void releasingAFreeLockNamesTheLock() {
        DeferredLock lock = new DeferredLock();
        assertThatThrownBy(lock::release).isInstanceOf(IllegalStateException.class)
                .hasMessage("DeferredLock released more times than it was acquired");
        assertThat(lock.locked()).isFalse();
    }

    /** A DeferredLock's text form names it and shows its token and waiters. */
    @Test
    void lockToStringNamesTheLock() {
        DeferredLock lock = new DeferredLock();
        lock.acquire();
        lock.acquire();
        assertThat(lock).hasToString("DeferredLock[free=0/1, waiting=1]");
    }

    /** A DeferredSemaphore names itself in the same places. */
    @Test
    void semaphoreNamesItself() {
        DeferredSemaphore sem = new DeferredSemaphore(2);
        assertThat(sem).hasToString("DeferredSemaphore[free=2/2, waiting=0]");
        assertThatThrownBy(sem::release).isInstanceOf(IllegalStateException.class)
                .hasMessage("DeferredSemaphore released more times than it was acquired");
    }
}
