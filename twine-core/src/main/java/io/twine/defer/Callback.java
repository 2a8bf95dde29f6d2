package io.twine.defer;

/**
 * The success half of a callback pair: receives the current result of a {@link Deferred} and returns
 * the next one (Twisted's callback function).
 *
 * <p>Returning a value passes it to the next callback. Returning a {@link Deferred} pauses the chain
 * until that Deferred fires, and its result becomes the current result. Throwing anything (checked
 * exceptions included) turns the chain to the failure side: the exception, wrapped in a
 * {@link Failure} unless it is one, goes to the next errback. Returning a {@link Failure} is the
 * same as throwing it.
 *
 * @param <T> the type of result this callback accepts
 * @param <R> the type of result it produces
 */
@FunctionalInterface
public interface Callback<T, R> {
    /**
     * Handles a result.
     *
     * @param result the current result of the chain (may be {@code null})
     * @return the next result of the chain
     * @throws Exception to send the chain down the failure path
     */
    R call(T result) throws Exception;
}
