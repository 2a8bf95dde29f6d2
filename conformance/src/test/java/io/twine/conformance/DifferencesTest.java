package io.twine.conformance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.twine.defer.Deferred;
import io.twine.defer.Failure;
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
}
