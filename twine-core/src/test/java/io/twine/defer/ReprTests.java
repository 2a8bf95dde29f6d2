package io.twine.defer;

import static io.twine.defer.DeferredAssertions.failureResultOf;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** toString() tells the state as Twisted's repr does (test_defer.py test_repr*). */
class ReprTests {

    private static String hex(Object o) {
        return "0x" + Integer.toHexString(System.identityHashCode(o));
    }

    @Test
    void unfiredDeferredShowsOnlyItsIdentity() {
        Deferred<Integer> d = new Deferred<>();
        assertThat(d.toString()).isEqualTo("<Deferred at " + hex(d) + ">");
    }

    @Test
    void firedDeferredShowsItsCurrentResult() {
        Deferred<String> d = new Deferred<>();
        d.callback("orange");
        assertThat(d.toString()).isEqualTo("<Deferred at " + hex(d) + " current result: orange>");
    }

    @Test
    void resultShownIsTheCurrentOneAfterCallbacks() {
        Deferred<Integer> d = new Deferred<>();
        d.addCallback(x -> x * 10);
        d.callback(4);
        assertThat(d.toString()).endsWith(" current result: 40>");
    }

    @Test
    void nullResultIsShownAsNull() {
        Deferred<Object> d = Deferred.succeed(null);
        assertThat(d.toString()).endsWith(" current result: null>");
    }

    @Test
    void failedDeferredShowsTheFailureTypeAndMessage() {
        Deferred<Integer> d = Deferred.fail(new IllegalStateException("broken"));
        assertThat(d.toString()).isEqualTo(
                "<Deferred at " + hex(d) + " current result: <Failure java.lang.IllegalStateException: broken>>");
        failureResultOf(d);
    }

    @Test
    void waitingDeferredShowsWhatItWaitsOn() {
        Deferred<Integer> inner = new Deferred<>();
        Deferred<Integer> outer = new Deferred<>();
        outer.addCallbackDeferred(x -> inner);
        outer.callback(1);
        assertThat(outer.toString()).isEqualTo("<Deferred at " + hex(outer) + " waiting on Deferred at " + hex(inner) + ">");
    }

    @Test
    void resultWhoseToStringThrowsIsShownByItsClass() {
        Object nasty = new Object() {
            @Override
            public String toString() {
                throw new UnsupportedOperationException("no repr");
            }
        };
        Deferred<Object> d = Deferred.succeed(nasty);
        assertThat(d.toString()).contains(" current result: <").contains("whose toString() threw")
                .contains("UnsupportedOperationException");
    }

    @Test
    void toStringDoesNotConsumeTheResult() {
        Deferred<Integer> d = Deferred.fail(new RuntimeException("kept"));
        d.toString();
        assertThat(d.hasUnhandledFailure()).isTrue();
        failureResultOf(d);
    }

    @Test
    void subclassIsShownByItsOwnName() {
        class Download extends Deferred<String> {
        }
        Download d = new Download();
        assertThat(d.toString()).isEqualTo("<Download at " + hex(d) + ">");
    }

    @Test
    void anonymousSubclassIsShownByTheClassItExtends() {
        Deferred<String> d = new Deferred<>() {
        };
        assertThat(d.toString()).isEqualTo("<Deferred at " + hex(d) + ">");
    }
}
