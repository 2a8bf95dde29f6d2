package io.twine.defer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.twine.task.ManualClock;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link DeferredFilesystemLock}: waiting for a filesystem lock on a {@link ManualClock}, in the
 * order of Twisted's DeferredFilesystemLockTests, plus Twine's additions (errors, races, a lock
 * held by another JVM).
 */
class DeferredFilesystemLockTest {
    private static final Object NOTHING = new Object();

    @TempDir
    Path dir;

    final ManualClock clock = new ManualClock();
    DeferredFilesystemLock lock;

    @BeforeEach
    void setUp() {
        lock = new DeferredFilesystemLock(dir.resolve("lock"), clock);
    }

    /** The value or Failure a Deferred holds, consuming a Failure; {@link #NOTHING} if unfired. */
    static Object outcome(Deferred<?> d) {
        Object[] box = {NOTHING};
        d.addBoth(r -> {
            box[0] = r;
            return null;
        });
        return box[0];
    }

    static Throwable failureOf(Deferred<?> d) {
        Object o = outcome(d);
        assertThat(o).as("outcome of %s", d).isInstanceOf(Failure.class);
        return ((Failure) o).value();
    }

    /** Runs {@code f} and ignores its checked exception type (test helper for lambdas). */
    static Runnable unchecked(IoAction f) {
        return () -> {
            try {
                f.run();
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        };
    }

    interface IoAction {
        void run() throws IOException;
    }

    @Test
    void aFreeLockIsTakenAtOnce() {
        Deferred<Void> d = lock.deferUntilLocked(1);
        assertThat(outcome(d)).isNull();
        assertThat(lock.locked()).isTrue();
        assertThat(clock.getDelayedCalls()).isEmpty();
    }

    @Test
    void aHeldLockIsTriedAgainEachPollInterval() throws IOException {
        assertThat(lock.lock()).isTrue();
        lock.deferUntilLocked();
        assertThat(clock.getDelayedCalls()).singleElement()
                .satisfies(call -> assertThat(call.getTime()).isEqualTo(1.0));
        clock.advance(1);
        assertThat(clock.getDelayedCalls()).singleElement()
                .satisfies(call -> assertThat(call.getTime()).isEqualTo(2.0));
    }

    @Test
    void aLockHeldLongerThanTheTimeoutFailsWithTimeoutError() throws IOException {
        assertThat(lock.lock()).isTrue();
        Deferred<Void> d = lock.deferUntilLocked(5.5);
        clock.pump(1, 1, 1, 1, 1);
        assertThat(d.called()).isFalse();
        clock.pump(1, 1, 1, 1, 1);
        assertThat(failureOf(d)).isInstanceOf(TimeoutError.class)
                .hasMessage("Timed out acquiring lock: " + lock.name() + " after 5.5s");
        assertThat(clock.getDelayedCalls()).isEmpty();
    }

    @Test
    void aLockReleasedBeforeTheTimeoutIsTaken() throws IOException {
        assertThat(lock.lock()).isTrue();
        clock.callLater(1, unchecked(lock::unlock));
        Deferred<Void> d = lock.deferUntilLocked(10);
        clock.pump(1, 1);
        assertThat(outcome(d)).isNull();
        assertThat(lock.locked()).isTrue();
        assertThat(clock.getDelayedCalls()).isEmpty(); // the timeout was cancelled
    }

    @Test
    void aSecondCallWhileWaitingFailsWithAlreadyTryingToLockError() throws IOException {
        lock.lock();
        clock.callLater(1, unchecked(lock::unlock));
        Deferred<Void> first = lock.deferUntilLocked();
        Deferred<Void> second = lock.deferUntilLocked();
        assertThat(failureOf(second)).isInstanceOf(AlreadyTryingToLockError.class);
        clock.advance(1);
        assertThat(outcome(first)).isNull();
    }

    @Test
    void theLockCanBeWaitedForAgainOnceTaken() throws IOException {
        lock.lock();
        clock.callLater(1, unchecked(lock::unlock));
        Deferred<Void> again = lock.deferUntilLocked().addCallbackDeferred(ignored -> {
            lock.unlock();
            return lock.deferUntilLocked();
        });
        clock.advance(1);
        assertThat(outcome(again)).isNull();
        assertThat(lock.locked()).isTrue();
    }

    @Test
    void cancelStopsTheTriesAndFailsWithCancelledError() throws IOException {
        lock.lock();
        Deferred<Void> d = lock.deferUntilLocked();
        assertThat(clock.getDelayedCalls()).hasSize(1);
        d.cancel();
        assertThat(clock.getDelayedCalls()).isEmpty();
        assertThat(failureOf(d)).isInstanceOf(CancelledError.class);
    }

    @Test
    void cancelAlsoCancelsTheTimeout() throws IOException {
        lock.lock();
        Deferred<Void> d = lock.deferUntilLocked(1);
        assertThat(clock.getDelayedCalls()).hasSize(2);
        d.cancel();
        assertThat(clock.getDelayedCalls()).isEmpty();
        assertThat(failureOf(d)).isInstanceOf(CancelledError.class);
    }

    @Test
    void cancelTriesOnceMoreAndSucceedsIfTheLockIsFreeByThen() throws IOException {
        lock.lock();
        Deferred<Void> d = lock.deferUntilLocked();
        lock.unlock(); // between two tries
        d.cancel();
        assertThat(outcome(d)).isNull();
        assertThat(lock.locked()).isTrue();
    }

    @Test
    void afterACancelTheLockCanBeWaitedForAgain() throws IOException {
        lock.lock();
        Deferred<Void> d = lock.deferUntilLocked();
        d.cancel();
        failureOf(d);
        lock.unlock();
        assertThat(outcome(lock.deferUntilLocked())).isNull();
    }

    @Test
    void aTimeoutAppliesAgainToALaterCall() throws IOException {
        lock.lock();
        Deferred<Void> first = lock.deferUntilLocked(2);
        clock.pump(1, 1);
        assertThat(failureOf(first)).isInstanceOf(TimeoutError.class);
        Deferred<Void> second = lock.deferUntilLocked(Duration.ofSeconds(3));
        clock.pump(1, 1, 1);
        assertThat(failureOf(second)).isInstanceOf(TimeoutError.class).hasMessageContaining("after 3.0s");
    }

    @Test
    void anIOErrorWhileTryingFailsTheDeferredAndStopsTrying() {
        DeferredFilesystemLock broken = new DeferredFilesystemLock(dir.resolve("missing").resolve("lock"), clock);
        Deferred<Void> d = broken.deferUntilLocked(5);
        assertThat(failureOf(d)).isInstanceOf(NoSuchFileException.class);
        assertThat(clock.getDelayedCalls()).isEmpty();
    }

    @Test
    void aNegativeTimeoutIsRefused() {
        assertThatThrownBy(() -> lock.deferUntilLocked(-1)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("timeout");
        assertThat(outcome(lock.deferUntilLocked())).isNull(); // nothing was left behind
    }

    @Test
    void aCustomPollIntervalIsUsed() throws IOException {
        DeferredFilesystemLock fast = new DeferredFilesystemLock(dir.resolve("lock"), clock, Duration.ofMillis(250));
        fast.lock();
        new DeferredFilesystemLock(dir.resolve("lock"), clock, Duration.ofMillis(250)).deferUntilLocked();
        assertThat(clock.getDelayedCalls()).singleElement()
                .satisfies(call -> assertThat(call.getTime()).isEqualTo(0.25));
        assertThat(fast.pollInterval()).isEqualTo(Duration.ofMillis(250));
    }

    @Test
    void aNonPositivePollIntervalIsRefused() {
        assertThatThrownBy(() -> new DeferredFilesystemLock(dir.resolve("lock"), clock, Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("poll interval");
    }

    @Test
    @Timeout(60)
    void aCancelRacingASuccessfulTryGivesTheSuccessNotCancelledError() throws Exception {
        Path path = dir.resolve("raced");
        Files.createSymbolicLink(path, Path.of("1")); // held by a live process
        CountDownLatch tryingAgain = new CountDownLatch(1);
        CountDownLatch proceed = new CountDownLatch(1);
        FilesystemLock.Os os = new FilesystemLock.Os() {
            int calls;

            @Override
            public void symlink(Path link, String target) throws IOException {
                if (++calls == 2) { // the second try: the holder lets go, then this try is slow
                    Files.delete(path);
                    tryingAgain.countDown();
                    try {
                        proceed.await();
                    } catch (InterruptedException e) {
                        throw new java.io.InterruptedIOException();
                    }
                }
                FilesystemLock.Os.super.symlink(link, target);
            }
        };
        DeferredFilesystemLock raced = new DeferredFilesystemLock(path, clock, Duration.ofSeconds(1), os);
        Deferred<Void> d = raced.deferUntilLocked();
        Thread clockThread = new Thread(() -> clock.advance(1));
        clockThread.start();
        tryingAgain.await();
        Thread canceller = new Thread(d::cancel);
        canceller.start();
        while (canceller.getState() != Thread.State.BLOCKED && canceller.isAlive()) {
            Thread.onSpinWait(); // until the cancel waits for the try in progress
        }
        proceed.countDown();
        clockThread.join();
        canceller.join();
        assertThat(outcome(d)).isNull();
        assertThat(raced.locked()).isTrue();
        assertThat(clock.getDelayedCalls()).isEmpty();
    }

    @Test
    @Timeout(120)
    void waitsForALockHeldByAnotherJvm() throws Exception {
        try (LockHolderProcess other = LockHolderProcess.start(lock.name())) {
            assertThat(other.await()).isEqualTo("locked");
            Deferred<Void> d = lock.deferUntilLocked(60);
            clock.pump(1, 1);
            assertThat(d.called()).isFalse();
            other.send("unlock");
            assertThat(other.await()).isEqualTo("unlocked");
            clock.advance(1);
            assertThat(outcome(d)).isNull();
            assertThat(Files.readSymbolicLink(lock.name())).hasToString(Long.toString(ProcessHandle.current().pid()));
        }
    }
}
