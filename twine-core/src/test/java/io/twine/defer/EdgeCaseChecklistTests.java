package io.twine.defer;

import static io.twine.defer.DeferredAssertions.failureResultOf;
import static io.twine.defer.DeferredAssertions.successResultOf;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;
import static org.assertj.core.api.Assertions.assertThatNullPointerException;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.twine.task.ManualClock;
import java.util.ArrayList;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/**
 * The reference spec's edge-case checklist (twisted-deferred.md §1.10), one test per row that
 * applies to a Java Deferred, named by its id. Where Twine deliberately differs (listed in the
 * Deferred class javadoc) the test states Twine's behaviour. Not here: E7 (errback("str"): the
 * Java type system forbids it), E11 (see UnhandledErrorTests), E15 and E16 (DeferredList and race
 * are not in twine-core).
 */
class EdgeCaseChecklistTests {

    @Test
    void e01CallbackReturningAnUnfiredDeferredWaitsThenGetsItsResult() {
        Deferred<Integer> d = new Deferred<>();
        Deferred<Integer> d2 = new Deferred<>();
        List<Integer> seen = new ArrayList<>();
        d.addCallbackDeferred(x -> d2).addCallback(x -> seen.add(x));
        d.callback(1);
        assertThat(d.paused()).isEqualTo(1);
        assertThat(d.toString()).contains("waiting on Deferred at");
        d2.callback(2);
        assertThat(seen).containsExactly(2);
        assertThat(d2.result()).isNull();
        assertThat(d.paused()).isZero();
    }

    @Test
    void e02CallbackReturningItsOwnDeferredFailsInsteadOfHanging() {
        Deferred<Object> d = new Deferred<>();
        List<Object> later = new ArrayList<>();
        d.addCallback(x -> d).addBoth(r -> { later.add(r); return r; });
        d.callback(1);
        assertThat(d.paused()).isZero();
        assertThat(later).singleElement().isInstanceOf(Failure.class);
        failureResultOf(d, IllegalStateException.class);
    }

    @Test
    void e03PauseTwiceNeedsTwoUnpauses() {
        Deferred<Integer> d = new Deferred<>();
        List<Integer> seen = new ArrayList<>();
        d.addCallback(x -> seen.add(x));
        d.pause();
        d.pause();
        d.callback(5);
        d.unpause();
        assertThat(seen).isEmpty();
        d.unpause();
        assertThat(seen).containsExactly(5);
    }

    @Test
    void e04UnpauseWithoutPauseIsRefusedAndTheDeferredStillWorks() {
        Deferred<Integer> d = new Deferred<>();
        assertThatIllegalStateException().isThrownBy(d::unpause);
        assertThat(d.paused()).isZero();
        List<Integer> seen = new ArrayList<>();
        d.addCallback(x -> seen.add(x));
        d.callback(1);
        assertThat(seen).containsExactly(1);
    }

    @Test
    void e05ErrbackWithoutAnExceptionIsRefused() {
        Deferred<Integer> d = new Deferred<>();
        assertThatNullPointerException().isThrownBy(() -> d.errback(null));
        assertThat(d.called()).isFalse();
    }

    @Test
    void e06ErrbackWithAnUnthrownExceptionKeepsItsConstructionStack() {
        // Twisted gives tb None for a never-raised exception; a Java exception has its stack from
        // construction, and the Failure shows that.
        Deferred<Integer> d = new Deferred<>();
        d.errback(constructedHere());
        Failure f = failureResultOf(d);
        assertThat(f.getTraceback()).contains("constructedHere");
    }

    private static IllegalArgumentException constructedHere() {
        return new IllegalArgumentException("x");
    }

    @Test
    void e08CallbackWithAFailureGoesToTheErrbacks() {
        Deferred<Object> d = new Deferred<>();
        List<String> seen = new ArrayList<>();
        d.addCallbacks(x -> { seen.add("cb"); return x; }, f -> { seen.add("eb " + f.type().getSimpleName()); return null; });
        d.callback(new Failure(new NoSuchElementException()));
        assertThat(seen).containsExactly("eb NoSuchElementException");
    }

    @Test
    @SuppressWarnings({"unchecked", "rawtypes"})
    void e09CallbackWithADeferredIsRefused() {
        Deferred d = new Deferred<>();
        assertThatIllegalArgumentException().isThrownBy(() -> d.callback(new Deferred<>()));
        assertThat(d.called()).isFalse();
    }

    @Test
    void e10AnySecondFiringThrowsAlreadyCalledError() {
        for (int first = 0; first < 2; first++) {
            for (int second = 0; second < 2; second++) {
                Deferred<Integer> d = new Deferred<>();
                fire(d, first == 0);
                boolean secondIsCallback = second == 0;
                assertThatThrownBy(() -> fire(d, secondIsCallback)).isInstanceOf(AlreadyCalledError.class);
                d.addErrback(f -> null);
            }
        }
    }

    private static void fire(Deferred<Integer> d, boolean callback) {
        if (callback) {
            d.callback(1);
        } else {
            d.errback(new RuntimeException());
        }
    }

    @Test
    void e12ChainDeferredFiveThousandDeepDoesNotOverflow() {
        List<Deferred<Integer>> ds = new ArrayList<>();
        for (int i = 0; i < 5_000; i++) {
            ds.add(new Deferred<>());
        }
        for (int i = 0; i < ds.size() - 1; i++) {
            ds.get(i).chainDeferred(ds.get(i + 1));
        }
        ds.get(0).callback(3);
        assertThat(successResultOf(ds.get(ds.size() - 1))).isEqualTo(3);
    }

    @Test
    void e13TenThousandCallbacksReturningSucceedGiveTenThousand() {
        Deferred<Integer> d = Deferred.succeed(0);
        for (int i = 0; i < 10_000; i++) {
            d.addCallbackDeferred(x -> Deferred.succeed(x + 1));
        }
        assertThat(successResultOf(d)).isEqualTo(10_000);
    }

    @Test
    void e14CallbackReturningAnotherKindOfFutureIsAPlainValue() {
        // Only Deferreds chain; a CompletableFuture is passed on as an object (Twisted: a coroutine).
        CompletableFuture<String> future = new CompletableFuture<>();
        Deferred<Integer> d = new Deferred<>();
        List<Object> seen = new ArrayList<>();
        d.addCallback(x -> future).addCallback(f -> seen.add(f));
        d.callback(1);
        assertThat(seen).singleElement().isSameAs(future);
    }

    @Test
    void e17TimeoutGivesTimeoutErrorWithTheTimeout() {
        ManualClock clock = new ManualClock();
        Deferred<Integer> d = new Deferred<>();
        d.addTimeout(5, clock);
        clock.advance(5);
        Failure f = failureResultOf(d, TimeoutError.class);
        assertThat(((TimeoutError) f.value()).timeoutSeconds()).isEqualTo(5.0);
    }
}
