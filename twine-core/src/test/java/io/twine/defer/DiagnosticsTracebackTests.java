package io.twine.defer;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Async tracebacks in debug mode: the hops an error took across callbacks, Deferreds and awaits. */
class DiagnosticsTracebackTests {

    @BeforeEach
    void debugOn() {
        Deferred.setDebugging(true);
    }

    @AfterEach
    void debugOff() {
        Deferreds.disable(Deferreds.Diagnostic.values());
        Deferreds.clearPending();
    }

    private static Failure failureOf(Deferred<?> d) {
        Object r = d.result();
        assertThat(r).isInstanceOf(Failure.class);
        Failure f = (Failure) r;
        d.addErrback(x -> null); // consume, so nothing is reported as unhandled
        return f;
    }

    private static List<AsyncTrace.Hop> hops(Failure f) {
        AsyncTrace t = AsyncTrace.of(f);
        assertThat(t).as("async trace of " + f).isNotNull();
        return t.hops();
    }

    /** A callback that throws records where it was added and which Deferred it belonged to. */
    @Test
    void callbackThatThrowsRecordsWhereItWasAdded() {
        Deferred<String> d = new Deferred<>();
        d.addCallback(x -> { throw new IOException("disk"); });
        d.callback("go");
        List<AsyncTrace.Hop> hops = hops(failureOf(d));
        assertThat(hops).hasSize(1);
        assertThat(hops.get(0).what()).startsWith("raised by a callback added at ")
                .contains("DiagnosticsTracebackTests.callbackThatThrowsRecordsWhereItWasAdded(")
                .contains("Deferred at 0x" + Integer.toHexString(System.identityHashCode(d)) + " (created at ");
        assertThat(hops.get(0).site().get(0).getMethodName()).isEqualTo("callbackThatThrowsRecordsWhereItWasAdded");
    }

    /** Hop sites are trimmed of Twine's engine frames. */
    @Test
    void hopSitesHaveNoEngineFrames() {
        Deferred<String> d = new Deferred<>();
        d.addCallback(x -> { throw new IOException("disk"); });
        d.callback("go");
        assertThat(hops(failureOf(d)).get(0).site())
                .noneMatch(f -> f.getClassName().startsWith(Deferred.class.getName())
                        || f.getClassName().equals(Instrumentation.class.getName()));
    }

    /** errback() called directly is the first hop. */
    @Test
    void errbackCallIsRecorded() {
        Deferred<String> d = new Deferred<>();
        d.errback(new IOException("x"));
        assertThat(hops(failureOf(d)).get(0).what()).startsWith("errback() called on Deferred at 0x");
    }

    /** An errback that re-raises (trap) records that it passed the error on. */
    @Test
    void errbackThatPassesTheErrorOnIsRecorded() {
        Deferred<String> d = new Deferred<>();
        d.addCallback(x -> { throw new IOException("disk"); })
         .addErrback(f -> { f.trap(IllegalStateException.class); return "no"; });
        d.callback("go");
        List<AsyncTrace.Hop> hops = hops(failureOf(d));
        assertThat(hops).extracting(AsyncTrace.Hop::what)
                .satisfiesExactly(a -> assertThat(a).startsWith("raised by a callback"),
                        b -> assertThat(b).startsWith("passed on by an errback added at "));
    }

    /** An entry that returns the failure it got unchanged (addBoth as "finally") adds no hop. */
    @Test
    void finallyStyleAddBothAddsNoHop() {
        Deferred<String> d = new Deferred<>();
        d.addCallback(x -> { throw new IOException("disk"); }).addBoth(r -> r);
        d.callback("go");
        assertThat(hops(failureOf(d))).hasSize(1);
    }

    /** A failure of an inner Deferred records the hop into the outer Deferred that waited on it. */
    @Test
    void failureCrossingIntoWaitingDeferredIsRecorded() {
        Deferred<String> inner = new Deferred<>();
        inner.addCallback(x -> { throw new IOException("deep"); });
        Deferred<String> outer = new Deferred<>();
        outer.addCallbackDeferred(x -> inner);
        outer.callback("go");
        inner.callback("x");
        List<AsyncTrace.Hop> hops = hops(failureOf(outer));
        assertThat(hops).extracting(AsyncTrace.Hop::what)
                .satisfiesExactly(
                        a -> assertThat(a).startsWith("raised by a callback added at ")
                                .contains("failureCrossingIntoWaitingDeferredIsRecorded"),
                        b -> assertThat(b).startsWith("handed from Deferred at 0x" + Integer.toHexString(System.identityHashCode(inner)))
                                .contains("to Deferred at 0x" + Integer.toHexString(System.identityHashCode(outer)))
                                .contains("whose callback added at "));
    }

