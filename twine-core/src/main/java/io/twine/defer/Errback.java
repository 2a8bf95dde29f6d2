package io.twine.defer;

/**
 * The failure half of a callback pair: receives the {@link Failure} at the head of a
 * {@link Deferred}'s chain (Twisted's errback).
 *
 * <p>An errback <em>recovers</em> by returning a value (the chain continues on the success side
 * with it) and <em>passes the error on</em> by throwing: {@link Failure#trap} throws the same
 * Failure when nothing matches, so the next errback sees the very same object. Returning a
 * {@link Deferred} chains as for {@link Callback}; returning a {@link Failure} is the same as
 * throwing it.
 *
 * @param <R> the type of result the errback recovers with
 */
@FunctionalInterface
public interface Errback<R> {
    /**
     * Handles a failure.
     *
     * @param failure the failure at the head of the chain, never {@code null}
     * @return the recovered result
     * @throws Exception to keep the chain on the failure side
     */
    R call(Failure failure) throws Exception;
}
