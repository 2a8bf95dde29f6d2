package io.twine.defer;

import static io.twine.defer.DeferredAssertions.assertNoResult;
import static io.twine.defer.DeferredAssertions.failureResultOf;
import static io.twine.defer.DeferredAssertions.successResultOf;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatNullPointerException;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.NoSuchElementException;
import org.junit.jupiter.api.Test;

/** The basic callback/errback chain: what runs, with what, in which order (test_defer.py DeferredTests). */
class CallbackChainTests {

    @Test
    void callbackReceivesTheFiredValue() {
        Deferred<String> d = new Deferred<>();
        List<String> seen = new ArrayList<>();
        d.addCallback(s -> seen.add(s));
        d.callback("hello");
        assertThat(seen).containsExactly("hello");
    }

    @Test
    void eachCallbackReceivesTheResultOfThePreviousOne() {
        Deferred<Integer> d = new Deferred<>();
        List<Object> seen = new ArrayList<>();
        d.addCallback(x -> x + 1)
                .addCallback(x -> { seen.add(x); return "n=" + x * 2; })
                .addCallback(s -> { seen.add(s); return s.length(); });
        d.callback(1);
        assertThat(seen).containsExactly(2, "n=4");
        assertThat(successResultOf(d)).isEqualTo(3);
    }

    @Test
    void addMethodsReturnTheSameDeferred() {
        Deferred<Integer> d = new Deferred<>();
        assertThat((Object) d.addCallback(x -> x)).isSameAs(d);
        assertThat((Object) d.addErrback(f -> 0)).isSameAs(d);
        assertThat((Object) d.addCallbacks(x -> x, f -> 0)).isSameAs(d);
        assertThat((Object) d.addBoth(x -> x)).isSameAs(d);
        assertThat((Object) d.addCallbackDeferred(x -> Deferred.succeed(x))).isSameAs(d);
        assertThat((Object) d.addErrbackDeferred(f -> Deferred.succeed(0))).isSameAs(d);
        assertThat((Object) d.chainDeferred(new Deferred<>())).isSameAs(d);
    }

    @Test
    void nullValueIsAResultLikeAnyOther() {
        Deferred<String> d = new Deferred<>();
        List<String> seen = new ArrayList<>();
        d.addCallback(s -> { seen.add(s); return s; });
        d.callback(null);
        assertThat(seen).hasSize(1).containsNull();
        assertThat(successResultOf(d)).isNull();
    }

    @Test
    void firingWithNoCallbacksStoresTheResult() {
        Deferred<Integer> d = new Deferred<>();
        d.callback(1);
        assertThat(d.called()).isTrue();
        assertThat(d.result()).isEqualTo(1);
    }

    @Test
    void callbackAddedAfterFiringRunsImmediately() {
        Deferred<Integer> d = new Deferred<>();
        d.callback(1);
        List<Integer> seen = new ArrayList<>();
        d.addCallback(x -> seen.add(x));
        assertThat(seen).containsExactly(1);
    }

    @Test
    void callbackAddedAfterFiringRunsOnTheAddingCallStack() {
        Deferred<Integer> d = Deferred.succeed(1);
        Thread me = Thread.currentThread();
        List<Thread> ranOn = new ArrayList<>();
        d.addCallback(x -> ranOn.add(Thread.currentThread()));
        assertThat(ranOn).containsExactly(me);
    }

    @Test
    void callbacksAreSkippedOnTheFailurePath() {
        Deferred<Integer> d = new Deferred<>();
        List<String> seen = new ArrayList<>();
        d.addCallback(x -> { seen.add("callback"); return x; })
                .addErrback(f -> { seen.add("errback " + f.getErrorMessage()); return 0; });
        d.errback(new IllegalStateException("bad"));
        assertThat(seen).containsExactly("errback bad");
    }

    @Test
    void errbacksAreSkippedOnTheSuccessPath() {
        Deferred<Integer> d = new Deferred<>();
        List<String> seen = new ArrayList<>();
        d.addErrback(f -> { seen.add("errback"); return 0; })
                .addCallback(x -> { seen.add("callback " + x); return x; });
        d.callback(5);
        assertThat(seen).containsExactly("callback 5");
    }

