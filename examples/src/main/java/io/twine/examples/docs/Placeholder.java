package io.twine.examples.docs;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * The introduction's "components of a solution": the least that could work, a placeholder for a
 * value that arrives later, with a way to say "do this when it is done". It has no errors, no
 * chaining and no thread safety; {@link io.twine.defer.Deferred} is this idea done completely.
 *
 * @param <T> the type of the value
 */
public final class Placeholder<T> {
    private final List<Consumer<? super T>> plans = new ArrayList<>();
    private boolean done;
    private T value;

    /** Creates a placeholder whose value has not arrived. */
    public Placeholder() {
    }

    /**
     * Records a plan: run {@code plan} with the value once it is there (at once if it already is).
     *
     * @param plan what to do with the value
     */
    public void whenDone(Consumer<? super T> plan) {
        if (done) {
            plan.accept(value);
        } else {
            plans.add(plan);
        }
    }

    /**
     * Delivers the value and carries out the plans, in the order they were made.
     *
     * @param result the value
     * @throws IllegalStateException if the value was already delivered
     */
    public void done(T result) {
        if (done) {
            throw new IllegalStateException("the value was already delivered");
        }
        done = true;
        value = result;
        for (Consumer<? super T> plan : plans) {
            plan.accept(result);
        }
        plans.clear();
    }
}
