package io.twine.defer;

/**
 * A lock for code that must not block: Twisted's {@code defer.DeferredLock}. {@link #acquire()}
 * returns a Deferred that fires with the lock once it is held; {@link #release()} hands it to the
 * next waiter; {@link #run} does both around a function:
 *
 * <pre>{@code
 * DeferredLock lock = new DeferredLock();
 * lock.runDeferred(() -> writeRecord(r))   // one writer at a time, released on failure too
 *     .addCallback(ignored -> ...);
 * }</pre>
 *
 * Releasing a lock that is not held is an
 * {@link IllegalStateException} (an assertion in Twisted).
 *
 * <h2>Threads</h2>
 * The same guarantees as {@link Deferred}: any thread may acquire, release, run and cancel; the
 * state is guarded by an internal monitor that is never held while user code runs (waiters'
 * Deferreds are fired outside it). Tokens are granted strictly in the order {@code acquire()} was
 * called. A granted waiter's Deferred is fired by the thread whose {@code release()} granted it,
 * unless some thread is already firing waiters of this lock; then that thread fires it, after
 * the callback it is running returns. So a {@code release()} from inside a waiter's callback does
 * not recurse: ten thousand waiters that each release at once are served in one loop, at
 * constant stack depth. <b>Difference from Twisted:</b> such a release fires the next waiter after
 * the current callback returns, not nested inside it.
 *
 * <h2>Cancellation</h2>
 * Cancelling the Deferred of a waiting {@code acquire()} (or {@code run}) withdraws it: it fails
 * with {@link CancelledError} and never holds a token. Cancelling one that already holds a token
 * does nothing (the holder must still release). A waiter holds its token from the moment the
 * {@code release()} that grants it takes effect, even while its Deferred waits to be fired by
 * another thread; cancelling it then just fires it at once, on the cancelling thread. A cancel
 * that races with a grant on another thread ends one way or the other, never both, and loses no
 * token.
 */
public final class DeferredLock extends ConcurrencyPrimitive<DeferredLock> {

    /** Creates an unlocked lock. */
    public DeferredLock() {
        super(1);
    }

    @Override
    String what() {
        return "DeferredLock";
    }

    /**
     * Whether the lock is held, or has been handed to a waiter whose Deferred is about to fire
     * (Twisted's {@code locked}). A snapshot; useful for a "non-blocking" look.
     *
     * @return {@code true} while held
     */
    public boolean locked() {
        return freeTokens() == 0;
    }
}