    @Test
    void exceptionThrownByCallbackBecomesTheFailureOfTheNextErrback() {
        Deferred<Integer> d = new Deferred<>();
        IllegalArgumentException boom = new IllegalArgumentException("boom");
        List<Failure> failures = new ArrayList<>();
        d.addCallback(x -> { throw boom; }).addErrback(f -> { failures.add(f); return 0; });
        d.callback(1);
        assertThat(failures).singleElement().satisfies(f -> assertThat(f.value()).isSameAs(boom));
    }

    @Test
    void checkedExceptionThrownByCallbackBecomesAFailure() {
        Deferred<Integer> d = new Deferred<>();
        IOException io = new IOException("disk on fire");
        d.addCallback(x -> { throw io; });
        d.callback(1);
        Failure f = failureResultOf(d, IOException.class);
        assertThat(f.value()).isSameAs(io);
    }

    @Test
    void errorThrownByCallbackBecomesAFailure() {
        Deferred<Integer> d = new Deferred<>();
        AssertionError err = new AssertionError("not an Exception");
        d.addCallback(x -> { throw err; });
        d.callback(1);
        assertThat(failureResultOf(d, AssertionError.class).value()).isSameAs(err);
    }

    @Test
    void callbackReturningAFailureIsTheSameAsThrowingIt() {
        Deferred<Integer> d = new Deferred<>();
        Failure rte = new Failure(new RuntimeException("returned"));
        List<Failure> failures = new ArrayList<>();
        d.addCallback(x -> rte).addErrback(f -> { failures.add(f); return null; });
        d.callback(1);
        assertThat(failures).containsExactly(rte);
    }

    @Test
    void errbackRecoversByReturningAValue() {
        Deferred<Integer> d = new Deferred<>();
        List<Integer> seen = new ArrayList<>();
        d.addErrback(f -> 42).addCallback(x -> seen.add(x));
        d.errback(new RuntimeException());
        assertThat(seen).containsExactly(42);
    }

    @Test
    void errbackPassesTheErrorOnByThrowing() {
        Deferred<Integer> d = new Deferred<>();
        IOException second = new IOException("second");
        d.addErrback(f -> { throw second; });
        d.errback(new RuntimeException("first"));
        assertThat(failureResultOf(d).value()).isSameAs(second);
    }

    @Test
    void trapWithoutMatchPassesTheSameFailureObjectOn() {
        Deferred<Integer> d = new Deferred<>();
        Failure original = new Failure(new IllegalStateException("not handled here"));
        List<Failure> seen = new ArrayList<>();
        d.addErrback(f -> { f.trap(IOException.class); return 0; })
                .addErrback(f -> { seen.add(f); return 1; });
        d.errback(original);
        assertThat(seen).singleElement().isSameAs(original);
        assertThat(successResultOf(d)).isEqualTo(1);
    }

    @Test
    void trapWithMatchLetsTheErrbackRecover() {
        Deferred<Integer> d = new Deferred<>();
        d.addErrback(f -> { f.trap(IOException.class); return 7; });
        d.errback(new FileNotFoundException("x"));
        assertThat(successResultOf(d)).isEqualTo(7);
    }

    @Test
    void rethrowingTheFailureKeepsTheSameObject() {
        Deferred<Integer> d = new Deferred<>();
        List<Failure> seen = new ArrayList<>();
        d.addErrback(f -> { seen.add(f); throw f; }).addErrback(f -> { seen.add(f); throw f; });
        d.errback(new RuntimeException("x"));
        assertThat(seen).hasSize(2);
        assertThat(seen.get(0)).isSameAs(seen.get(1));
        assertThat(failureResultOf(d)).isSameAs(seen.get(0));
    }

    @Test
    void errbackWithAFailureUsesThatFailureAsIs() {
        Deferred<Integer> d = new Deferred<>();
        Failure f = new Failure(new RuntimeException());
        d.errback(f);
        assertThat(failureResultOf(d)).isSameAs(f);
    }

    @Test
    void errbackWithAnExceptionWrapsIt() {
        Deferred<Integer> d = new Deferred<>();
        IOException io = new IOException("x");
        d.errback(io);
        Failure f = failureResultOf(d);
        assertThat(f.value()).isSameAs(io);
        assertThat(f.type()).isEqualTo(IOException.class);
    }

