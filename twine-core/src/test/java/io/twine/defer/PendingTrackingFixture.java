package io.twine.defer;

import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/**
 * Shared set-up of the pending-registry tests: the registry is empty and tracking when a test
 * starts, ages come from a fake clock the test moves ({@link #nanos}), and everything is switched
 * off and restored afterwards.
 */
abstract class PendingTrackingFixture {
    /** The diagnostics clock while a test runs, in nanoseconds. */
    final AtomicLong nanos = new AtomicLong(1_000_000_000L);
    private LongSupplier savedClock;

    @BeforeEach
    void trackWithFakeClock() {
        savedClock = Instrumentation.clock;
        Instrumentation.clock = nanos::get;
        Deferreds.clearPending();
        Deferreds.enable(Deferreds.Diagnostic.PENDING);
    }

    @AfterEach
    void stopTracking() {
        Deferreds.disable(Deferreds.Diagnostic.values());
        Deferreds.clearPending();
        Instrumentation.clock = savedClock;
    }

    /** The node of {@code d} in the snapshot; fails with the whole dump when it is missing. */
    static PendingSnapshot.Node node(PendingSnapshot s, Deferred<?> d) {
        return s.nodeOf(d).orElseThrow(() -> new AssertionError("no node for " + d + " in\n" + s.toText()));
    }
}
