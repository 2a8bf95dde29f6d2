package io.twine.defer;

import static io.twine.defer.Results.failureResultOf;
import static io.twine.defer.Results.successResultOf;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Deferred engine edge cases seen only from the public API: long chains stored before firing,
 * callbacks added from inside a callback of a fired Deferred, the late firing forgiven after a
 * cancel, the pause count, the returned instance of the add methods, and the text forms.
 */
class DeferredEngineEdgeCasesTest {

    /** A callback object that is also an Errback; which role it plays depends on how it is added. */
    private static final class TwoFaced implements Callback<Object, Object>, Errback<Object> {
        final List<String> calls = new ArrayList<>();

        @Override
        public Object call(Object value) {
            calls.add("callback " + value);
            return value;
        }

        @Override
        public Object call(Failure failure) {
            calls.add("errback " + failure.getErrorMessage());
            return "recovered";
        }
    }

    /** A hundred callbacks added before firing all run, once each, in the order added. */
    @Test
    void aHundredCallbacksStoredBeforeFiringRunInOrder() {
        Deferred<Integer> d = new Deferred<>();
        List<Integer> seen = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            int step = i;
            d.addCallback(x -> {
                seen.add(step);
                return x + 1;
            });
        }
        d.callback(0);
        assertThat(seen).hasSize(100).isSorted().doesNotHaveDuplicates();
        assertThat(successResultOf(d)).isEqualTo(100);
    }

    /** Callbacks added while paused are kept, however many, and run in order on unpause. */
    @Test
    void callbacksAddedWhilePausedAfterFiringRunInOrderOnUnpause() {
        Deferred<String> d = Deferred.succeed("x");
        d.pause();
        List<Integer> seen = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            int step = i;
            d.addCallback(x -> {
                seen.add(step);
                return x;
            });
        }
        assertThat(seen).isEmpty();
        d.unpause();
        assertThat(seen).hasSize(20).isSorted();
    }

    /** A callback added from inside a callback run at once (the Deferred had fired) runs after it, with its result. */
    @Test
    void aCallbackAddedInsideAnImmediateCallbackRunsAfterItWithItsResult() {
        Deferred<Integer> d = Deferred.succeed(1);
        List<String> log = new ArrayList<>();
        d.addCallback(x -> {
            d.addCallback(y -> {
                log.add("inner " + y);
                return y * 10;
            });
            log.add("outer");
            return x + 1;
        });
        assertThat(log).containsExactly("outer", "inner 2");
        assertThat(successResultOf(d)).isEqualTo(20);
    }

    /** An immediate callback on a fired Deferred that throws fails the Deferred with what it threw. */
    @Test
    void anImmediateCallbackThatThrowsFailsTheDeferred() {
        Deferred<Integer> d = Deferred.succeed(1);
        d.addCallback(x -> {
            throw new IllegalStateException("immediate " + x);
        });
        assertThat(failureResultOf(d, IllegalStateException.class).getErrorMessage()).isEqualTo("immediate 1");
    }

    /** A callback added to a fired Deferred whose result is a Failure is skipped; the failure stays. */
    @Test
    void aCallbackAddedToAFailedDeferredIsSkipped() {
        Deferred<Integer> d = Deferred.fail(new IllegalStateException("boom"));
        List<Integer> seen = new ArrayList<>();
        d.addCallback(seen::add);
        assertThat(seen).isEmpty();
        assertThat(d.hasUnhandledFailure()).isTrue();
        failureResultOf(d, IllegalStateException.class);
    }

    /** A Callback that is also an Errback, added with addCallback, is not called on a failure. */
    @Test
    void aTwoFacedObjectAddedAsCallbackIsNotCalledOnFailure() {
        TwoFaced f = new TwoFaced();
        Deferred<Object> d = new Deferred<>();
        d.addCallback(f);
        d.errback(new IllegalStateException("boom"));
        assertThat(f.calls).isEmpty();
        failureResultOf(d, IllegalStateException.class);
    }

    /** The same, through addCallbackDeferred. */
    @Test
    void aTwoFacedObjectAddedWithAddCallbackDeferredIsNotCalledOnFailure() {
        List<String> calls = new ArrayList<>();
        final class TwoFacedDeferred implements Callback<Object, Deferred<Object>>, Errback<Object> {
            @Override
            public Deferred<Object> call(Object value) {
                calls.add("callback");
                return Deferred.succeed(value);
            }

            @Override
            public Object call(Failure failure) {
                calls.add("errback");
                return null;
            }
        }
        Deferred<Object> d = Deferred.fail(new IllegalStateException("boom"));
        d.addCallbackDeferred(new TwoFacedDeferred());
        assertThat(calls).isEmpty();
        failureResultOf(d, IllegalStateException.class);
    }

    /** A Callback that is also an Errback, added with addErrback, is not called on success. */
    @Test
    void aTwoFacedObjectAddedAsErrbackIsNotCalledOnSuccess() {
        TwoFaced f = new TwoFaced();
        Deferred<Object> d = Deferred.succeed("v");
        d.addErrback(f);
        assertThat(f.calls).isEmpty();
        assertThat(successResultOf(d)).isEqualTo("v");
    }

    /** Every add method returns the Deferred it was called on. */
    @Test
    void everyAddMethodReturnsTheSameDeferred() {
        Deferred<String> d = new Deferred<>();
        assertThat(d.addCallback(x -> x)).isSameAs(d);
        assertThat(d.addErrback(f -> "r")).isSameAs(d);
        assertThat(d.addCallbacks(x -> x, f -> "r")).isSameAs(d);
        assertThat(d.addBoth(x -> x)).isSameAs(d);
        assertThat(d.addCallbackDeferred(x -> Deferred.succeed(x))).isSameAs(d);
        assertThat(d.addErrbackDeferred(f -> Deferred.succeed("r"))).isSameAs(d);
        assertThat(d.chainDeferred(new Deferred<>())).isSameAs(d);
    }

    /** After a canceller-less cancel, exactly one late firing is forgiven; a second one is an error. */
    @Test
    void onlyTheFirstLateFiringAfterACancelIsForgiven() {
        Deferred<String> d = new Deferred<>();
        d.cancel();
        d.callback("late");
        assertThatThrownBy(() -> d.callback("later")).isInstanceOf(AlreadyCalledError.class);
        failureResultOf(d, CancelledError.class);
    }

    /** The forgiven late firing may be an errback too; the result stays the CancelledError. */
    @Test
    void aLateErrbackAfterACancelIsForgivenToo() {
        Deferred<String> d = new Deferred<>();
        d.cancel();
        d.errback(new IllegalStateException("late"));
        failureResultOf(d, CancelledError.class);
        assertThatThrownBy(() -> d.errback(new IllegalStateException("later"))).isInstanceOf(AlreadyCalledError.class);
    }

    /** Without debug mode, AlreadyCalledError says how to see where the Deferred was fired. */
    @Test
    void alreadyCalledErrorWithoutDebugModeSuggestsIt() {
        Deferred<String> d = new Deferred<>();
        d.callback("a");
        assertThatThrownBy(() -> d.callback("b")).isInstanceOf(AlreadyCalledError.class)
                .hasMessage("Deferred has already been fired"
                        + " (turn on Deferred.setDebugging(true) to see where it was created and first fired)");
    }

    /** paused() counts user pauses, plus one while the chain waits on another Deferred. */
    @Test
    void pausedCountsUserPausesPlusOneWhileWaiting() {
        Deferred<String> d = new Deferred<>();
        assertThat(d.paused()).isZero();
        d.pause();
        d.pause();
        assertThat(d.paused()).isEqualTo(2);
        d.unpause();
        d.unpause();
        Deferred<String> inner = new Deferred<>();
        d.addCallbackDeferred(x -> inner);
        d.callback("x");
        assertThat(d.paused()).isEqualTo(1);
        d.pause();
        assertThat(d.paused()).isEqualTo(2);
        d.unpause();
        inner.callback("y");
        assertThat(d.paused()).isZero();
        assertThat(successResultOf(d)).isEqualTo("y");
    }

    /** waitingOn() names the inner Deferred while waiting and null otherwise. */
    @Test
    void waitingOnNamesTheInnerDeferredOnlyWhileWaiting() {
        Deferred<String> d = new Deferred<>();
        assertThat(d.waitingOn()).isNull();
        Deferred<String> inner = new Deferred<>();
        d.addCallbackDeferred(x -> inner);
        d.callback("x");
        assertThat(d.waitingOn()).isSameAs(inner);
        assertThat(d.result()).isSameAs(inner);
        inner.callback("y");
        assertThat(d.waitingOn()).isNull();
    }

    /** An unfired Deferred shows only its identity. */
    @Test
    void toStringOfAnUnfiredDeferred() {
        Deferred<String> d = new Deferred<>();
        assertThat(d.toString()).isEqualTo("<Deferred at 0x" + Integer.toHexString(System.identityHashCode(d)) + ">");
    }

    /** A fired Deferred shows its current result. */
    @Test
    void toStringOfAFiredDeferredShowsTheResult() {
        Deferred<String> d = Deferred.succeed("hello");
        assertThat(d.toString()).isEqualTo("<Deferred at 0x" + Integer.toHexString(System.identityHashCode(d))
                + " current result: hello>");
    }

    /** A failed Deferred shows the failure's type and message. */
    @Test
    void toStringOfAFailedDeferredShowsTheFailure() {
        Deferred<String> d = Deferred.fail(new IllegalStateException("boom"));
        assertThat(d.toString()).endsWith(" current result: <Failure java.lang.IllegalStateException: boom>>");
        failureResultOf(d, IllegalStateException.class);
    }

    /** A waiting Deferred names the Deferred it waits on. */
    @Test
    void toStringOfAWaitingDeferredNamesTheInnerOne() {
        Deferred<String> inner = new Deferred<>();
        Deferred<String> d = Deferred.succeed("x").addCallbackDeferred(x -> inner);
        assertThat(d.toString()).isEqualTo("<Deferred at 0x" + Integer.toHexString(System.identityHashCode(d))
                + " waiting on Deferred at 0x" + Integer.toHexString(System.identityHashCode(inner)) + ">");
    }

    /** A result whose toString() throws is shown by its class name. */
    @Test
    void toStringOfAResultWhoseToStringThrowsShowsItsClass() {
        Object bad = new Object() {
            @Override
            public String toString() {
                throw new IllegalStateException("no text");
            }
        };
        Deferred<Object> d = Deferred.succeed(bad);
        assertThat(d.toString()).endsWith(" current result: <" + bad.getClass().getName()
                + " whose toString() threw java.lang.IllegalStateException>>");
    }

    /** An anonymous subclass is shown by the class it extends. */
    @Test
    void toStringOfAnAnonymousSubclassUsesTheSuperclassName() {
        Deferred<String> d = new Deferred<>() {
        };
        assertThat(d.toString()).startsWith("<Deferred at 0x");
    }

    /** A null result is shown as null. */
    @Test
    void toStringOfANullResult() {
        Deferred<String> d = Deferred.succeed(null);
        assertThat(d.toString()).endsWith(" current result: null>");
    }

    /** A fired inner Deferred returned by a callback gives its result away: later callbacks on it see null. */
    @Test
    void aFiredInnerDeferredReturnedByACallbackIsLeftWithNull() {
        Deferred<String> inner = Deferred.succeed("v");
        Deferred<String> outer = Deferred.succeed(1).addCallbackDeferred(x -> inner);
        assertThat(successResultOf(outer)).isEqualTo("v");
        List<Object> seen = new ArrayList<>();
        inner.addCallback(seen::add);
        assertThat(seen).containsExactly((Object) null);
    }

    /** An outer Deferred paused by its user while it waits does not run on when the inner one fires. */
    @Test
    void aPausedOuterDeferredWaitsForUnpauseAfterTheInnerFires() {
        Deferred<String> inner = new Deferred<>();
        Deferred<String> outer = new Deferred<>();
        List<String> seen = new ArrayList<>();
        outer.addCallbackDeferred(x -> inner).addCallback(v -> seen.add("got " + v));
        outer.callback("start");
        outer.pause();
        inner.callback("v");
        assertThat(seen).isEmpty();
        assertThat(outer.paused()).isEqualTo(1);
        outer.unpause();
        assertThat(seen).containsExactly("got v");
    }

    /** A failure recovered by an errback that returns an unfired Deferred is no longer unhandled while waiting. */
    @Test
    void aFailureHandedToAnErrbackThatWaitsIsNotUnhandledWhileWaiting() {
        Deferred<String> inner = new Deferred<>();
        Deferred<String> d = Deferred.fail(new IllegalStateException("boom"));
        assertThat(d.hasUnhandledFailure()).isTrue();
        d.addErrbackDeferred(f -> inner);
        assertThat(d.hasUnhandledFailure()).isFalse();
        inner.callback("recovered");
        assertThat(successResultOf(d)).isEqualTo("recovered");
    }

    /** A chainDeferred target whose callback starts waiting lets the source's own chain go on meanwhile. */
    @Test
    void aRelayTargetThatStartsWaitingLetsTheSourceGoOn() {
        Deferred<String> source = new Deferred<>();
        Deferred<String> target = new Deferred<>();
        Deferred<String> inner = new Deferred<>();
        List<String> log = new ArrayList<>();
        target.addCallbackDeferred(x -> {
            log.add("target got " + x);
            return inner;
        }).addCallback(v -> log.add("target resumed with " + v));
        source.chainDeferred(target).addCallback(v -> log.add("source goes on with " + v));
        source.callback("v");
        assertThat(log).containsExactly("target got v", "source goes on with null");
        inner.callback("w");
        assertThat(log).containsExactly("target got v", "source goes on with null", "target resumed with w");
    }

    /** Two levels of chainDeferred whose last target starts waiting unwind back to every source. */
    @Test
    void nestedRelaysWhoseLastTargetWaitsUnwindToEverySource() {
        Deferred<String> a = new Deferred<>();
        Deferred<String> b = new Deferred<>();
        Deferred<String> c = new Deferred<>();
        Deferred<String> inner = new Deferred<>();
        List<String> log = new ArrayList<>();
        c.addCallbackDeferred(x -> inner).addCallback(v -> log.add("c " + v));
        b.chainDeferred(c).addCallback(v -> log.add("b " + v));
        a.chainDeferred(b).addCallback(v -> log.add("a " + v));
        a.callback("v");
        assertThat(log).containsExactly("b null", "a null");
        inner.callback("w");
        assertThat(log).containsExactly("b null", "a null", "c w");
    }
}
