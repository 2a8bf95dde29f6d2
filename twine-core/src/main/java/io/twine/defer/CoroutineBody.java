package io.twine.defer;

/**
 * The body of a coroutine: ordinary Java code that may call {@link Coroutines#await} (directly or
 * from any method it calls) to wait for a {@link Deferred} without blocking a thread. Run it with
 * {@link Deferred#fromCoroutine}; it is Twine's form of Twisted's {@code async def} coroutine.
 *
 * <p>Returning a value fires the coroutine's Deferred with it (Twisted's {@code return} /
 * {@code returnValue}); throwing anything, checked exceptions included, fails it with that
 * exception.
 *
 * @param <T> the result type
 */
@FunctionalInterface
public interface CoroutineBody<T> {
    /**
     * Runs the body.
     *
     * @return the coroutine's result
     * @throws Exception to fail the coroutine's Deferred with it
     */
    T run() throws Exception;
}
