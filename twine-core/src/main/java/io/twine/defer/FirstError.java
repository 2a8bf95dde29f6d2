package io.twine.defer;

import java.util.Objects;

/**
 * The first failure among the inputs of a {@link DeferredList} built with
 * {@code fireOnOneErrback}, or of {@link Defer#gatherResults}: Twisted's {@code defer.FirstError}.
 * The list fails with a {@link Failure} wrapping this error; {@link #subFailure()} is the input's
 * own failure and {@link #index()} the input's position.
 *
 * <p>Its {@linkplain #getCause() cause} is the input's original exception, so stack traces show it.
 * Two FirstErrors are {@linkplain #equals equal} when their index and sub-failure are (as in
 * Twisted's comparison); they never equal anything else.
 */
public final class FirstError extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** The input's failure; not serialized (the cause carries the original exception). */
    private final transient Failure subFailure;
    /** The input's position. */
    private final int index;

    /**
     * Creates the error.
     *
     * @param subFailure the failure of the input, never {@code null}
     * @param index the input's position, from 0
     * @throws IllegalArgumentException if {@code index} is negative
     */
    public FirstError(Failure subFailure, int index) {
        super("FirstError[#" + index + ", " + describe(subFailure) + "]",
                Objects.requireNonNull(subFailure, "FirstError needs the input's failure, got null").value(),
                false, true);
        if (index < 0) {
            throw new IllegalArgumentException("index must be >= 0, got " + index);
        }
        this.subFailure = subFailure;
        this.index = index;
    }

    private static String describe(Failure f) {
        return f == null ? "null" : f.type().getName() + ": " + f.getErrorMessage();
    }

    /**
     * The failure of the input that failed first (Twisted's {@code subFailure}).
     *
     * @return the input's failure
     */
    public Failure subFailure() {
        return subFailure;
    }

    /**
     * The position of that input (Twisted's {@code index}).
     *
     * @return the index, from 0
     */
    public int index() {
        return index;
    }

    /**
     * Equal to another FirstError with the same index and the same sub-failure.
     *
     * @param o the other object
     * @return whether they are equal
     */
    @Override
    public boolean equals(Object o) {
        return o instanceof FirstError other && other.index == index && other.subFailure.equals(subFailure);
    }

    @Override
    public int hashCode() {
        return 31 * index + subFailure.hashCode();
    }

    /** Twisted's repr: {@code FirstError[#index, type: message]}. */
    @Override
    public String toString() {
        return getMessage();
    }
}
