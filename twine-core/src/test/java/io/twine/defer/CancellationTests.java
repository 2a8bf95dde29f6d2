package io.twine.defer;

import static io.twine.defer.DeferredAssertions.failureResultOf;
import static io.twine.defer.DeferredAssertions.successResultOf;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.lang.ref.WeakReference;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** cancel() and cancellers: cases C1-C5 of the reference spec (test_defer.py DeferredCancellerTests). */
class CancellationTests {

    // C2: not fired, no canceller

    @Test
    void cancelWithoutCancellerFailsWithCancelledError() {
        Deferred<Integer> d = new Deferred<>();
        List<String> seen = new ArrayList<>();
        d.addCallbacks(x -> { seen.add("callback"); return x; }, f -> { seen.add("errback"); throw f; });
        d.cancel();
        assertThat(seen).containsExactly("errback");
        failureResultOf(d, CancelledError.class);
    }

    @Test
    void cancelledErrorIsAJavaCancellationException() {
        Deferred<Integer> d = new Deferred<>();
        d.cancel();
        assertThat(failureResultOf(d).value()).isInstanceOf(CancellationException.class);
    }

    // C3: late firing after a cancel

    @Test
    void firstLateCallbackAfterCancelWithoutCancellerIsIgnored() {
        Deferred<Integer> d = new Deferred<>();
        d.cancel();
        d.callback(1);
        failureResultOf(d, CancelledError.class);
    }

    @Test
    void secondLateCallbackAfterCancelWithoutCancellerThrows() {
        Deferred<Integer> d = new Deferred<>();
        d.cancel();
        d.callback(1);
        assertThatThrownBy(() -> d.callback(2)).isInstanceOf(AlreadyCalledError.class);
        failureResultOf(d, CancelledError.class);
    }

    @Test
    void firstLateErrbackAfterCancelWithoutCancellerIsIgnoredAndTheSecondThrows() {
        Deferred<Integer> d = new Deferred<>();
        d.cancel();
        d.errback(new RuntimeException("late"));
        assertThatThrownBy(() -> d.errback(new RuntimeException("later"))).isInstanceOf(AlreadyCalledError.class);
        failureResultOf(d, CancelledError.class);
    }

    @Test
    void lateCallbackAfterCancelWithCancellerThrows() {
        Deferred<Integer> d = new Deferred<>(ignored -> { });
        d.cancel();
        assertThatThrownBy(() -> d.callback(1)).isInstanceOf(AlreadyCalledError.class);
        failureResultOf(d, CancelledError.class);
    }

    @Test
    void repeatedCancelAfterLateCallbackDoesNothing() {
        // test_noCancellerMultipleCancelsAfterCancelAndCallback
        Deferred<Integer> d = new Deferred<>();
        List<Failure> errbacks = new ArrayList<>();
        d.addErrback(f -> { errbacks.add(f); throw f; });
        d.cancel();
        d.callback(1);
        d.cancel();
        assertThat(errbacks).hasSize(1);
        failureResultOf(d, CancelledError.class);
    }

    @Test
    void repeatedCancelWithoutCancellerErrbacksOnce() {
        Deferred<Integer> d = new Deferred<>();
        AtomicInteger errbacks = new AtomicInteger();
        d.addErrback(f -> { errbacks.incrementAndGet(); throw f; });
        d.cancel();
        d.cancel();
        assertThat(errbacks).hasValue(1);
        failureResultOf(d, CancelledError.class);
    }

    // C1: not fired, with a canceller

    @Test
    void cancelCallsTheCancellerWithTheDeferred() {
        List<Deferred<Integer>> args = new ArrayList<>();
        Deferred<Integer> d = new Deferred<>(args::add);
        d.cancel();
        assertThat(args).containsExactly(d);
        failureResultOf(d, CancelledError.class);
    }

    @Test
    void cancellerIsCalledOnlyOnceWhateverTheNumberOfCancels() {
        AtomicInteger calls = new AtomicInteger();
        Deferred<Integer> d = new Deferred<>(ignored -> calls.incrementAndGet());
        d.cancel();
        d.cancel();
        assertThat(calls).hasValue(1);
        failureResultOf(d, CancelledError.class);
    }

    @Test
    void cancellerThatErrbacksDecidesTheFailure() {
        RuntimeException own = new IllegalStateException("canceller's own");
        Deferred<Integer> d = new Deferred<>(self -> self.errback(own));
        d.cancel();
        assertThat(failureResultOf(d).value()).isSameAs(own);
    }

    @Test
    void cancellerThatCallbacksDecidesTheSuccess() {
        Deferred<String> d = new Deferred<>(self -> self.callback("cancelled, fine"));
        d.cancel();
        assertThat(successResultOf(d)).isEqualTo("cancelled, fine");
    }

    @Test
    void cancellerRunsBeforeTheCallbacksSeeTheCancellation() {
        List<String> order = new ArrayList<>();
        Deferred<Integer> d = new Deferred<>(self -> order.add("canceller"));
        d.addErrback(f -> { order.add("errback"); return 0; });
        d.cancel();
        assertThat(order).containsExactly("canceller", "errback");
    }

    @Test
    void exceptionFromTheCancellerPropagatesAndLeavesTheDeferredUnfired() {
        RuntimeException boom = new IllegalStateException("canceller broke");
        Deferred<Integer> d = new Deferred<>(self -> { throw boom; });
        assertThatThrownBy(d::cancel).isSameAs(boom);
        assertThat(d.called()).isFalse();
        d.callback(1);
        assertThat(successResultOf(d)).isEqualTo(1);
    }

