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
 * Waiters are served first come, first served. Cancelling a waiting {@code acquire()} withdraws
 * it; cancelling one that holds the lock does nothing. Releasing a lock that is not held is an
 * {@link IllegalStateException} (an assertion in Twisted). Safe to use from any thread; see
 * {@link ConcurrencyPrimitive} for which thread fires a waiter and why a release inside a waiter's
 * callback does not recurse.
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
