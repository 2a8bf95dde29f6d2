package io.twine.defer;

import static io.twine.defer.DeferredAssertions.failureResultOf;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** called(), paused(), result(), waitingOn(), hasUnhandledFailure(): Twisted's public attributes. */
class IntrospectionTests {

    @Test
    void unfiredDeferredIsNotCalledAndHasNoResult() {
        Deferred<Integer> d = new Deferred<>();
        assertThat(d.called()).isFalse();
        assertThat(d.paused()).isZero();
        assertThat(d.waitingOn()).isNull();
        assertThat(d.hasUnhandledFailure()).isFalse();
        assertThatIllegalStateException().isThrownBy(d::result).withMessageContaining("not fired");
    }

    @Test
    void calledBecomesTrueOnCallback() {
        Deferred<Integer> d = new Deferred<>();
        d.callback(1);
        assertThat(d.called()).isTrue();
    }

    @Test
    void calledBecomesTrueOnErrbackAndOnCancel() {
        Deferred<Integer> a = new Deferred<>();
        a.errback(new RuntimeException());
        Deferred<Integer> b = new Deferred<>();
        b.cancel();
        assertThat(a.called()).isTrue();
        assertThat(b.called()).isTrue();
        failureResultOf(a);
        failureResultOf(b);
    }

    @Test
    void calledStaysTrueWhilePaused() {
        Deferred<Integer> d = new Deferred<>();
        d.pause();
        d.callback(1);
        assertThat(d.called()).isTrue();
        assertThat(d.paused()).isEqualTo(1);
        assertThat(d.result()).isEqualTo(1);
    }

    @Test
    void calledStaysTrueWhileWaitingOnAnotherDeferred() {
        Deferred<Integer> inner = new Deferred<>();
        Deferred<Integer> outer = new Deferred<>();
        outer.addCallbackDeferred(x -> inner);
        outer.callback(1);
        assertThat(outer.called()).isTrue();
        assertThat(outer.paused()).isEqualTo(1);
    }

    @Test
    void resultIsASnapshotThatDoesNotConsumeIt() {
        Deferred<Integer> d = Deferred.succeed(5);
        assertThat(d.result()).isEqualTo(5);
        assertThat(d.result()).isEqualTo(5);
        List<Integer> seen = new ArrayList<>();
        d.addCallback(x -> seen.add(x));
        assertThat(seen).containsExactly(5);
    }

    @Test
    void resultCanBeAFailureAndReadingItDoesNotHandleIt() {
        RuntimeException e = new RuntimeException();
        Deferred<Integer> d = Deferred.fail(e);
        assertThat(d.result()).isInstanceOfSatisfying(Failure.class, f -> assertThat(f.value()).isSameAs(e));
        assertThat(d.hasUnhandledFailure()).isTrue();
        failureResultOf(d);
    }

    @Test
    void resultIsTheInnerDeferredWhileWaiting() {
        Deferred<Integer> inner = new Deferred<>();
        Deferred<Integer> outer = new Deferred<>();
        outer.addCallbackDeferred(x -> inner);
        outer.callback(1);
        assertThat(outer.result()).isSameAs(inner);
        assertThat(outer.waitingOn()).isSameAs(inner);
    }

    @Test
    void resultCanBeNull() {
        Deferred<Object> d = Deferred.succeed(null);
        assertThat(d.result()).isNull();
    }

    @Test
    void hasUnhandledFailureFollowsTheEndOfEachPass() {
        Deferred<Integer> d = new Deferred<>();
        d.errback(new RuntimeException());
        assertThat(d.hasUnhandledFailure()).isTrue();
        d.addErrback(f -> 0);
        assertThat(d.hasUnhandledFailure()).isFalse();
        d.addCallback(x -> { throw new IllegalStateException(); });
        assertThat(d.hasUnhandledFailure()).isTrue();
        d.addErrback(f -> 1);
        assertThat(d.hasUnhandledFailure()).isFalse();
    }

    @Test
    void failureStillInTheChainIsUnhandledUntilAnErrbackRecovers() {
        Deferred<Integer> d = new Deferred<>();
        d.addErrback(f -> { throw f; });
        d.errback(new RuntimeException());
        assertThat(d.hasUnhandledFailure()).isTrue();
        failureResultOf(d);
        assertThat(d.hasUnhandledFailure()).isFalse();
    }

    @Test
    void failureArrivingWhilePausedIsNotYetUnhandled() {
        // As in Twisted: a failure is tracked only once a pass over the chain ended on it.
        Deferred<Integer> d = new Deferred<>();
        d.pause();
        d.errback(new RuntimeException());
        assertThat(d.hasUnhandledFailure()).isFalse();
        d.unpause();
        assertThat(d.hasUnhandledFailure()).isTrue();
        failureResultOf(d);
    }

    @Test
    void innerDeferredHasNoUnhandledFailureOnceItPassedItOn() {
        Deferred<Integer> inner = new Deferred<>();
        Deferred<Integer> outer = new Deferred<>();
        outer.addCallbackDeferred(x -> inner);
        outer.callback(0);
        inner.errback(new RuntimeException());
        assertThat(inner.hasUnhandledFailure()).isFalse();
        assertThat(inner.result()).isNull();
        assertThat(outer.hasUnhandledFailure()).isTrue();
        failureResultOf(outer);
    }

    @Test
    void waitingOnClearsWhenTheInnerFires() {
        Deferred<Integer> inner = new Deferred<>();
        Deferred<Integer> outer = new Deferred<>();
        outer.addCallbackDeferred(x -> inner);
        outer.callback(0);
        inner.callback(3);
        assertThat(outer.waitingOn()).isNull();
        assertThat(outer.paused()).isZero();
        assertThat(outer.result()).isEqualTo(3);
    }

    @Test
    void waitingOnIsNullForAFiredDeferred() {
        assertThat(Deferred.succeed(1).waitingOn()).isNull();
    }
}
