package io.twine.defer;

/**
 * A one-argument coroutine body, for {@link Coroutines#inlineCallbacks(CoroutineFunction)}.
 *
 * @param <A> the argument type
 * @param <R> the result type
 */
@FunctionalInterface
public interface CoroutineFunction<A, R> {
    /**
     * Runs the body as a coroutine; it may call {@link Coroutines#await} at any depth.
     *
     * @param argument the argument the returned function was called with
     * @return the coroutine's result
     * @throws Exception to fail the coroutine's Deferred with it
     */
    R apply(A argument) throws Exception;
}
