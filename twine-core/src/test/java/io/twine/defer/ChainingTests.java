package io.twine.defer;

import static io.twine.defer.DeferredAssertions.assertNoResult;
import static io.twine.defer.DeferredAssertions.failureResultOf;
import static io.twine.defer.DeferredAssertions.successResultOf;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A callback or errback that returns a Deferred (Twisted's implicit chaining), the typed forms
 * {@code addCallbackDeferred}/{@code addErrbackDeferred}, and {@code chainDeferred}.
 */
class ChainingTests {

    @Test
    void callbackReturningAnUnfiredDeferredPausesTheChainUntilItFires() {
        // E1
        Deferred<Integer> outer = new Deferred<>();
        Deferred<Integer> inner = new Deferred<>();
        List<Integer> seen = new ArrayList<>();
        outer.addCallbackDeferred(x -> inner).addCallback(x -> seen.add(x));
        outer.callback(1);
        assertThat(seen).isEmpty();
        assertThat(outer.paused()).isEqualTo(1);
        assertThat(outer.waitingOn()).isSameAs(inner);
        assertThat(outer.toString()).contains("waiting on Deferred");

        inner.callback(2);
        assertThat(seen).containsExactly(2);
        assertThat(inner.result()).isNull();
        assertThat(outer.paused()).isZero();
        assertThat(outer.waitingOn()).isNull();
    }

    @Test
    void untypedCallbackReturningADeferredAlsoChains() {
        Deferred<Integer> outer = new Deferred<>();
        Deferred<Integer> inner = new Deferred<>();
        outer.addCallback(x -> inner);
        outer.callback(1);
        inner.callback(5);
        assertThat(successResultOf(outer)).isEqualTo(5);
    }

    @Test
    void typedChainHasTheInnerResultType() {
        Deferred<Integer> outer = new Deferred<>();
        // The compiler checks that the next callback receives a String, not a Deferred<String>.
        Deferred<Integer> lengths = outer.addCallbackDeferred(x -> Deferred.succeed("v" + x))
                .addCallback(String::length);
        outer.callback(123);
        assertThat(successResultOf(lengths)).isEqualTo(4);
    }

    @Test
    void callbackReturningAFiredDeferredTakesItsResultAtOnce() {
        // test_synchronousImplicitChain: the inner's result moves to the outer, the inner keeps null.
        Object value = new Object();
        Deferred<Object> first = Deferred.succeed(value);
        Deferred<Object> second = new Deferred<>();
        second.addCallbackDeferred(ign -> first);
        second.callback(null);
        List<Object> firstResults = new ArrayList<>();
        first.addCallback(r -> { firstResults.add(r); return r; });
        assertThat(firstResults).hasSize(1).containsNull();
        assertThat(successResultOf(second)).isSameAs(value);
    }

    @Test
    void innerResultBecomesNullOnceHandedToTheOuter() {
        // test_asynchronousImplicitChain
        Deferred<Object> first = new Deferred<>();
        Deferred<Object> second = new Deferred<>();
        second.addCallbackDeferred(ign -> first);
        second.callback(null);
        List<Object> firstResult = new ArrayList<>();
        first.addCallback(r -> { firstResult.add(r); return r; });
        List<Object> secondResult = new ArrayList<>();
        second.addCallback(r -> { secondResult.add(r); return r; });
        assertThat(firstResult).isEmpty();
        assertThat(secondResult).isEmpty();

        Object result = new Object();
        first.callback(result);
        assertThat(firstResult).hasSize(1).containsNull();
        assertThat(secondResult).containsExactly(result);
    }

    @Test
    void failedFiredInnerDeferredPassesItsFailureToTheOuterAndKeepsNull() {
        // test_synchronousImplicitErrorChain
        RuntimeException boom = new RuntimeException("First Deferred's Failure");
        Deferred<Object> first = Deferred.fail(boom);
        Deferred<Void> second = new Deferred<>();
        second.addCallbackDeferred(ign -> first);
        second.callback(null);
        assertThat(first.hasUnhandledFailure()).isFalse();
        assertThat(first.result()).isNull();
        assertThat(failureResultOf(second, RuntimeException.class).value()).isSameAs(boom);
    }

    @Test
    void laterFailureOfInnerDeferredPassesToTheOuter() {
        // test_asynchronousImplicitErrorChain
        Deferred<Object> first = new Deferred<>();
        Deferred<Object> second = new Deferred<>();
        second.addCallbackDeferred(ign -> first);
        second.callback(null);
        List<Failure> secondError = new ArrayList<>();
        second.addErrback(f -> { secondError.add(f); return null; });
        List<Object> firstResult = new ArrayList<>();
        first.addCallback(r -> { firstResult.add(r); return r; });

        first.errback(new RuntimeException("First Deferred's Failure"));
        assertThat(secondError).singleElement().satisfies(f -> assertThat(f.check(RuntimeException.class)).isNotNull());
        assertThat(firstResult).hasSize(1).containsNull();
        assertThat(first.hasUnhandledFailure()).isFalse();
    }

    @Test
    void errbackReturningADeferredChainsLikeACallback() {
        // test_errbackReturnsDeferred
        Deferred<String> d = new Deferred<>();
        Deferred<String> d2 = new Deferred<>();
        List<String> values = new ArrayList<>();
        d.addErrbackDeferred(f -> d2).addCallback(v -> values.add(v));
        d.errback(new IllegalArgumentException());
        assertNoResult(d);
        assertThat(values).isEmpty();
        d2.callback("result");
        assertThat(values).containsExactly("result");
    }

    @Test
    void untypedErrbackReturningADeferredAlsoChains() {
        Deferred<Object> d = new Deferred<>();
        d.addErrback(f -> Deferred.succeed("recovered"));
        d.errback(new RuntimeException());
        assertThat(successResultOf(d)).isEqualTo("recovered");
    }

    @Test
    void chainingIsTransitive() {
        // test_doubleAsynchronousImplicitChaining
        Deferred<Object> first = new Deferred<>();
        Deferred<Object> second = new Deferred<>();
        second.addCallbackDeferred(ign -> first);
        Deferred<Object> third = new Deferred<>();
        third.addCallbackDeferred(ign -> second);
        List<Object> thirdResult = new ArrayList<>();
        third.addCallback(r -> thirdResult.add(r));
        Object result = new Object();
        second.callback(null);
        third.callback(null);
        assertThat(thirdResult).isEmpty();
        first.callback(result);
        assertThat(thirdResult).containsExactly(result);
    }

    @Test
    void middleDeferredCallbacksRunBeforeTheOuterResumes() {
        // test_innerCallbacksPreserved / test_nestedAsynchronousChainedDeferreds
        List<Object> results = new ArrayList<>();
        List<Failure> failures = new ArrayList<>();
        Deferred<String> inner = new Deferred<>();
        Deferred<String> outer = Deferred.succeed("outer");
        outer.addCallbackDeferred(result -> {
            results.add("start-of-cb " + result);
            Deferred<String> d = Deferred.succeed("inner");
            d.addCallbackDeferred(r -> { results.add("firstCallback " + r); return inner; })
                    .addCallback(r -> { results.add("secondCallback " + r); return r + r; })
                    .addErrback(f -> { failures.add(f); return null; });
            return d;
        }).addCallback(r -> { results.add(r); return r; });
        assertThat(results).containsExactly("start-of-cb outer", "firstCallback inner");

        inner.callback("orange");
        assertThat(failures).isEmpty();
        assertThat(results).containsExactly(
                "start-of-cb outer", "firstCallback inner", "secondCallback orange", "orangeorange");
    }

    @Test
    void callbacksAddedToTheInnerBeforeReturningItShapeTheOuterResult() {
        // test_nestedAsynchronousChainedDeferredsWithExtraCallbacks
        List<Object> results = new ArrayList<>();
        Deferred<String> inner = new Deferred<>();
        Deferred<String> outer = Deferred.succeed("outer");
        outer.addCallbackDeferred(result -> {
            Deferred<String> d = Deferred.succeed("inner");
            return d.addCallbackDeferred(r -> inner.addCallback(List::of))
                    .addCallback(list -> { results.add("second " + list); return list.size(); });
        }).addCallback(n -> { results.add(n); return n; });
        inner.callback("withers");
        assertThat(results).containsExactly("second [withers]", 1);
    }

    @Test
    void callbackAddedToTheOuterWhileWaitingRunsAfterTheInnerChain() {
        // test_callbackOrderPreserved
        List<String> results = new ArrayList<>();
        Deferred<String> a = new Deferred<>();
        Deferred<String> outer = new Deferred<>();
        outer.addCallbackDeferred(r -> {
            results.add("cb " + r);
            Deferred<Void> d = new Deferred<>();
            Deferred<Void> returner = d.addCallbackDeferred(x -> { results.add("first"); return a; })
                    .addCallback(x -> { results.add("second " + x); return null; });
            d.callback(null);
            return returner;
        });
        outer.addCallback(x -> { results.add("final"); return null; });
        outer.callback("outer");
        assertThat(results).containsExactly("cb outer", "first");
        a.callback("withers");
        assertThat(results).containsExactly("cb outer", "first", "second withers", "final");
    }

    @Test
    void pausedFiredDeferredReturnedFromACallbackIsWaitedForUntilUnpaused() {
        // test_chainedPausedDeferredWithResult
        Object expected = new Object();
        Deferred<Object> paused = new Deferred<>();
        paused.callback(expected);
        paused.pause();
        Deferred<Object> chained = new Deferred<>();
        chained.addCallbackDeferred(ign -> paused);
        chained.callback(null);
        List<Object> result = new ArrayList<>();
        chained.addCallback(r -> result.add(r));
        assertThat(result).isEmpty();
        paused.unpause();
        assertThat(result).containsExactly(expected);
    }

    @Test
    void pausedOuterDoesNotStopTheInnerFromRunningItsOwnCallbacks() {
        // test_pausedDeferredChained
        Deferred<Void> first = new Deferred<>();
        Deferred<Void> second = new Deferred<>();
        first.addCallbackDeferred(ign -> second);
        first.callback(null);
        first.pause();
        second.callback(null);
        List<Object> result = new ArrayList<>();
        second.addCallback(r -> { result.add("ran " + r); return null; });
        assertThat(result).containsExactly("ran null");
        // The outer got the result but stays paused until unpaused.
        List<Object> outer = new ArrayList<>();
        first.addCallback(r -> outer.add("outer " + r));
        assertThat(outer).isEmpty();
        first.unpause();
        assertThat(outer).containsExactly("outer null");
    }

    @Test
    void innerDeferredWithChainedResultOfChainedResultIsResolved() {
        // test_resultOfDeferredResultOfDeferredOfFiredDeferredCalled
        Deferred<Object> first = new Deferred<>();
        Deferred<Object> second = new Deferred<>();
        Deferred<Object> third = new Deferred<>();
        first.addCallbackDeferred(ign -> second);
        second.addCallbackDeferred(ign -> third);
        second.callback(null);
        first.callback(null);
        third.callback("done");
        assertThat(successResultOf(first)).isEqualTo("done");
        assertThat(second.result()).isNull();
        assertThat(third.result()).isNull();
    }

    @Test
    void callbackReturningItsOwnDeferredFailsTheChainClearly() {
        // E2: Twisted hangs the Deferred with a warning; Twine fails it with IllegalStateException.
        Deferred<Object> d = new Deferred<>();
        List<Object> later = new ArrayList<>();
        d.addCallback(x -> d);
        d.addErrback(f -> { later.add(f.value()); throw f; });
        d.callback(1);
        assertThat(later).singleElement().isInstanceOf(IllegalStateException.class);
        assertThat(((Throwable) later.get(0)).getMessage()).contains("returned the Deferred it was added to");
        assertThat(d.paused()).isZero();
        failureResultOf(d, IllegalStateException.class);
    }

    @Test
    void callbackReturningADeferredAsResultOfRecoveryChains() {
        Deferred<Integer> d = new Deferred<>();
        Deferred<Integer> inner = new Deferred<>();
        d.addCallbacks(x -> x, f -> inner);
        d.errback(new RuntimeException());
        assertNoResult(d);
        inner.callback(8);
        assertThat(successResultOf(d)).isEqualTo(8);
    }

    @Test
    void cancellingTheOuterWhileWaitingCancelsTheInner() {
        Deferred<Integer> inner = new Deferred<>();
        Deferred<Integer> outer = new Deferred<>();
        outer.addCallbackDeferred(x -> inner);
        outer.callback(1);
        outer.cancel();
        assertThat(inner.called()).isTrue();
        failureResultOf(outer, CancelledError.class);
    }

    @Test
    void twoDeferredsWaitingOnTheSameInnerTheFirstGetsTheResultTheSecondNull() {
        // Twisted semantics: the first continuation takes the result, leaving null for the next.
        Deferred<String> inner = new Deferred<>();
        Deferred<Integer> first = new Deferred<>();
        Deferred<Integer> second = new Deferred<>();
        Deferred<String> firstChain = first.addCallbackDeferred(x -> inner);
        Deferred<String> secondChain = second.addCallbackDeferred(x -> inner);
        first.callback(0);
        second.callback(0);
        inner.callback("only once");
        assertThat(successResultOf(firstChain)).isEqualTo("only once");
        assertThat(successResultOf(secondChain)).isNull();
    }

    // ------------------------------------------------------------------------------------------
    // chainDeferred

    @Test
    void chainDeferredFiresTheOtherWithTheResult() {
        Deferred<Integer> a = new Deferred<>();
        Deferred<Integer> b = new Deferred<>();
        a.chainDeferred(b);
        a.callback(3);
        assertThat(successResultOf(b)).isEqualTo(3);
    }

    @Test
    void chainDeferredPassesFailuresToTheOther() {
        Deferred<Integer> a = new Deferred<>();
        Deferred<Integer> b = new Deferred<>();
        RuntimeException e = new RuntimeException();
        a.chainDeferred(b);
        a.errback(e);
        assertThat(failureResultOf(b).value()).isSameAs(e);
        // The source continues with null, its failure handed over.
        assertThat(successResultOf(a)).isNull();
        assertThat(a.hasUnhandledFailure()).isFalse();
    }

    @Test
    void chainDeferredLeavesTheSourceWithNull() {
        Deferred<Integer> a = new Deferred<>();
        Deferred<Integer> b = new Deferred<>();
        List<Object> seen = new ArrayList<>();
        a.chainDeferred(b).addCallback(r -> { seen.add(r); return r; });
        a.callback(3);
        assertThat(seen).hasSize(1).containsNull();
    }

    @Test
    void chainDeferredIsOneWay() {
        Deferred<Integer> a = new Deferred<>();
        Deferred<Integer> b = new Deferred<>();
        a.chainDeferred(b);
        b.callback(1);
        assertThat(a.called()).isFalse();
        a.cancel();
        // Cancelling the source does not cancel the target, which already fired anyway; the source's
        // CancelledError is relayed to b and, b being fired, becomes an AlreadyCalledError in a.
        assertThat(successResultOf(b)).isEqualTo(1);
        failureResultOf(a, AlreadyCalledError.class);
    }

    @Test
    void chainDeferredToAnAlreadyFiredTargetGivesAlreadyCalledErrorInTheSource() {
        Deferred<Integer> a = new Deferred<>();
        Deferred<Integer> b = Deferred.succeed(0);
        a.chainDeferred(b);
        a.callback(1);
        failureResultOf(a, AlreadyCalledError.class);
        assertThat(successResultOf(b)).isZero();
    }

    @Test
    void chainDeferredToItselfIsRefused() {
        Deferred<Integer> a = new Deferred<>();
        assertThatIllegalArgumentException().isThrownBy(() -> a.chainDeferred(a)).withMessageContaining("itself");
        a.callback(1);
        assertThat(successResultOf(a)).isEqualTo(1);
    }

    @Test
    void chainDeferredRunsTheTargetsCallbacks() {
        Deferred<Integer> a = new Deferred<>();
        Deferred<Integer> b = new Deferred<>();
        List<Integer> seen = new ArrayList<>();
        b.addCallback(x -> seen.add(x));
        a.chainDeferred(b);
        a.callback(4);
        assertThat(seen).containsExactly(4);
    }

    @Test
    void chainDeferredToAPausedTargetRunsItsCallbacksOnUnpause() {
        Deferred<Integer> a = new Deferred<>();
        Deferred<Integer> b = new Deferred<>();
        List<Integer> seen = new ArrayList<>();
        b.pause();
        b.addCallback(x -> seen.add(x));
        a.chainDeferred(b);
        a.callback(4);
        assertThat(b.called()).isTrue();
        assertThat(seen).isEmpty();
        b.unpause();
        assertThat(seen).containsExactly(4);
    }

    @Test
    void chainDeferredTargetCancelledWithoutCancellerSwallowsTheRelayedResult() {
        // C3 applies to relayed results too: the late result from the source is forgiven once.
        Deferred<Integer> a = new Deferred<>();
        Deferred<Integer> b = new Deferred<>();
        a.chainDeferred(b);
        b.cancel();
        a.callback(1);
        failureResultOf(b, CancelledError.class);
        assertThat(successResultOf(a)).isNull();
    }
}
