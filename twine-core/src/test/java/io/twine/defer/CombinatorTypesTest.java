package io.twine.defer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

/** FirstError, FailureGroup, Outcome and Indexed (Twisted's FirstErrorTests and the result pairs). */
class CombinatorTypesTest {

    /** FirstError's text has the index and the sub-failure, Twisted's FirstError[#i, ...] form. */
    @Test
    void firstErrorTextShowsIndexAndSubFailure() {
        FirstError e = new FirstError(new Failure(new IllegalArgumentException("some text")), 3);
        assertThat(e.toString()).isEqualTo("FirstError[#3, java.lang.IllegalArgumentException: some text]");
    }

    /** FirstError's cause is the input's original exception. */
    @Test
    void firstErrorCauseIsTheOriginalException() {
        IllegalArgumentException original = new IllegalArgumentException("x");
        assertThat(new FirstError(new Failure(original), 0).getCause()).isSameAs(original);
    }

    /** FirstErrors are equal iff index and sub-failure are; never equal to anything else. */
    @Test
    void firstErrorEqualityComparesIndexAndSubFailure() {
        Failure f = new Failure(new ArithmeticException());
        FirstError one = new FirstError(f, 13);
        FirstError anotherOne = new FirstError(f, 13);
        FirstError another = new FirstError(new Failure(new IllegalStateException("bar")), 9);
        assertThat(one).isEqualTo(anotherOne).hasSameHashCodeAs(anotherOne);
        assertThat(one).isNotEqualTo(another);
        assertThat(one).isNotEqualTo(new FirstError(f, 12));
        assertThat((Object) one).isNotEqualTo(10);
    }

    /** FirstError refuses a null failure or a negative index. */
    @Test
    void firstErrorRefusesBadArguments() {
        assertThatThrownBy(() -> new FirstError(null, 0)).isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> new FirstError(new Failure(new RuntimeException()), -1))
                .isInstanceOf(IllegalArgumentException.class);
    }

    /** FailureGroup lists its failures in order and attaches them as suppressed exceptions. */
    @Test
    void failureGroupKeepsFailuresInOrder() {
        Failure a = new Failure(new IllegalStateException("a"));
        Failure b = new Failure(new IllegalArgumentException("b"));
        FailureGroup g = new FailureGroup(List.of(a, b));
        assertThat(g.failures()).containsExactly(a, b);
        assertThat(g.getSuppressed()).containsExactly(a.value(), b.value());
        assertThat(g.getMessage()).isEqualTo("2 failures: IllegalStateException: a; IllegalArgumentException: b");
    }

    /** Outcome: a success carries a value, a failure a Failure; get() throws the failure. */
    @Test
    void outcomeSides() {
        Outcome<String> ok = Outcome.succeeded("v");
        Failure f = new Failure(new IllegalStateException("no"));
        Outcome<String> bad = Outcome.failed(f);
        assertThat(ok.success()).isEqualTo(Defer.SUCCESS);
        assertThat(ok.result()).isEqualTo("v");
        assertThat(ok.get()).isEqualTo("v");
        assertThat(bad.success()).isEqualTo(Defer.FAILURE);
        assertThat(bad.result()).isSameAs(f);
        assertThatThrownBy(bad::get).isSameAs(f);
        assertThat(ok.toString()).isEqualTo("(true, v)");
        assertThat(bad.toString()).isEqualTo("(false, <Failure java.lang.IllegalStateException: no>)");
    }

    /** Outcome refuses a success with a failure, and a failure without one. */
    @Test
    void outcomeRefusesMixedSides() {
        Failure f = new Failure(new IllegalStateException());
        assertThatThrownBy(() -> new Outcome<>(true, "v", f)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Outcome<>(false, null, null)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Outcome<>(false, "v", f)).isInstanceOf(IllegalArgumentException.class);
    }
}