    @Test
    void callbackWithAFailureGoesToTheErrbacks() {
        // E8: callback(Failure(KeyError())) takes the failure path.
        Deferred<Object> d = new Deferred<>();
        List<String> seen = new ArrayList<>();
        d.addCallbacks(x -> { seen.add("callback"); return x; }, f -> { seen.add("errback"); return null; });
        d.callback(new Failure(new NoSuchElementException()));
        assertThat(seen).containsExactly("errback");
    }

    @Test
    void addCallbacksRunsExactlyOneSideOnSuccess() {
        Deferred<Integer> d = new Deferred<>();
        List<String> seen = new ArrayList<>();
        d.addCallbacks(x -> { seen.add("cb"); throw new RuntimeException("from cb"); },
                f -> { seen.add("eb"); return 0; });
        d.callback(1);
        // The errback of the same pair does not see the callback's exception (try/except/else).
        assertThat(seen).containsExactly("cb");
        failureResultOf(d, RuntimeException.class);
    }

    @Test
    void addCallbacksRunsExactlyOneSideOnFailure() {
        Deferred<Integer> d = new Deferred<>();
        List<String> seen = new ArrayList<>();
        d.addCallbacks(x -> { seen.add("cb"); return x; }, f -> { seen.add("eb"); return 5; });
        d.errback(new RuntimeException());
        assertThat(seen).containsExactly("eb");
        assertThat(successResultOf(d)).isEqualTo(5);
    }

    @Test
    void addCallbacksWithNullErrbackPassesFailureThrough() {
        Deferred<Integer> d = new Deferred<>();
        RuntimeException e = new RuntimeException();
        d.addCallbacks(x -> x + 1, null);
        d.errback(e);
        assertThat(failureResultOf(d).value()).isSameAs(e);
    }

    @Test
    void addCallbacksWithNullCallbackPassesValueThrough() {
        Deferred<Integer> d = new Deferred<>();
        d.addCallbacks(null, f -> 0);
        d.callback(3);
        assertThat(successResultOf(d)).isEqualTo(3);
    }

    @Test
    void addBothSeesTheValueOnSuccess() {
        Deferred<Integer> d = new Deferred<>();
        List<Object> seen = new ArrayList<>();
        d.addBoth(r -> { seen.add(r); return r; });
        d.callback(9);
        assertThat(seen).containsExactly(9);
        assertThat(successResultOf(d)).isEqualTo(9);
    }

    @Test
    void addBothSeesTheFailureAndReturningItKeepsTheFailure() {
        Deferred<Integer> d = new Deferred<>();
        Failure f = new Failure(new RuntimeException());
        List<Object> seen = new ArrayList<>();
        d.addBoth(r -> { seen.add(r); return r; });
        d.errback(f);
        assertThat(seen).containsExactly(f);
        assertThat(failureResultOf(d)).isSameAs(f);
    }

    @Test
    void addBothCanRecoverFromAFailure() {
        Deferred<Integer> d = new Deferred<>();
        Deferred<String> after = d.addBoth(r -> "finally");
        d.errback(new RuntimeException());
        assertThat(successResultOf(after)).isEqualTo("finally");
    }

    @Test
    void callbackAddedByARunningCallbackRunsAfterTheOthersInTheSamePass() {
        // test_reentrantRunCallbacks
        Deferred<Void> d = new Deferred<>();
        List<Integer> called = new ArrayList<>();
        d.addCallback(x -> {
            called.add(1);
            d.addCallback(y -> { called.add(3); return null; });
            return null;
        });
        d.addCallback(x -> { called.add(2); return null; });
        d.callback(null);
        assertThat(called).containsExactly(1, 2, 3);
    }

    @Test
    void callbackAddedByARunningCallbackDoesNotRunUntilThatCallbackReturns() {
        // test_nonReentrantCallbacks
        Deferred<Void> d = new Deferred<>();
        List<Integer> called = new ArrayList<>();
        List<List<Integer>> snapshot = new ArrayList<>();
        d.addCallback(x -> {
            called.add(1);
            d.addCallback(y -> { called.add(2); return null; });
            snapshot.add(List.copyOf(called));
            return null;
        });
        d.callback(null);
        assertThat(snapshot).containsExactly(List.of(1));
        assertThat(called).containsExactly(1, 2);
    }

    @Test
    void callbackAddedByACallbackOfAFiredDeferredRunsAfterItReturns() {
        Deferred<Integer> d = Deferred.succeed(1);
        List<String> order = new ArrayList<>();
        d.addCallback(x -> {
            d.addCallback(y -> { order.add("inner " + y); return y; });
            order.add("outer done");
            return x + 1;
        });
        assertThat(order).containsExactly("outer done", "inner 2");
    }

