package io.twine.defer;

import io.twine.task.Clock;
import io.twine.task.DelayedCall;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;

/**
 * A {@link FilesystemLock} that can be waited for without blocking: Twisted's
 * {@code defer.DeferredFilesystemLock}.
 *
 * <p>{@link #deferUntilLocked()} tries to take the lock at once and then again every
 * {@linkplain #pollInterval() poll interval} (one second by default, as in Twisted) on the given
 * {@link Clock}, until it succeeds, times out or is cancelled. Nothing blocks: each try is a
 * single non-waiting {@link #lock()} run by the clock.
 *
 * <pre>{@code
 * DeferredFilesystemLock lock = new DeferredFilesystemLock(dir.resolve("db.lock"), clock);
 * lock.deferUntilLocked(30)
 *     .addCallback(ignored -> { migrate(); lock.unlock(); return null; });
 * }</pre>
 *
 * <p>Threads: the first try runs on the calling thread, later tries on the clock's thread; the
 * Deferred fires on whichever thread made the successful or final try (or the thread that
 * cancelled it). Tries, cancellation and timeout are serialised on this object, so a lock taken
 * by one try is never lost to a racing cancel.
 */
public class DeferredFilesystemLock extends FilesystemLock {
    /** Twisted's {@code _interval}: one second between tries. */
    public static final Duration DEFAULT_POLL_INTERVAL = Duration.ofSeconds(1);

    private final Clock clock;
    private final double pollSeconds;
    /** The call in progress, or {@code null}; guarded by this. */
    private Attempt attempt;

    /**
     * A lock at {@code name} whose tries are scheduled on {@code clock} once a second.
     *
     * @param name where the lock's symbolic link lives
     * @param clock schedules the tries and measures timeouts
     */
    public DeferredFilesystemLock(Path name, Clock clock) {
        this(name, clock, DEFAULT_POLL_INTERVAL);
    }

    /**
     * A lock at {@code name} whose tries are scheduled on {@code clock} every {@code pollInterval}.
     *
     * @param name where the lock's symbolic link lives
     * @param clock schedules the tries and measures timeouts
     * @param pollInterval time between two tries, positive
     * @throws IllegalArgumentException if {@code pollInterval} is zero or negative
     */
    public DeferredFilesystemLock(Path name, Clock clock, Duration pollInterval) {
        this(name, clock, pollInterval, Os.REAL);
    }

    /** As the public constructor, with the filesystem calls going through {@code os} (for tests). */
    DeferredFilesystemLock(Path name, Clock clock, Duration pollInterval, Os os) {
        super(name, os);
        this.clock = Objects.requireNonNull(clock, "DeferredFilesystemLock needs a clock, got null");
        Objects.requireNonNull(pollInterval, "pollInterval");
        if (pollInterval.isNegative() || pollInterval.isZero()) {
            throw new IllegalArgumentException("poll interval must be positive, got " + pollInterval);
        }
        this.pollSeconds = Clock.toSeconds(pollInterval);
    }

    /**
     * The time between two tries.
     *
     * @return the poll interval
     */
    public Duration pollInterval() {
        return Duration.ofNanos(Math.round(pollSeconds * 1e9));
    }

    /**
     * Waits, without a timeout, until this process holds the lock.
     *
     * @return see {@link #deferUntilLocked(double)}
     */
    public Deferred<Void> deferUntilLocked() {
        return start(Double.NaN);
    }

    /**
     * Waits until this process holds the lock, for at most {@code timeout}.
     *
     * @param timeout how long to keep trying, not negative
     * @return see {@link #deferUntilLocked(double)}
     */
    public Deferred<Void> deferUntilLocked(Duration timeout) {
        return deferUntilLocked(Clock.toSeconds(Objects.requireNonNull(timeout, "timeout")));
    }

