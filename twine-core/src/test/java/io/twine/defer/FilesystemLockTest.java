package io.twine.defer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link FilesystemLock}: Twisted's lockfile behaviour, within one process and between processes
 * (a second JVM holds the lock, or is killed while holding it).
 */
class FilesystemLockTest {
    private static final String ME = Long.toString(ProcessHandle.current().pid());

    @TempDir
    Path dir;

    Path lockPath() {
        return dir.resolve("lock");
    }

    /** A pid that no running process has: a child that has exited (and been reaped). */
    static long deadPid() throws Exception {
        String java = ProcessHandle.current().info().command().orElseThrow();
        Process p = new ProcessBuilder(java, "-version").redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(ProcessHandle.of(p.pid()).map(ProcessHandle::isAlive).orElse(false)).isFalse();
        return p.pid();
    }

    @Nested
    class InOneProcess {
        @Test
        void lockingAFreePathCreatesALinkNamingThisProcess() throws IOException {
            FilesystemLock lock = new FilesystemLock(lockPath());
            assertThat(lock.lock()).isTrue();
            assertThat(lock.locked()).isTrue();
            assertThat(lock.clean()).isTrue();
            assertThat(Files.readSymbolicLink(lockPath())).hasToString(ME);
        }

        @Test
        void unlockDeletesTheLink() throws IOException {
            FilesystemLock lock = new FilesystemLock(lockPath());
            lock.lock();
            lock.unlock();
            assertThat(lock.locked()).isFalse();
            assertThat(Files.exists(lockPath(), java.nio.file.LinkOption.NOFOLLOW_LINKS)).isFalse();
        }

        @Test
        void aHeldLockCannotBeTakenAgainEvenByThisProcess() throws IOException {
            FilesystemLock first = new FilesystemLock(lockPath());
            FilesystemLock second = new FilesystemLock(lockPath());
            assertThat(first.lock()).isTrue();
            assertThat(first.lock()).isFalse();
            assertThat(second.lock()).isFalse();
            assertThat(second.locked()).isFalse();
        }

        @Test
        void theLockCanBeTakenAgainAfterUnlock() throws IOException {
            FilesystemLock lock = new FilesystemLock(lockPath());
            lock.lock();
            lock.unlock();
            assertThat(new FilesystemLock(lockPath()).lock()).isTrue();
        }

        @Test
        void aLockOfALiveProcessIsNotBroken() throws IOException {
            Files.createSymbolicLink(lockPath(), Path.of("1")); // pid 1 runs in every pid namespace
            assertThat(new FilesystemLock(lockPath()).lock()).isFalse();
            assertThat(Files.readSymbolicLink(lockPath())).hasToString("1");
        }

        @Test
        void aStaleLockOfADeadProcessIsBrokenAndTakenUncleanly() throws Exception {
            Files.createSymbolicLink(lockPath(), Path.of(Long.toString(deadPid())));
            FilesystemLock lock = new FilesystemLock(lockPath());
            assertThat(lock.lock()).isTrue();
            assertThat(lock.clean()).isFalse();
            assertThat(Files.readSymbolicLink(lockPath())).hasToString(ME);
        }

        @Test
        void unlockingALockHeldByAnotherProcessThrowsAndLeavesIt() throws IOException {
            Files.createSymbolicLink(lockPath(), Path.of("1"));
            assertThatThrownBy(() -> new FilesystemLock(lockPath()).unlock())
                    .isInstanceOf(IllegalStateException.class).hasMessageContaining("held by process 1");
            assertThat(Files.readSymbolicLink(lockPath())).hasToString("1");
        }

        @Test
        void unlockingAFreeLockThrowsNoSuchFile() {
            assertThatThrownBy(() -> new FilesystemLock(lockPath()).unlock()).isInstanceOf(NoSuchFileException.class);
        }

        @Test
        void lockingInAMissingDirectoryThrowsTheIOException() {
            FilesystemLock lock = new FilesystemLock(dir.resolve("missing").resolve("lock"));
            assertThatThrownBy(lock::lock).isInstanceOf(NoSuchFileException.class);
            assertThat(lock.locked()).isFalse();
        }

        @Test
        void aRegularFileInTheWayIsReportedNotBroken() throws IOException {
            Files.writeString(lockPath(), "not a lock");
            assertThatThrownBy(() -> new FilesystemLock(lockPath()).lock())
                    .isInstanceOf(IOException.class).hasMessageContaining("not a symbolic link");
            assertThat(Files.readString(lockPath())).isEqualTo("not a lock");
        }

        @Test
        void aLinkThatNamesNoProcessIsReportedNotBroken() throws IOException {
            Files.createSymbolicLink(lockPath(), Path.of("somewhere-else"));
            assertThatThrownBy(() -> new FilesystemLock(lockPath()).lock())
                    .isInstanceOf(IOException.class).hasMessageContaining("not at a process id");
            assertThat(Files.readSymbolicLink(lockPath())).hasToString("somewhere-else");
        }

