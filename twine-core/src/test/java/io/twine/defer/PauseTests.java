package io.twine.defer;

import static io.twine.defer.DeferredAssertions.failureResultOf;
import static io.twine.defer.DeferredAssertions.successResultOf;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** pause()/unpause(): counted, and an unmatched unpause refused (Twine differs from Twisted there). */
class PauseTests {

    @Test
    void pausedDeferredStoresTheResultButRunsNoCallbacks() {
        Deferred<Integer> d = new Deferred<>();
        List<Integer> seen = new ArrayList<>();
        d.addCallback(x -> seen.add(x));
        d.pause();
        d.callback(1);
        assertThat(d.called()).isTrue();
        assertThat(seen).isEmpty();
    }

    @Test
    void unpauseRunsThePendingCallbacks() {
        Deferred<Integer> d = new Deferred<>();
        List<Integer> seen = new ArrayList<>();
        d.addCallback(x -> seen.add(x));
        d.pause();
        d.callback(1);
        d.unpause();
        assertThat(seen).containsExactly(1);
    }

    @Test
    void pausesAreCounted() {
        // E3
        Deferred<Integer> d = new Deferred<>();
        List<Integer> seen = new ArrayList<>();
        d.addCallback(x -> seen.add(x));
        d.pause();
        d.pause();
        assertThat(d.paused()).isEqualTo(2);
        d.callback(5);
        d.unpause();
        assertThat(seen).isEmpty();
        assertThat(d.paused()).isEqualTo(1);
        d.unpause();
        assertThat(seen).containsExactly(5);
        assertThat(d.paused()).isZero();
    }

    @Test
    void callbackAddedToAPausedFiredDeferredWaitsForUnpause() {
        Deferred<Integer> d = Deferred.succeed(3);
        d.pause();
        List<Integer> seen = new ArrayList<>();
        d.addCallback(x -> seen.add(x));
        assertThat(seen).isEmpty();
        d.unpause();
        assertThat(seen).containsExactly(3);
    }

    @Test
    void pausedFailureIsDeliveredOnUnpause() {
        // testPausedFailure
        Deferred<Integer> d = Deferred.fail(new RuntimeException("fail"));
        d.pause();
        List<String> seen = new ArrayList<>();
        d.addErrback(f -> { seen.add(f.getErrorMessage()); return 0; });
        assertThat(seen).isEmpty();
        d.unpause();
        assertThat(seen).containsExactly("fail");
    }

    @Test
    void unpauseBeforeFiringRunsNothing() {
        // testUnpauseBeforeCallback
        Deferred<Integer> d = new Deferred<>();
        List<Integer> seen = new ArrayList<>();
        d.pause();
        d.addCallback(x -> seen.add(x));
        d.unpause();
        assertThat(seen).isEmpty();
        assertThat(d.called()).isFalse();
        d.callback(2);
        assertThat(seen).containsExactly(2);
    }

    @Test
    void unmatchedUnpauseIsRefused() {
        // E4: Twisted goes to paused == -1 and never runs callbacks again; Twine refuses.
        Deferred<Integer> d = new Deferred<>();
        assertThatIllegalStateException().isThrownBy(d::unpause).withMessageContaining("without a matching pause()");
    }

    @Test
    void refusedUnpauseLeavesTheDeferredWorking() {
        Deferred<Integer> d = new Deferred<>();
        List<Integer> seen = new ArrayList<>();
        d.addCallback(x -> seen.add(x));
        try {
            d.unpause();
        } catch (IllegalStateException expected) {
            // refused
        }
        assertThat(d.paused()).isZero();
        d.callback(1);
        assertThat(seen).containsExactly(1);
    }

    @Test
    void extraUnpauseAfterTheMatchingOneIsRefused() {
        Deferred<Integer> d = new Deferred<>();
        d.pause();
        d.unpause();
        assertThatIllegalStateException().isThrownBy(d::unpause);
        d.callback(1);
        assertThat(successResultOf(d)).isEqualTo(1);
    }

    @Test
    void pauseInsideACallbackDoesNotStopTheCurrentPass() {
        Deferred<Integer> d = new Deferred<>();
        List<String> seen = new ArrayList<>();
        d.addCallback(x -> { d.pause(); seen.add("first"); return x; });
        d.addCallback(x -> { seen.add("second"); return x; });
        d.callback(1);
        assertThat(seen).containsExactly("first", "second");
    }

    @Test
    void pauseInsideACallbackBlocksLaterAdditionsUntilUnpaused() {
        Deferred<Integer> d = new Deferred<>();
        List<String> seen = new ArrayList<>();
        d.addCallback(x -> { d.pause(); return x; });
        d.callback(1);
        d.addCallback(x -> { seen.add("later " + x); return x; });
        assertThat(seen).isEmpty();
        d.unpause();
        assertThat(seen).containsExactly("later 1");
    }

    @Test
    void waitingOnAChainedDeferredCountsAsAPause() {
        Deferred<Integer> outer = new Deferred<>();
        Deferred<Integer> inner = new Deferred<>();
        outer.addCallbackDeferred(x -> inner);
        outer.callback(0);
        assertThat(outer.paused()).isEqualTo(1);
        outer.pause();
        assertThat(outer.paused()).isEqualTo(2);
        outer.unpause();
        assertThat(outer.paused()).isEqualTo(1);
    }

    @Test
    void strayUnpauseCannotResumeAChainWaitingOnAnotherDeferred() {
        Deferred<Integer> outer = new Deferred<>();
        Deferred<Integer> inner = new Deferred<>();
        List<Integer> seen = new ArrayList<>();
        outer.addCallbackDeferred(x -> inner).addCallback(x -> seen.add(x));
        outer.callback(0);
        assertThatIllegalStateException().isThrownBy(outer::unpause);
        assertThat(seen).isEmpty();
        assertThat(outer.waitingOn()).isSameAs(inner);
        inner.callback(4);
        assertThat(seen).containsExactly(4);
    }

    @Test
    void userPausedOuterReceivesTheInnerResultButWaitsForUnpause() {
        Deferred<Integer> outer = new Deferred<>();
        Deferred<Integer> inner = new Deferred<>();
        List<Integer> seen = new ArrayList<>();
        outer.addCallbackDeferred(x -> inner).addCallback(x -> seen.add(x));
        outer.callback(0);
        outer.pause();
        inner.callback(4);
        assertThat(seen).isEmpty();
        assertThat(outer.paused()).isEqualTo(1);
        assertThat(outer.waitingOn()).isNull();
        outer.unpause();
        assertThat(seen).containsExactly(4);
    }

    @Test
    void pauseCountOverflowIsRefusedAndTheCountStaysUsable() {
        Deferred<Integer> d = new Deferred<>();
        int max = (1 << 24) - 1; // the count has 24 bits
        for (int i = 0; i < max; i++) {
            d.pause();
        }
        assertThat(d.paused()).isEqualTo(max);
        assertThatIllegalStateException().isThrownBy(d::pause).withMessageContaining("paused too many times");
        assertThat(d.paused()).isEqualTo(max);
        d.callback(1);
        for (int i = 0; i < max; i++) {
            d.unpause();
        }
        assertThat(successResultOf(d)).isEqualTo(1);
    }

    @Test
    void unpauseOfAFailedDeferredContinuesOnTheFailurePath() {
        Deferred<Integer> d = new Deferred<>();
        d.pause();
        d.errback(new IllegalArgumentException());
        d.addCallback(x -> x + 1);
        d.unpause();
        failureResultOf(d, IllegalArgumentException.class);
    }
}
