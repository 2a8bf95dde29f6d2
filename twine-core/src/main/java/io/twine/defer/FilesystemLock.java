package io.twine.defer;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Objects;

/**
 * A lock between processes, kept in the filesystem: Twisted's {@code twisted.python.lockfile.FilesystemLock}.
 *
 * <p>The lock is a symbolic link at {@link #name()} whose target is the process id of the owner
 * (the link points at no real file). Creating a symbolic link is atomic and fails if the name
 * exists, so exactly one process can create it; deleting it releases the lock. The format is
 * Twisted's, so Twine and Twisted processes can share a lock.
 *
 * <p>If the link names a process that no longer runs (it was killed, or exited without
 * unlocking), the lock is <em>stale</em>: {@link #lock()} deletes it and takes the lock, and
 * {@link #clean()} then reports {@code false}.
 *
 * <p>The owner is the <em>process</em>, not this object: another {@code FilesystemLock} on the same
 * path in the same JVM cannot take the lock while it is held, but could release it. A process
 * whose id is reused by an unrelated process after the owner died makes the stale lock look
 * held; two processes breaking the same stale lock at the same moment can, rarely, both believe
 * they hold it. Both limits are Twisted's. Symbolic links must be supported by the filesystem
 * (on Windows they may need a privilege Twisted's fallback does not; Twine has no fallback).
 *
 * <p>Thread-safe: methods are synchronized on this object and do their filesystem work on the
 * calling thread.
 */
public class FilesystemLock {
    private final Path name;
    private final Os os;
    private boolean locked;
    private boolean clean;

    /**
     * A lock at {@code name}; nothing happens on disk until {@link #lock()}.
     *
     * @param name where the lock's symbolic link lives; its directory must exist
     */
    public FilesystemLock(Path name) {
        this(name, Os.REAL);
    }

    /** A lock whose filesystem and process calls go through {@code os}; tests replay races with it. */
    FilesystemLock(Path name, Os os) {
        this.name = Objects.requireNonNull(name, "FilesystemLock needs a path, got null");
        this.os = os;
    }

    /**
     * Tries once to take the lock, without waiting (Twisted's {@code lock}). Breaks a stale lock
     * left by a process that no longer runs.
     *
     * @return {@code true} if this process now holds the lock; {@code false} if a running
     *         process, this one included, holds it
     * @throws IOException if the filesystem fails in any other way (for example, the directory
     *         does not exist), or if {@link #name()} exists but is not a lock (not a symbolic
     *         link, or one that does not name a process id); the lock is then not taken
     */
    public final synchronized boolean lock() throws IOException {
        boolean wasClean = true;
        for (;;) {
            try {
                os.symlink(name, Long.toString(os.pid()));
            } catch (FileAlreadyExistsException held) {
                long owner;
                try {
                    owner = readOwner();
                } catch (NoSuchFileException vanished) {
                    continue; // released meanwhile: race for it again
                }
                if (os.isAlive(owner)) {
                    return false;
                }
                try {
                    os.delete(name);
                } catch (NoSuchFileException brokenByOther) {
                    continue; // another process broke it first: race for it again
                }
                wasClean = false;
                continue;
            } catch (UnsupportedOperationException e) {
                throw new IOException("cannot lock " + name + ": this filesystem has no symbolic links", e);
            }
            locked = true;
            clean = wasClean;
            return true;
        }
    }

    /**
     * Releases the lock by deleting its link (Twisted's {@code unlock}).
     *
     * @throws IllegalStateException if the lock is held by another process (it is left alone)
     * @throws IOException if the link cannot be read or deleted, for example because nobody holds
     *         the lock ({@link NoSuchFileException})
     */
    public final synchronized void unlock() throws IOException {
        long owner = readOwner();
        long me = os.pid();
        if (owner != me) {
            throw new IllegalStateException("lock " + name + " is held by process " + owner + ", not by this one (" + me + ")");
        }
        os.delete(name);
        locked = false;
    }

    /**
     * Whether this object took the lock with {@link #lock()} and has not released it with
     * {@link #unlock()} (Twisted's {@code locked}). It does not look at the disk.
     *
     * @return {@code true} while held through this object
     */
    public final synchronized boolean locked() {
        return locked;
    }

    /**
     * Whether the last successful {@link #lock()} found the lock free, rather than breaking a
     * stale lock left by a dead process (Twisted's {@code clean}). Meaningful only after a
     * {@code lock()} that returned {@code true}.
     *
     * @return {@code false} if the previous owner died without unlocking
     */
    public final synchronized boolean clean() {
        return clean;
    }

    /**
     * Where the lock lives (Twisted's {@code name}).
     *
     * @return the path of the symbolic link
     */
    public final Path name() {
        return name;
    }

    /**
     * Whether some running process holds the lock at {@code name} (Twisted's {@code isLocked}).
     * Finds out by taking and releasing it, so a stale lock is broken on the way.
     *
     * @param name where the lock lives
     * @return {@code true} if a running process (this one included) holds it
     * @throws IOException as {@link #lock()}
     */
    public static boolean isLocked(Path name) throws IOException {
        FilesystemLock probe = new FilesystemLock(name);
        if (probe.lock()) {
            probe.unlock();
            return false;
        }
        return true;
    }

    @Override
    public String toString() {
        return getClass().getSimpleName() + "[" + name + (locked() ? ", locked" : "") + "]";
    }

    private long readOwner() throws IOException {
        String target;
        try {
            target = os.readlink(name);
        } catch (java.nio.file.NotLinkException e) {
            throw new IOException("cannot use " + name + " as a lock: it exists and is not a symbolic link", e);
        }
        try {
            return Long.parseLong(target);
        } catch (NumberFormatException e) {
            throw new IOException("cannot use " + name + " as a lock: it points at '" + target
                    + "', not at a process id", e);
        }
    }

    /** The filesystem and process calls the lock makes (Twisted's tests monkeypatch the same ones). */
    interface Os {
        /** The real filesystem and processes. */
        Os REAL = new Os() {
        };

        default void symlink(Path link, String target) throws IOException {
            Files.createSymbolicLink(link, Path.of(target));
        }

        default String readlink(Path link) throws IOException {
            return Files.readSymbolicLink(link).toString();
        }

        default void delete(Path link) throws IOException {
            Files.delete(link);
        }

        default boolean isAlive(long pid) {
            return ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
        }

        default long pid() {
            return ProcessHandle.current().pid();
        }
    }
}
