package io.twine.defer;

/**
 * A two-argument coroutine body, for {@link Coroutines#inlineCallbacks(CoroutineBiFunction)}.
 *
 * @param <A> the first argument type
 * @param <B> the second argument type
 * @param <R> the result type
 */
@FunctionalInterface
public interface CoroutineBiFunction<A, B, R> {
    /**
     * Runs the body as a coroutine; it may call {@link Coroutines#await} at any depth.
     *
     * @param first the first argument the returned function was called with
     * @param second the second argument
     * @return the coroutine's result
     * @throws Exception to fail the coroutine's Deferred with it
     */
    R apply(A first, B second) throws Exception;
}
