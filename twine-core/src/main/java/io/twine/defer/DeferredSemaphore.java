package io.twine.defer;

/**
 * A semaphore for code that must not block: Twisted's {@code defer.DeferredSemaphore}. At most
 * {@link #limit()} holders at once; typically used to bound how many operations run concurrently:
 *
 * <pre>{@code
 * DeferredSemaphore sem = new DeferredSemaphore(4);
 * List<Deferred<Page>> pages = urls.stream().map(u -> sem.runDeferred(() -> fetch(u))).toList();
 * Defer.gatherResults(pages).addCallback(...);   // at most 4 fetches in flight
 * }</pre>
 *
 * Releasing more often than acquired is an
 * {@link IllegalStateException} (an assertion in Twisted).
 *
 * <h2>Threads</h2>
 * The same guarantees as {@link Deferred}: any thread may acquire, release, run and cancel; the
 * state is guarded by an internal monitor that is never held while user code runs (waiters'
 * Deferreds are fired outside it). Tokens are granted strictly in the order {@code acquire()} was
 * called. A granted waiter's Deferred is fired by the thread whose {@code release()} granted it,
 * unless some thread is already firing waiters of this semaphore; then that thread fires it, after
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
public final class DeferredSemaphore extends ConcurrencyPrimitive<DeferredSemaphore> {

    /**
     * Creates a semaphore with {@code tokens} free tokens.
     *
     * @param tokens the limit and initial number of free tokens, {@code >= 1}
     * @throws IllegalArgumentException if {@code tokens < 1} (Twisted: ValueError)
     */
    public DeferredSemaphore(int tokens) {
        super(checkTokens(tokens));
    }

    private static int checkTokens(int tokens) {
        if (tokens < 1) {
            throw new IllegalArgumentException("DeferredSemaphore needs tokens >= 1, got " + tokens);
        }
        return tokens;
    }

    @Override
    String what() {
        return "DeferredSemaphore";
    }

    /**
     * How many tokens are free right now (Twisted's {@code tokens}): {@link #limit()} minus the
     * current holders, counting waiters that were just granted one.
     *
     * @return a snapshot, from 0 to {@link #limit()}
     */
    public int tokens() {
        return freeTokens();
    }

    /**
     * The most holders there can be at once (Twisted's {@code limit}).
     *
     * @return the number given at construction
     */
    public int limit() {
        return limitTokens();
    }
}
