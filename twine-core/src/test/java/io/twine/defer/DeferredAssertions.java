package io.twine.defer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.util.Arrays;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Twisted's SynchronousTestCase helpers for this test tree: read the result of a Deferred that
 * should have fired, or check that it has not.
 */
final class DeferredAssertions {
    private DeferredAssertions() {
    }

    /** The success result of a fired, unpaused Deferred; fails the test otherwise. */
    @SuppressWarnings("unchecked")
    static <T> T successResultOf(Deferred<T> d) {
        assertThat(d.called()).as("Deferred fired: %s", d).isTrue();
        assertThat(d.paused()).as("Deferred not paused or waiting: %s", d).isZero();
        Object r = d.result();
        if (r instanceof Failure f) {
            fail("expected a success result, got " + f.getTraceback());
        }
        return (T) r;
    }

    /**
     * The Failure result of a fired Deferred, checked against {@code types} when given. The failure
     * is then consumed (the chain goes on with null) so that it is not reported as unhandled.
     */
    @SafeVarargs
    static Failure failureResultOf(Deferred<?> d, Class<? extends Throwable>... types) {
        assertThat(d.called()).as("Deferred fired: %s", d).isTrue();
        assertThat(d.paused()).as("Deferred not paused or waiting: %s", d).isZero();
        Object r = d.result();
        assertThat(r).as("result of %s", d).isInstanceOf(Failure.class);
        Failure f = (Failure) r;
        if (types.length > 0 && f.check(types) == null) {
            fail("expected a failure of one of " + Arrays.toString(types) + ", got " + f.getTraceback());
        }
        d.addErrback(ignored -> null);
        return f;
    }

    /** The Deferred has no result available to a callback added now. */
    static void assertNoResult(Deferred<?> d) {
        AtomicBoolean ran = new AtomicBoolean();
        d.addBoth(r -> {
            ran.set(true);
            return r;
        });
        assertThat(ran).as("a callback added to %s ran at once", d).isFalse();
    }
}