    /** The crossing marker passes values through: the outer chain gets the inner result unchanged. */
    @Test
    void crossingMarkerDoesNotChangeResults() {
        Deferred<String> inner = new Deferred<>();
        Deferred<String> outer = new Deferred<>();
        outer.addCallbackDeferred(x -> inner).addCallback(x -> x + "!");
        outer.callback("go");
        inner.callback("value");
        assertThat(outer.result()).isEqualTo("value!");
        assertThat(inner.hasUnhandledFailure()).isFalse();
    }

    /** A registered await records the hop into the waiter, with its await site. */
    @Test
    void awaitThroughTheSpiIsRecorded() {
        Deferred<String> awaited = new Deferred<>();
        java.util.concurrent.atomic.AtomicReference<Object> seen = new java.util.concurrent.atomic.AtomicReference<>();
        Deferreds.awaiting("coroutine fetch", null, awaited);
        awaited.addBoth(r -> { seen.set(r); return null; }); // the waiter's own callback
        awaited.errback(new IOException("gone"));
        Failure f = (Failure) seen.get();
        assertThat(hops(f)).extracting(AsyncTrace.Hop::what).last().asString()
                .startsWith("handed from Deferred at 0x").contains("to coroutine fetch, awaiting it at ")
                .contains("awaitThroughTheSpiIsRecorded");
    }

    /** The trace travels with the original exception: a new Failure wrapping it (a coroutine rethrow) still shows it. */
    @Test
    void traceSurvivesRewrappingTheException() {
        Deferred<String> d = new Deferred<>();
        d.addCallback(x -> { throw new IOException("disk"); });
        d.callback("go");
        Failure f = failureOf(d);
        assertThat(AsyncTrace.of(new Failure(f.value()))).isSameAs(AsyncTrace.of(f));
    }

    /** getTraceback shows the async trace. */
    @Test
    void tracebackShowsTheHops() {
        Deferred<String> d = new Deferred<>();
        d.addCallback(x -> { throw new IOException("disk"); });
        d.callback("go");
        assertThat(failureOf(d).getTraceback())
                .contains("Suppressed: io.twine.defer.AsyncTrace: async trace (debug mode)")
                .contains("1. raised by a callback added at ");
    }

    /** An exception that refuses suppressed exceptions still gets a trace, found through AsyncTrace.of. */
    @Test
    void exceptionWithoutSuppressionStillHasATrace() {
        Deferred<String> d = new Deferred<>();
        d.addCallback(x -> { throw new RuntimeException("no suppression", null, false, false) { }; });
        d.callback("go");
        Failure f = failureOf(d);
        assertThat(f.value().getSuppressed()).isEmpty();
        assertThat(hops(f)).hasSize(1);
    }

    /** With debug mode off, no trace is recorded. */
    @Test
    void noTraceWhenDebugModeIsOff() {
        Deferred.setDebugging(false);
        Deferred<String> d = new Deferred<>();
        d.addCallback(x -> { throw new IOException("disk"); });
        d.callback("go");
        assertThat(AsyncTrace.of(failureOf(d))).isNull();
    }

    /** The hop list is bounded; further hops are counted, not kept. */
    @Test
    void hopListIsBounded() {
        Deferred<String> d = new Deferred<>();
        d.addCallback(x -> { throw new IOException("disk"); });
        for (int i = 0; i < AsyncTrace.MAX_HOPS + 5; i++) {
            d.addErrback(f -> { throw f; });
        }
        d.callback("go");
        Failure f = failureOf(d);
        assertThat(hops(f)).hasSize(AsyncTrace.MAX_HOPS);
        assertThat(AsyncTrace.of(f).getMessage()).contains("... 6 more hops not kept");
    }
}
