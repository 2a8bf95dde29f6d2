package io.twine.conformance.linearizability;

import java.util.List;

/**
 * A sequential specification: immutable states (with value equality, for memoization) and the
 * effect of each event linearized at one instant.
 *
 * @param <S> the state type
 */
interface Model<S> {
    /** The state before any operation. */
    S initial();

    /**
     * Applies {@code op} at one instant.
     *
     * @return the next state, or {@code null} if the result {@code op} observed is impossible here
     */
    S apply(S state, Op op);

    /**
     * Whether a state reached after linearizing every event is consistent with the operations
     * whose Deferreds never fired ({@code unfired}: the GET/ACQUIRE handles without a FIRE): they
     * must still be waiting in the model, and nothing else may be owed to a waiter.
     */
    boolean acceptsEnd(S state, List<Integer> unfired);
}
