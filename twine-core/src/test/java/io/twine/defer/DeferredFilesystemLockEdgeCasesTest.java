package io.twine.defer;

import static io.twine.defer.DeferredFilesystemLockTest.failureOf;
import static io.twine.defer.DeferredFilesystemLockTest.outcome;
import static io.twine.defer.DeferredFilesystemLockTest.unchecked;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.twine.task.ManualClock;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * DeferredFilesystemLock edge cases: the last try made by a cancel or a timeout (succeeding, or
 * failing with an I/O error), an I/O error on a later try, the defaults and argument checks.
 */
class DeferredFilesystemLockEdgeCasesTest {

    @TempDir
    Path dir;

    final ManualClock clock = new ManualClock();

    /** An Os whose next symlink call fails with {@link #failNext}, when set (once). */
    static final class FailingOs implements FilesystemLock.Os {
        IOException failNext;

        @Override
        public void symlink(Path link, String target) throws IOException {
            IOException e = failNext;
            if (e != null) {
                failNext = null;
                throw e;
            }
            FilesystemLock.Os.super.symlink(link, target);
        }
    }

    /** A lock on the same path, held by this process, so that tries find it held. */
    private DeferredFilesystemLock heldBySomeoneElse(Path path) throws IOException {
        DeferredFilesystemLock holder = new DeferredFilesystemLock(path, clock);
        assertThat(holder.lock()).isTrue();
        return holder;
    }

    /** Without a poll interval, tries are one second apart (Twisted's _interval). */
    @Test
    void theDefaultPollIntervalIsOneSecond() {
        DeferredFilesystemLock lock = new DeferredFilesystemLock(dir.resolve("lock"), clock);
        assertThat(lock.pollInterval()).isEqualTo(Duration.ofSeconds(1));
        assertThat(DeferredFilesystemLock.DEFAULT_POLL_INTERVAL).isEqualTo(Duration.ofSeconds(1));
    }

    /** A null clock is refused with a message naming it. */
    @Test
    void aNullClockIsRefused() {
        assertThatThrownBy(() -> new DeferredFilesystemLock(dir.resolve("lock"), null))
                .isInstanceOf(NullPointerException.class).hasMessageContaining("clock");
    }

