package io.twine.defer;

/**
 * A result together with the position of the input that produced it: what {@link Defer#race}
 * fires with (Twisted's {@code (index, value)}) and what a
 * {@linkplain DeferredList#fireOnOneCallback fireOnOneCallback} list fires with on the first
 * success (Twisted's {@code (value, index)}; Java gives both one record). Immutable.
 *
 * @param index the position of the input in the list that was passed in, from 0
 * @param value its result, may be {@code null}
 * @param <T> the result type
 */
public record Indexed<T>(int index, T value) implements DeferredList.FirstOrAll<T> {
}