    /**
     * Waits until this process holds the lock, for at most {@code timeoutSeconds} (Twisted's
     * {@code deferUntilLocked(timeout)}). The returned Deferred:
     * <ul>
     * <li>fires with {@code null} once a try takes the lock (at once, on this thread, if it is
     *     free);</li>
     * <li>fails with {@link TimeoutError} ("Timed out acquiring lock: <i>name</i> after
     *     <i>t</i>s") if the lock is still held when the timeout runs out; one last try is made
     *     first, as for a cancel;</li>
     * <li>fails with {@link AlreadyTryingToLockError}, and changes nothing, if an earlier call is
     *     still waiting;</li>
     * <li>fails with the {@link IOException} if a try fails for another reason than the lock being
     *     held (see {@link #lock()}); the waiting stops;</li>
     * <li>on {@link Deferred#cancel()}: stops the tries and the timeout, then tries once more,
     *     firing with {@code null} if that succeeds and failing with {@link CancelledError}
     *     otherwise.</li>
     * </ul>
     * Once the Deferred has fired, the lock may be waited for again.
     *
     * @param timeoutSeconds how long to keep trying, {@code >= 0}
     * @return fires when this process holds the lock
     * @throws IllegalArgumentException if the timeout is negative or not a number
     */
    public Deferred<Void> deferUntilLocked(double timeoutSeconds) {
        return start(Clock.checkDelay(timeoutSeconds, "timeout"));
    }

    private Deferred<Void> start(double timeoutSeconds) {
        Attempt a;
        synchronized (this) {
            if (attempt != null) {
                return Deferred.fail(new AlreadyTryingToLockError(
                        "deferUntilLocked is already waiting for " + name() + "; it cannot be used concurrently"));
            }
            a = new Attempt(timeoutSeconds);
            attempt = a;
        }
        a.tryLock();
        return a.deferred;
    }

    /**
     * One call of deferUntilLocked: its Deferred, its next try and its timeout.
     *
     * <p>Every path (a try, the timeout, a cancel) decides the outcome under the monitor, then
     * calls {@link #deliver()} outside it; deliver fires the Deferred exactly once, on whichever
     * thread gets there first. That matters for a cancel racing a successful try: the canceller
     * delivers the success itself, so the Deferred cannot report "cancelled" while the lock is
     * held.
     */
    private final class Attempt {
        private static final Object LOCKED = new Object();

        final double timeoutSeconds; // NaN: none
        final Deferred<Void> deferred = new Deferred<>(d -> giveUp(new CancelledError(
                "deferUntilLocked(" + name() + ") was cancelled")));
        // Guarded by DeferredFilesystemLock.this:
        DelayedCall nextTry;
        DelayedCall timeout;
        /** null while undecided, then LOCKED or the Throwable to fail with. */
        Object outcome;
        boolean delivered;

        Attempt(double timeoutSeconds) {
            this.timeoutSeconds = timeoutSeconds;
        }

        /** One try; reschedules itself while the lock is held by somebody else. */
        void tryLock() {
            synchronized (DeferredFilesystemLock.this) {
                if (attempt != this) {
                    return; // cancelled or timed out while this try was due
                }
                try {
                    if (!lock()) {
                        if (!Double.isNaN(timeoutSeconds) && timeout == null) {
                            timeout = clock.callLater(timeoutSeconds, () -> giveUp(new TimeoutError(timeoutSeconds,
                                    "Timed out acquiring lock: " + name() + " after " + timeoutSeconds + "s")));
                        }
                        nextTry = clock.callLater(pollSeconds, this::tryLock);
                        return;
                    }
                    outcome = LOCKED;
                } catch (IOException e) {
                    outcome = e;
                }
                finish();
            }
            deliver();
        }

        /** Cancel or timeout: stop trying, try once more, and fire. */
        void giveUp(RuntimeException reason) {
            synchronized (DeferredFilesystemLock.this) {
                if (attempt == this) {
                    finish();
                    try {
                        outcome = lock() ? LOCKED : reason;
                    } catch (IOException e) {
                        reason.addSuppressed(e);
                        outcome = reason;
                    }
                }
                // Otherwise another path decided already; deliver() below fires its outcome if
                // that path has not yet done so.
            }
            deliver();
        }

        /** Fires the decided outcome, once; outside the monitor, so callbacks may use the lock. */
        private void deliver() {
            Object o;
            synchronized (DeferredFilesystemLock.this) {
                if (delivered || outcome == null) {
                    return;
                }
                delivered = true;
                o = outcome;
            }
            if (o == LOCKED) {
                deferred.callback(null);
            } else {
                deferred.errback((Throwable) o);
            }
        }

        /** Ends this attempt: no more tries, no timeout; with the monitor held. */
        private void finish() {
            attempt = null;
            cancelQuietly(nextTry);
            cancelQuietly(timeout);
            nextTry = null;
            timeout = null;
        }
    }

    private static void cancelQuietly(DelayedCall call) {
        if (call != null && call.active()) {
            try {
                call.cancel();
            } catch (IllegalStateException raced) {
                // It is running right now (this very call, or another thread's): nothing to undo.
            }
        }
    }
}