    /** A negative poll interval is refused like a zero one. */
    @Test
    void aNegativePollIntervalIsRefused() {
        assertThatThrownBy(() -> new DeferredFilesystemLock(dir.resolve("lock"), clock, Duration.ofSeconds(-1)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("poll interval must be positive, got PT-1S");
    }

    /** A timeout of NaN seconds is refused. */
    @Test
    void aNaNTimeoutIsRefused() {
        DeferredFilesystemLock lock = new DeferredFilesystemLock(dir.resolve("lock"), clock);
        assertThatThrownBy(() -> lock.deferUntilLocked(Double.NaN)).isInstanceOf(IllegalArgumentException.class);
        assertThat(clock.getDelayedCalls()).isEmpty();
    }

    /** Without a timeout, a held lock is tried for ever: no timeout call is scheduled. */
    @Test
    void withoutATimeoutOnlyTheNextTryIsScheduled() throws IOException {
        Path path = dir.resolve("lock");
        heldBySomeoneElse(path);
        Deferred<Void> d = new DeferredFilesystemLock(path, clock).deferUntilLocked();
        clock.pump(1, 1, 1);
        assertThat(d.called()).isFalse();
        assertThat(clock.getDelayedCalls()).hasSize(1);
        d.cancel();
        failureOf(d);
    }

    /** Only one timeout is scheduled however many tries fail. */
    @Test
    void theTimeoutIsScheduledOnceAcrossTries() throws IOException {
        Path path = dir.resolve("lock");
        heldBySomeoneElse(path);
        Deferred<Void> d = new DeferredFilesystemLock(path, clock).deferUntilLocked(10);
        clock.pump(1, 1, 1);
        assertThat(clock.getDelayedCalls()).hasSize(2); // the next try and the one timeout
        assertThat(clock.getDelayedCalls()).anySatisfy(c -> assertThat(c.getTime()).isEqualTo(10.0));
        d.cancel();
        failureOf(d);
    }

    /** When the timeout runs out just after the holder let go, its last try takes the lock. */
    @Test
    void theTimeoutsLastTryTakesALockFreedSinceThePreviousTry() throws IOException {
        Path path = dir.resolve("lock");
        DeferredFilesystemLock holder = heldBySomeoneElse(path);
        DeferredFilesystemLock lock = new DeferredFilesystemLock(path, clock);
        Deferred<Void> d = lock.deferUntilLocked(1.5);
        clock.callLater(1.2, unchecked(holder::unlock));
        clock.advance(1);   // try at 1: still held
        clock.advance(0.2); // the holder lets go
        assertThat(d.called()).isFalse();
        clock.advance(0.3); // the timeout: one last try
        assertThat(outcome(d)).isNull();
        assertThat(lock.locked()).isTrue();
        assertThat(clock.getDelayedCalls()).isEmpty();
    }

    /** An I/O error in the last try of a cancel is attached to the CancelledError, suppressed. */
    @Test
    void anIOErrorInACancelsLastTryIsSuppressedInTheCancelledError() throws IOException {
        Path path = dir.resolve("lock");
        heldBySomeoneElse(path);
        FailingOs os = new FailingOs();
        DeferredFilesystemLock lock = new DeferredFilesystemLock(path, clock, Duration.ofSeconds(1), os);
        Deferred<Void> d = lock.deferUntilLocked();
        IOException disk = new IOException("disk gone");
        os.failNext = disk;
        d.cancel();
        Throwable t = failureOf(d);
        assertThat(t).isInstanceOf(CancelledError.class)
                .hasMessage("deferUntilLocked(" + path + ") was cancelled");
        assertThat(t.getSuppressed()).containsExactly(disk);
        assertThat(clock.getDelayedCalls()).isEmpty();
    }

    /** An I/O error in the timeout's last try is attached to the TimeoutError, suppressed. */
    @Test
    void anIOErrorInATimeoutsLastTryIsSuppressedInTheTimeoutError() throws IOException {
        Path path = dir.resolve("lock");
        heldBySomeoneElse(path);
        FailingOs os = new FailingOs();
        DeferredFilesystemLock lock = new DeferredFilesystemLock(path, clock, Duration.ofSeconds(10), os);
        Deferred<Void> d = lock.deferUntilLocked(2);
        IOException disk = new IOException("disk gone");
        os.failNext = disk;
        clock.advance(2);
        Throwable t = failureOf(d);
        assertThat(t).isInstanceOf(TimeoutError.class);
        assertThat(t.getSuppressed()).containsExactly(disk);
        assertThat(clock.getDelayedCalls()).isEmpty();
    }

    /** An I/O error on a later try fails the Deferred with it and cancels the pending timeout. */
    @Test
    void anIOErrorOnALaterTryFailsWithItAndCancelsTheTimeout() throws IOException {
        Path path = dir.resolve("lock");
        heldBySomeoneElse(path);
        FailingOs os = new FailingOs();
        DeferredFilesystemLock lock = new DeferredFilesystemLock(path, clock, Duration.ofSeconds(1), os);
        Deferred<Void> d = lock.deferUntilLocked(30);
        clock.advance(1);
        IOException disk = new IOException("disk gone");
        os.failNext = disk;
        clock.advance(1);
        assertThat(failureOf(d)).isSameAs(disk);
        assertThat(clock.getDelayedCalls()).isEmpty();
        assertThat(lock.locked()).isFalse();
    }

    /** After an I/O error the lock may be waited for again. */
    @Test
    void afterAnIOErrorTheLockCanBeWaitedForAgain() {
        FailingOs os = new FailingOs();
        DeferredFilesystemLock lock = new DeferredFilesystemLock(dir.resolve("lock"), clock, Duration.ofSeconds(1), os);
        os.failNext = new IOException("once");
        failureOf(lock.deferUntilLocked());
        assertThat(outcome(lock.deferUntilLocked())).isNull();
        assertThat(lock.locked()).isTrue();
    }

    /** A second call while waiting names the lock and leaves the first call's tries alone. */
    @Test
    void theAlreadyTryingErrorNamesTheLock() throws IOException {
        Path path = dir.resolve("lock");
        heldBySomeoneElse(path);
        DeferredFilesystemLock lock = new DeferredFilesystemLock(path, clock);
        Deferred<Void> first = lock.deferUntilLocked();
        assertThat(failureOf(lock.deferUntilLocked())).isInstanceOf(AlreadyTryingToLockError.class)
                .hasMessage("deferUntilLocked is already waiting for " + path + "; it cannot be used concurrently");
        assertThat(clock.getDelayedCalls()).hasSize(1);
        first.cancel();
        failureOf(first);
    }

    /** Cancelling after the lock was taken changes nothing. */
    @Test
    void cancelAfterTheLockWasTakenDoesNothing() {
        DeferredFilesystemLock lock = new DeferredFilesystemLock(dir.resolve("lock"), clock);
        Deferred<Void> d = lock.deferUntilLocked(5);
        d.cancel();
        assertThat(outcome(d)).isNull();
        assertThat(lock.locked()).isTrue();
    }
}
