package io.twine.defer;

import java.util.Objects;

/**
 * How one input of a {@link DeferredList} ended: Twisted's {@code (success, result)} pair, where
 * {@code success} is {@link Defer#SUCCESS} or {@link Defer#FAILURE} and {@code result} is the value
 * or the {@link Failure}.
 *
 * <p>Exactly one side is meaningful: a success carries its {@link #value()} (possibly
 * {@code null}) and a {@code null} {@link #failure()}; a failure carries its Failure and a
 * {@code null} value. Immutable and safe to share between threads.
 *
 * @param success {@code true} for a result, {@code false} for a failure
 * @param value the result when {@code success}, else {@code null}
 * @param failure the failure when not {@code success}, else {@code null}
 * @param <T> the result type
 */
public record Outcome<T>(boolean success, T value, Failure failure) {

    /**
     * Checks that exactly one side is filled.
     *
     * @throws IllegalArgumentException if a success carries a failure, or a failure carries a
     *         value or no failure
     */
    public Outcome {
        if (success && failure != null) {
            throw new IllegalArgumentException("a successful Outcome cannot carry a failure: " + failure);
        }
        if (!success && (failure == null || value != null)) {
            throw new IllegalArgumentException("a failed Outcome needs a failure and no value");
        }
    }

    /**
     * A success (Twisted's {@code (SUCCESS, value)}).
     *
     * @param value the result, may be {@code null}
     * @param <T> the result type
     * @return the outcome
     */
    public static <T> Outcome<T> succeeded(T value) {
        return new Outcome<>(true, value, null);
    }

    /**
     * A failure (Twisted's {@code (FAILURE, failure)}).
     *
     * @param failure the failure, never {@code null}
     * @param <T> the result type it stands in for
     * @return the outcome
     */
    public static <T> Outcome<T> failed(Failure failure) {
        return new Outcome<>(false, null, Objects.requireNonNull(failure, "failure"));
    }

    /**
     * The second element of Twisted's pair: the value on success, the {@link Failure} otherwise.
     *
     * @return the value or the failure
     */
    public Object result() {
        return success ? value : failure;
    }

    /**
     * The value, or the failure thrown.
     *
     * @return the value of a success
     * @throws Failure the failure of a failed outcome
     */
    public T get() {
        if (!success) {
            throw failure;
        }
        return value;
    }

    /** Twisted's tuple form: {@code (true, value)} or {@code (false, <Failure type: message>)}. */
    @Override
    public String toString() {
        return success ? "(true, " + value + ")"
                : "(false, <Failure " + failure.type().getName() + ": " + failure.getErrorMessage() + ">)";
    }
}
