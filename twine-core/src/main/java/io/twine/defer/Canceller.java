package io.twine.defer;

/**
 * Stops the operation behind a {@link Deferred} when it is {@linkplain Deferred#cancel() cancelled}
 * (Twisted's {@code canceller} argument).
 *
 * <p>It runs on the thread that calls {@code cancel()}, at most once, and only if the Deferred has
 * not fired. It may fire the Deferred itself (with any result, success included); if it does not,
 * the Deferred then fails with {@link CancelledError}. An exception it throws propagates out of
 * {@code cancel()} and leaves the Deferred unfired, as in Twisted.
 *
 * @param <T> the Deferred's result type
 */
@FunctionalInterface
public interface Canceller<T> {
    /**
     * Cancels the operation.
     *
     * @param deferred the Deferred being cancelled
     */
    void cancel(Deferred<T> deferred);
}