        @Test
        void isLockedTellsWhetherALiveProcessHoldsIt() throws IOException {
            assertThat(FilesystemLock.isLocked(lockPath())).isFalse();
            FilesystemLock lock = new FilesystemLock(lockPath());
            lock.lock();
            assertThat(FilesystemLock.isLocked(lockPath())).isTrue();
            lock.unlock();
            assertThat(FilesystemLock.isLocked(lockPath())).isFalse();
        }
    }

    /**
     * Races with other processes, replayed deterministically by intervening in one filesystem call
     * (as Twisted's tests monkeypatch {@code readlink} and {@code rmlink}).
     */
    @Nested
    class Races {
        static final long DEAD = 999_999_999L;

        /** The real calls, except that pid {@link #DEAD} never runs and {@code first} runs before the first readlink/delete. */
        FilesystemLock.Os intervening(String call, IoAction first) {
            return new FilesystemLock.Os() {
                boolean done;

                private void maybe(String which) throws IOException {
                    if (!done && which.equals(call)) {
                        done = true;
                        first.run();
                    }
                }

                @Override
                public String readlink(Path link) throws IOException {
                    maybe("readlink");
                    return FilesystemLock.Os.super.readlink(link);
                }

                @Override
                public void delete(Path link) throws IOException {
                    maybe("delete");
                    FilesystemLock.Os.super.delete(link);
                }

                @Override
                public boolean isAlive(long pid) {
                    return pid != DEAD && FilesystemLock.Os.super.isAlive(pid);
                }
            };
        }

        interface IoAction {
            void run() throws IOException;
        }

        @Test
        void aLockReleasedBetweenTheFailedCreateAndTheReadIsTakenOnTheNextTry() throws IOException {
            Files.createSymbolicLink(lockPath(), Path.of("1"));
            FilesystemLock lock = new FilesystemLock(lockPath(), intervening("readlink", () -> Files.delete(lockPath())));
            assertThat(lock.lock()).isTrue();
            assertThat(lock.clean()).isTrue();
            assertThat(Files.readSymbolicLink(lockPath())).hasToString(ME);
        }

        @Test
        void aStaleLockBrokenFirstByAnotherProcessIsTakenOnTheNextTry() throws IOException {
            Files.createSymbolicLink(lockPath(), Path.of(Long.toString(DEAD)));
            FilesystemLock lock = new FilesystemLock(lockPath(), intervening("delete", () -> Files.delete(lockPath())));
            assertThat(lock.lock()).isTrue();
            assertThat(Files.readSymbolicLink(lockPath())).hasToString(ME);
        }

        @Test
        void aStaleLockRetakenByALiveProcessBeforeTheReadIsRespected() throws IOException {
            Files.createSymbolicLink(lockPath(), Path.of(Long.toString(DEAD)));
            FilesystemLock lock = new FilesystemLock(lockPath(), intervening("readlink", () -> {
                Files.delete(lockPath());
                Files.createSymbolicLink(lockPath(), Path.of("1"));
            }));
            assertThat(lock.lock()).isFalse();
            assertThat(Files.readSymbolicLink(lockPath())).hasToString("1");
        }
    }

    @Nested
    class BetweenProcesses {
        @Test
        @Timeout(120)
        void aLockHeldByAnotherJvmCannotBeTakenUntilItUnlocks() throws Exception {
            try (LockHolderProcess other = LockHolderProcess.start(lockPath())) {
                assertThat(other.await()).isEqualTo("locked");
                assertThat(Files.readSymbolicLink(lockPath())).hasToString(Long.toString(other.pid()));
                FilesystemLock lock = new FilesystemLock(lockPath());
                assertThat(lock.lock()).isFalse();
                assertThat(FilesystemLock.isLocked(lockPath())).isTrue();
                other.send("unlock");
                assertThat(other.await()).isEqualTo("unlocked");
                assertThat(lock.lock()).isTrue();
                assertThat(lock.clean()).isTrue();
            }
        }

        @Test
        @Timeout(120)
        void anotherJvmCannotTakeALockThisProcessHolds() throws Exception {
            FilesystemLock lock = new FilesystemLock(lockPath());
            assertThat(lock.lock()).isTrue();
            try (LockHolderProcess other = LockHolderProcess.start(lockPath())) {
                assertThat(other.await()).isEqualTo("busy");
            }
            assertThat(Files.readSymbolicLink(lockPath())).hasToString(ME);
        }

        @Test
        @Timeout(120)
        void aLockLeftByAKilledJvmIsBrokenAndTakenUncleanly() throws Exception {
            LockHolderProcess other = LockHolderProcess.start(lockPath());
            assertThat(other.await()).isEqualTo("locked");
            other.kill();
            FilesystemLock lock = new FilesystemLock(lockPath());
            assertThat(lock.lock()).isTrue();
            assertThat(lock.clean()).isFalse();
            assertThat(Files.readSymbolicLink(lockPath())).hasToString(ME);
        }
    }
}