    @Test
    void exceptionFromAReentrantlyAddedCallbackReachesTheNextErrback() {
        // test_reentrantRunCallbacksWithFailure
        Deferred<Void> d = new Deferred<>();
        d.addCallback(x -> {
            d.addCallback(y -> { throw new Exception("callback raised exception"); });
            return null;
        });
        d.callback(null);
        assertThat(failureResultOf(d, Exception.class).getErrorMessage()).isEqualTo("callback raised exception");
    }

    @Test
    void callbackFiringItsOwnDeferredAgainGetsAlreadyCalledErrorAsAFailure() {
        Deferred<Integer> d = new Deferred<>();
        d.addCallback(x -> { d.callback(2); return x; });
        d.callback(1);
        failureResultOf(d, AlreadyCalledError.class);
    }

    @Test
    void errbackAddedAfterFailureRunsImmediately() {
        Deferred<Integer> d = Deferred.fail(new RuntimeException("immediate"));
        List<String> seen = new ArrayList<>();
        d.addErrback(f -> { seen.add(f.getErrorMessage()); return 0; });
        assertThat(seen).containsExactly("immediate");
    }

    @Test
    void nullCallbackIsRefusedWithAClearMessage() {
        Deferred<Integer> d = new Deferred<>();
        assertThatNullPointerException()
                .isThrownBy(() -> d.addCallback(null)).withMessageContaining("addCallback");
        assertThatNullPointerException()
                .isThrownBy(() -> d.addErrback(null)).withMessageContaining("addErrback");
        assertThatNullPointerException()
                .isThrownBy(() -> d.addBoth(null)).withMessageContaining("addBoth");
        // The refused calls did not add anything: the chain still works.
        d.callback(1);
        assertThat(successResultOf(d)).isEqualTo(1);
    }

    /** A function that is both a Callback and an Errback, to check which side each add method uses. */
    private static final class TwoFaced implements Callback<Object, Object>, Errback<Object> {
        final List<String> calls = new ArrayList<>();

        @Override
        public Object call(Object result) {
            calls.add("as callback");
            return result;
        }

        @Override
        public Object call(Failure failure) {
            calls.add("as errback");
            return "recovered";
        }
    }

    @Test
    void objectThatIsBothCallbackAndErrbackAddedAsCallbackIsSkippedOnFailure() {
        TwoFaced both = new TwoFaced();
        Deferred<Object> d = new Deferred<>();
        d.addCallback(both);
        d.errback(new RuntimeException());
        assertThat(both.calls).isEmpty();
        failureResultOf(d, RuntimeException.class);
    }

    @Test
    void objectThatIsBothCallbackAndErrbackAddedAsErrbackIsSkippedOnSuccess() {
        TwoFaced both = new TwoFaced();
        Deferred<Object> d = new Deferred<>();
        d.addErrback(both);
        d.callback("value");
        assertThat(both.calls).isEmpty();
        assertThat(successResultOf(d)).isEqualTo("value");
    }

    @Test
    void objectThatIsBothCallbackAndErrbackAddedAsErrbackRunsOnFailure() {
        TwoFaced both = new TwoFaced();
        Deferred<Object> d = Deferred.fail(new RuntimeException());
        d.addErrback(both);
        assertThat(both.calls).containsExactly("as errback");
        assertThat(successResultOf(d)).isEqualTo("recovered");
    }

    @Test
    void subclassOfDeferredReturnedFromACallbackIsChained() {
        class Download extends Deferred<String> {
        }
        Download download = new Download();
        Deferred<Integer> d = new Deferred<>();
        List<Object> seen = new ArrayList<>();
        d.addCallbackDeferred(x -> download).addCallback(r -> seen.add(r));
        d.callback(1);
        assertThat(seen).isEmpty();
        download.callback("fetched");
        assertThat(seen).containsExactly("fetched");
    }

    @Test
    void unfiredDeferredRunsNothing() {
        Deferred<Integer> d = new Deferred<>();
        List<Integer> seen = new ArrayList<>();
        d.addCallback(x -> seen.add(x));
        assertThat(seen).isEmpty();
        assertThat(d.called()).isFalse();
        assertNoResult(d);
    }
}
