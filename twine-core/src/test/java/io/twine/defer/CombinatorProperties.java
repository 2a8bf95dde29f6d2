package io.twine.defer;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

/** Properties of the combinators over arbitrary firing orders and outcomes. */
class CombinatorProperties {

    /**
     * Whatever the firing order and outcomes, a DeferredList fires exactly when its last input
     * fires, with one outcome per input in input order.
     */
    @Property(tries = 200)
    void deferredListOutcomesAreInInputOrder(@ForAll @Size(max = 12) List<Boolean> succeeds,
                                             @ForAll @IntRange(min = 0, max = 1000) int seed) {
        int n = succeeds.size();
        List<Deferred<Integer>> inputs = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            inputs.add(new Deferred<>());
        }
        DeferredList<Integer> dl = new DeferredList<>(inputs, false, true);
        List<Integer> order = shuffled(n, seed);
        for (int k = 0; k < n; k++) {
            assertThat(dl.called()).isFalse();
            int i = order.get(k);
            if (succeeds.get(i)) {
                inputs.get(i).callback(i);
            } else {
                inputs.get(i).errback(new IllegalStateException("input " + i));
            }
        }
        List<Outcome<Integer>> outcomes = Results.successResultOf(dl);
        assertThat(outcomes).hasSize(n);
        for (int i = 0; i < n; i++) {
            Outcome<Integer> o = outcomes.get(i);
            assertThat(o.success()).isEqualTo(succeeds.get(i));
            if (o.success()) {
                assertThat(o.value()).isEqualTo(i);
            } else {
                assertThat(o.failure().getErrorMessage()).isEqualTo("input " + i);
            }
        }
    }

    /**
     * gatherResults fails with the FirstError of the first input to fail in firing order, or
     * gives every value in input order when none fails.
     */
    @Property(tries = 200)
    void gatherResultsReportsTheFirstFailureInFiringOrder(@ForAll @Size(max = 12) List<Boolean> succeeds,
                                                          @ForAll @IntRange(min = 0, max = 1000) int seed) {
        int n = succeeds.size();
        List<Deferred<Integer>> inputs = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            inputs.add(new Deferred<>());
        }
        Deferred<List<Integer>> all = Defer.gatherResults(inputs, true);
        int firstFailed = -1;
        for (int i : shuffled(n, seed)) {
            if (succeeds.get(i)) {
                inputs.get(i).callback(i * 10);
            } else {
                if (firstFailed < 0) {
                    firstFailed = i;
                }
                inputs.get(i).errback(new IllegalStateException("input " + i));
            }
        }
        if (firstFailed < 0) {
            List<Integer> values = Results.successResultOf(all);
            for (int i = 0; i < n; i++) {
                assertThat(values.get(i)).isEqualTo(i * 10);
            }
        } else {
            FirstError fe = (FirstError) Results.failureResultOf(all, FirstError.class).value();
            assertThat(fe.index()).isEqualTo(firstFailed);
        }
    }

    private static List<Integer> shuffled(int n, int seed) {
        List<Integer> order = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            order.add(i);
        }
        java.util.Collections.shuffle(order, new java.util.Random(seed));
        return order;
    }
}
