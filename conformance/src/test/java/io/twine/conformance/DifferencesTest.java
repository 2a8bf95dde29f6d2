package io.twine.conformance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.twine.defer.CancelledError;
import io.twine.defer.Defer;
import io.twine.defer.Deferred;
import io.twine.defer.DeferredList;
import io.twine.defer.Failure;
import io.twine.defer.Indexed;
import io.twine.defer.UnhandledErrors;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Pins every deliberate difference from Twisted listed in {@code docs/differences.md}, one test
 * each, named after the section there. Each comment says what Twisted does instead.
 */
class DifferencesTest {

    private boolean logging;
    private final List<String> log = new ArrayList<>();

    @BeforeEach
    void quiet() {
        logging = UnhandledErrors.isLogging();
        UnhandledErrors.setLogging(false);
    }

    @AfterEach
    void restore() {
        UnhandledErrors.setLogging(logging);
    }

    @Test
    void callbackWithADeferredIsRefused() {
        // Twisted 22.4 asserts; 24.7+ stores the Deferred as a plain value.
        Deferred<Object> d = new Deferred<>();
        assertThatThrownBy(() -> d.callback(new Deferred<>())).isInstanceOf(IllegalArgumentException.class);
        assertThat(d.called()).isFalse();
        assertThatThrownBy(() -> Deferred.succeed(new Deferred<>())).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void callbackReturningItsOwnDeferredFailsTheChain() {
        // Twisted warns and the Deferred waits for itself forever.
        Deferred<Object> d = new Deferred<>();
        d.addCallback(v -> d);
        d.callback("x");
        assertThat(d.paused()).isZero();
        assertThat(d.result()).isInstanceOfSatisfying(Failure.class,
                f -> assertThat(f.value()).isInstanceOf(IllegalStateException.class));
    }

    @Test
    void unmatchedUnpauseIsRefusedAndLeavesTheDeferredUsable() {
        // Twisted sets paused to -1, which is truthy: the Deferred never runs callbacks again.
        Deferred<Object> d = new Deferred<>();
        assertThatThrownBy(d::unpause).isInstanceOf(IllegalStateException.class);
        d.callback("x");
        d.addCallback(v -> log.add("ran:" + v));
        assertThat(log).containsExactly("ran:x");
    }

    @Test
    void deepChainDeferredDoesNotOverflowTheStack() {
        // Twisted recurses: near 330 levels a RecursionError becomes a Failure mid-chain.
        Deferred<Object> first = new Deferred<>();
        Deferred<Object> d = first;
        for (int i = 0; i < 100_000; i++) {
            Deferred<Object> next = new Deferred<>();
            d.chainDeferred(next);
            d = next;
        }
        first.callback("deep");
        assertThat(d.result()).isEqualTo("deep");
    }

    @Test
    void succeedWithAFailureIsTrackedLikeFail() {
        // Twisted's succeed(failure) holds an untracked Failure: never reported if dropped.
        Deferred<Object> d = Deferred.succeed(new Failure(new IllegalStateException("boom")));
        assertThat(d.hasUnhandledFailure()).isTrue();
    }

    @Test
    void reentrantReturnWaitsForTheRunningCallbackInsteadOfTakingAStaleResult() {
        // Twisted takes the inner Deferred's result as it was before its running callback
        // returned: outer ends with "r" while inner ends with "after" (the result is duplicated).
        Deferred<Object> inner = new Deferred<>();
        Deferred<Object> outer = new Deferred<>();
        outer.addCallback(v -> inner);
        inner.addCallback(v -> {
            outer.callback("go");
            return "after";
        });
        inner.callback("r");
        assertThat(outer.result()).isEqualTo("after");
        assertThat(inner.result()).isNull();
    }

    @Test
    void callbacksLeftOnAnInnerDeferredRunWhenItsWaiterIsPaused() {
        // Twisted hands the result to the paused waiter and stops: the inner's remaining
        // callbacks are stranded until something else re-enters the inner Deferred.
        Deferred<Object> inner = new Deferred<>();
        Deferred<Object> outer = Deferred.succeed("a");
        outer.addCallback(v -> inner);
        inner.addCallback(v -> {
            log.add("inner:" + v);
            return "done";
        });
        outer.pause();
        inner.callback("b");
        assertThat(log).containsExactly("inner:null");
        assertThat(inner.result()).isEqualTo("done");
        outer.unpause();
        assertThat(outer.result()).isEqualTo("b");
    }

    @Test
    void errbackNeedsAnException() {
        // Twisted's errback() without argument uses the exception being handled.
        Deferred<Object> d = new Deferred<>();
        assertThatThrownBy(() -> d.errback(null)).isInstanceOf(NullPointerException.class);
        assertThat(d.called()).isFalse();
    }

    @Test
    void executeRefusesAFunctionReturningADeferred() {
        // Twisted's execute() stores the returned Deferred as the value.
        Deferred<Object> d = Deferred.execute(Deferred::new);
        assertThat(d.result()).isInstanceOfSatisfying(Failure.class,
                f -> assertThat(f.value()).isInstanceOf(IllegalArgumentException.class));
    }

    @Test
    void cancellingADeferredListWhoseInputDoesNotFireFailsTheList() {
        // Twisted's DeferredList.cancel only cancels the inputs: the paused input does not
        // deliver its CancelledError, so the list keeps waiting until it is unpaused.
        Deferred<Object> paused = new Deferred<>();
        paused.pause();
        DeferredList<Object> list = new DeferredList<>(List.of(paused, new Deferred<>()));
        list.cancel();
        assertThat(list.result()).isInstanceOfSatisfying(Failure.class,
                f -> assertThat(f.value()).isInstanceOf(CancelledError.class));
        assertThat(paused.called()).isTrue();
    }

    @Test
    void cancellingAFiredListThatWaitsOnAReturnedDeferredCancelsThatDeferred() {
        // Twisted's DeferredList.cancel does nothing once the list has fired, even while the
        // list waits on a Deferred returned by one of its callbacks.
        Deferred<Object> returned = new Deferred<>();
        DeferredList<Object> list = new DeferredList<>(List.of(Deferred.succeed("a")));
        list.addCallback(outcomes -> returned);
        list.cancel();
        assertThat(returned.called()).isTrue();
        assertThat(list.result()).isInstanceOfSatisfying(Failure.class,
                f -> assertThat(f.value()).isInstanceOf(CancelledError.class));
    }

    @Test
    void raceKeepsItsWinnerWhenALosersCancellerThrows() {
        // Twisted lets the canceller's exception escape into the winner's chain: the winner
        // fails with it, the other losers are not cancelled and the race never fires.
        Deferred<Object> winner = new Deferred<>();
        Deferred<Object> throwing = new Deferred<>(d -> {
            throw new IllegalStateException("canceller");
        });
        Deferred<Object> other = new Deferred<>();
        Deferred<Indexed<Object>> race = Defer.race(List.of(winner, throwing, other));
        winner.callback("w");
        assertThat(race.result()).isEqualTo(new Indexed<>(0, "w"));
        assertThat(winner.result()).isNull();
        assertThat(other.called()).isTrue();
        assertThat(throwing.called()).isFalse();
    }

    @Test
    void raceIgnoresAnInputThatSettlesAfterTheRaceWasCancelled() {
        // Twisted's race fires its result again: AlreadyCalledError is raised into the input's
        // chain, which then holds that failure (and reports it as unhandled).
        Deferred<Object> paused = new Deferred<>();
        paused.pause();
        Deferred<Indexed<Object>> race = Defer.race(List.of(paused));
        race.cancel();
        assertThat(race.result()).isInstanceOfSatisfying(Failure.class,
                f -> assertThat(f.value()).isInstanceOf(CancelledError.class));
        paused.unpause();
        assertThat(paused.result()).isNull();
        assertThat(paused.hasUnhandledFailure()).isFalse();
    }

    @Test
    void cancelFromInsideTheCancellerDoesNothing() {
        // Twisted runs the canceller again: that inner run fires the Deferred with "c2" (a
        // canceller that does not fire would see it failed with CancelledError right there), and
        // the outer run's callback("c1") then raises AlreadyCalledError out of cancel().
        int[] calls = {0};
        Deferred<Object> d = new Deferred<>(self -> {
            calls[0]++;
            if (calls[0] == 1) {
                self.cancel();
            }
            self.callback("c" + calls[0]);
        });
        d.cancel();
        assertThat(calls[0]).isEqualTo(1);
        assertThat(d.result()).isEqualTo("c1");
    }

    @Test
    void aGetFiredByItsCallerLosesNoItem() {
        // Twisted: put() finds the fired getter first in its waiting list, raises
        // AlreadyCalledError, and the item is gone.
        io.twine.defer.DeferredQueue<String> q = new io.twine.defer.DeferredQueue<>();
        Deferred<String> fired = q.get();
        fired.callback("mine");
        q.put("x");
        assertThat(q.pendingCount()).isEqualTo(1);
        assertThat(q.get().result()).isEqualTo("x");
    }
}
