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
 * Waiters are served first come, first served. Cancelling a waiting {@code acquire()} withdraws
 * it; cancelling one that holds a token does nothing. Releasing more often than acquired is an
 * {@link IllegalStateException} (an assertion in Twisted). Safe to use from any thread; see
 * {@link ConcurrencyPrimitive} for which thread fires a waiter and why a release inside a waiter's
 * callback does not recurse.
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