    @Test
    void cancelAfterAThrowingCancellerTriesTheCancellerAgain() {
        AtomicInteger calls = new AtomicInteger();
        Deferred<Integer> d = new Deferred<>(self -> {
            if (calls.incrementAndGet() == 1) {
                throw new IllegalStateException("first try fails");
            }
        });
        assertThatThrownBy(d::cancel).hasMessage("first try fails");
        d.cancel();
        assertThat(calls).hasValue(2);
        failureResultOf(d, CancelledError.class);
    }

    // C4: already fired

    @Test
    void cancelAfterCallbackDoesNothing() {
        AtomicInteger calls = new AtomicInteger();
        Deferred<Integer> d = new Deferred<>(ignored -> calls.incrementAndGet());
        d.callback(1);
        d.cancel();
        assertThat(calls).hasValue(0);
        assertThat(successResultOf(d)).isEqualTo(1);
    }

    @Test
    void cancelAfterErrbackDoesNothing() {
        AtomicInteger calls = new AtomicInteger();
        Deferred<Integer> d = new Deferred<>(ignored -> calls.incrementAndGet());
        RuntimeException e = new RuntimeException();
        d.errback(e);
        d.cancel();
        assertThat(calls).hasValue(0);
        assertThat(failureResultOf(d).value()).isSameAs(e);
    }

    @Test
    void cancelOfAPausedFiredDeferredDoesNothing() {
        Deferred<Integer> d = new Deferred<>();
        d.pause();
        d.callback(1);
        d.cancel();
        d.unpause();
        assertThat(successResultOf(d)).isEqualTo(1);
    }

    @Test
    void firingDropsTheCanceller() {
        // Twisted clears the canceller when firing so that it can be collected (no cycles kept).
        Object captured = new Object();
        WeakReference<Object> ref = new WeakReference<>(captured);
        Deferred<Integer> d = cancellerCapturing(captured);
        captured = null;
        d.callback(1);
        for (int i = 0; i < 50 && ref.get() != null; i++) {
            System.gc();
        }
        assertThat(ref.get()).isNull();
        assertThat(successResultOf(d)).isEqualTo(1);
    }

    private static Deferred<Integer> cancellerCapturing(Object captured) {
        return new Deferred<>(self -> self.callback(captured.hashCode()));
    }

    // C5: fired, waiting on a chained Deferred

    @Test
    void cancelWhileWaitingCancelsTheInnerDeferred() {
        // test_cancelNestedDeferred
        AtomicInteger innerCancels = new AtomicInteger();
        Deferred<Integer> inner = new Deferred<>(ignored -> innerCancels.incrementAndGet());
        Deferred<Integer> outer = new Deferred<>();
        outer.addCallbackDeferred(x -> inner);
        outer.callback(1);
        outer.cancel();
        assertThat(innerCancels).hasValue(1);
        failureResultOf(outer, CancelledError.class);
        assertThat(inner.result()).isNull();
    }

    @Test
    void innerCancellerResultFlowsIntoTheOuterChain() {
        Deferred<String> inner = new Deferred<>(self -> self.callback("inner gave up politely"));
        Deferred<String> outer = new Deferred<>();
        outer.addCallbackDeferred(x -> inner);
        outer.callback("start");
        outer.cancel();
        assertThat(successResultOf(outer)).isEqualTo("inner gave up politely");
    }

    @Test
    void cancelForwardsThroughSeveralLevelsOfChaining() {
        AtomicInteger innermostCancels = new AtomicInteger();
        Deferred<Integer> innermost = new Deferred<>(ignored -> innermostCancels.incrementAndGet());
        Deferred<Integer> middle = new Deferred<>();
        middle.addCallbackDeferred(x -> innermost);
        middle.callback(0);
        Deferred<Integer> outer = new Deferred<>();
        outer.addCallbackDeferred(x -> middle);
        outer.callback(0);
        outer.cancel();
        assertThat(innermostCancels).hasValue(1);
        failureResultOf(outer, CancelledError.class);
    }

    @Test
    void innerSourceFiringLateAfterForwardedCancelIsIgnoredOnce() {
        Deferred<Integer> inner = new Deferred<>();
        Deferred<Integer> outer = new Deferred<>();
        outer.addCallbackDeferred(x -> inner);
        outer.callback(0);
        outer.cancel();
        inner.callback(99); // the original source of inner answers late: forgiven once
        failureResultOf(outer, CancelledError.class);
    }

    @Test
    void cancelOfTheOuterAfterTheInnerFiredDoesNothing() {
        AtomicInteger innerCancels = new AtomicInteger();
        Deferred<Integer> inner = new Deferred<>(ignored -> innerCancels.incrementAndGet());
        Deferred<Integer> outer = new Deferred<>();
        outer.addCallbackDeferred(x -> inner);
        outer.callback(0);
        inner.callback(5);
        outer.cancel();
        assertThat(innerCancels).hasValue(0);
        assertThat(successResultOf(outer)).isEqualTo(5);
    }

    @Test
    void cancellerRunsOnTheCancellingThread() {
        List<Thread> ranOn = new ArrayList<>();
        Deferred<Integer> d = new Deferred<>(self -> ranOn.add(Thread.currentThread()));
        d.cancel();
        assertThat(ranOn).containsExactly(Thread.currentThread());
        failureResultOf(d, CancelledError.class);
    }
}
