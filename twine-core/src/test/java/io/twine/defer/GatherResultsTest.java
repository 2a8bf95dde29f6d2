package io.twine.defer;

import static io.twine.defer.Results.failureResultOf;
import static io.twine.defer.Results.successResultOf;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Defer.gatherResults: values in input order, FirstError on the first failure, cancellation (C7). */
class GatherResultsTest {

    /** A list of Deferred<T> gives a Deferred<List<T>> of the values, in input order. */
    @Test
    void givesTheValuesInInputOrder() {
        Deferred<String> a = new Deferred<>();
        Deferred<String> b = new Deferred<>();
        Deferred<List<String>> all = Defer.gatherResults(List.of(a, b));
        b.callback("b");
        assertThat(all.called()).isFalse();
        a.callback("a");
        assertThat(successResultOf(all)).containsExactly("a", "b");
    }

    /** Null values are kept. */
    @Test
    void nullValuesAreKept() {
        Deferred<List<String>> all = Defer.gatherResults(List.of(Deferred.succeed("x"), Deferred.<String>succeed(null)));
        assertThat(successResultOf(all)).isEqualTo(Arrays.asList("x", null));
    }

    /** An empty input gives an empty list at once. */
    @Test
    void emptyInputGivesEmptyList() {
        assertThat(successResultOf(Defer.gatherResults(List.<Deferred<Integer>>of()))).isEmpty();
    }

    /** The first failure fails the result with a FirstError naming its index. */
    @Test
    void firstFailureGivesFirstError() {
        Deferred<Integer> a = new Deferred<>();
        Deferred<Integer> b = new Deferred<>();
        Deferred<List<Integer>> all = Defer.gatherResults(List.of(a, b), true);
        ArithmeticException boom = new ArithmeticException("/ by zero");
        b.errback(boom);
        FirstError fe = (FirstError) failureResultOf(all, FirstError.class).value();
        assertThat(fe.index()).isEqualTo(1);
        assertThat(fe.subFailure().value()).isSameAs(boom);
        assertThat(a.called()).as("the other inputs are not cancelled").isFalse();
    }

    /** Without consumeErrors, the failed input keeps its failure (and would be reported). */
    @Test
    void withoutConsumeErrorsTheFailedInputKeepsItsFailure() {
        Deferred<Integer> a = new Deferred<>();
        Deferred<List<Integer>> all = Defer.gatherResults(List.of(a));
        a.errback(new IllegalStateException("kept"));
        assertThat(a.hasUnhandledFailure()).isTrue();
        failureResultOf(a, IllegalStateException.class);
        failureResultOf(all, FirstError.class);
    }

    /** With consumeErrors, the failed input continues with null. */
    @Test
    void withConsumeErrorsTheFailedInputContinuesWithNull() {
        Deferred<Integer> a = new Deferred<>();
        Deferred<List<Integer>> all = Defer.gatherResults(List.of(a), true);
        a.errback(new IllegalStateException("consumed"));
        assertThat(a.result()).isNull();
        assertThat(a.hasUnhandledFailure()).isFalse();
        failureResultOf(all, FirstError.class);
    }

    /** C7: cancel cancels every input, and the first CancelledError gives the FirstError. */
    @Test
    void cancelCancelsEveryInputAndFailsWithFirstErrorOfCancelledError() {
        Deferred<Integer> a = new Deferred<>();
        Deferred<Integer> b = new Deferred<>();
        Deferred<List<Integer>> all = Defer.gatherResults(List.of(a, b), true);
        all.cancel();
        assertThat(a.called()).isTrue();
        assertThat(b.called()).isTrue();
        FirstError fe = (FirstError) failureResultOf(all, FirstError.class).value();
        assertThat(fe.index()).isZero();
        assertThat(fe.subFailure().check(CancelledError.class)).isNotNull();
    }

    /** C7: if every input's canceller fires it with a value, the values come back. */
    @Test
    void cancelWhenEveryCancellerSucceedsGivesTheValues() {
        Deferred<String> a = new Deferred<>(d -> d.callback("A"));
        Deferred<String> b = new Deferred<>(d -> d.callback("B"));
        Deferred<List<String>> all = Defer.gatherResults(List.of(a, b));
        all.cancel();
        assertThat(successResultOf(all)).containsExactly("A", "B");
    }

    /** Ten thousand inputs, fired one by one, are gathered without recursion trouble. */
    @Test
    void tenThousandInputs() {
        List<Deferred<Integer>> inputs = new ArrayList<>();
        for (int i = 0; i < 10_000; i++) {
            inputs.add(new Deferred<>());
        }
        Deferred<List<Integer>> all = Defer.gatherResults(inputs);
        for (int i = 9_999; i >= 0; i--) {
            inputs.get(i).callback(i);
        }
        List<Integer> values = successResultOf(all);
        assertThat(values).hasSize(10_000);
        for (int i = 0; i < 10_000; i++) {
            assertThat(values.get(i)).isEqualTo(i);
        }
    }

    /** Ten thousand inputs that each wait on a chained Deferred are gathered too. */
    @Test
    void tenThousandChainedInputs() {
        List<Deferred<Integer>> inner = new ArrayList<>();
        List<Deferred<Integer>> outer = new ArrayList<>();
        for (int i = 0; i < 10_000; i++) {
            Deferred<Integer> in = new Deferred<>();
            inner.add(in);
            outer.add(Deferred.succeed(i).addCallbackDeferred(x -> in));
        }
        Deferred<List<Integer>> all = Defer.gatherResults(outer);
        for (int i = 0; i < 10_000; i++) {
            inner.get(i).callback(i * 2);
        }
        assertThat(successResultOf(all).get(9_999)).isEqualTo(19_998);
    }

    /** The result list cannot be modified. */
    @Test
    void resultIsUnmodifiable() {
        List<Integer> values = successResultOf(Defer.gatherResults(List.of(Deferred.succeed(1))));
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> values.add(2))
                .isInstanceOf(UnsupportedOperationException.class);
    }
}
