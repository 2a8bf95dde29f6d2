package io.twine.defer;

import static io.twine.defer.DeferredAssertions.successResultOf;
import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Method;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Issue 2 asks for "one small allocation per callback" on the hot path. This is checked by
 * counting the bytes the test thread allocates (HotSpot's exact per-thread counter), not by
 * timing: the bounds below hold whatever the machine's load. Callbacks are one shared,
 * non-capturing instance, so every byte counted is the Deferred's own.
 */
class AllocationTests {
    private static final int N = 100_000;
    /** Roughly one small object per callback, which is what the issue allows. */
    private static final double BOUND_BYTES_PER_CALLBACK = 32;

    private static final Callback<Object, Object> SAME = x -> x;
    private static final Object VALUE = new Object();

    private static Method allocatedBytes;
    private static Object threadBean;

    @BeforeAll
    static void findCounter() throws Exception {
        // java.management is not read by the core module; reflection needs no readability.
        threadBean = Class.forName("java.lang.management.ManagementFactory").getMethod("getThreadMXBean").invoke(null);
        allocatedBytes = Class.forName("com.sun.management.ThreadMXBean").getMethod("getCurrentThreadAllocatedBytes");
        for (int i = 0; i < 3; i++) { // warm up: class loading and the first compilations allocate too
            addThenFire();
            fireThenAdd();
        }
    }

    private static long allocated() {
        try {
            return (long) allocatedBytes.invoke(threadBean);
        } catch (ReflectiveOperationException e) {
            throw new AssertionError(e);
        }
    }

    private static Deferred<Object> addThenFire() {
        Deferred<Object> d = new Deferred<>();
        for (int i = 0; i < N; i++) {
            d.addCallback(SAME);
        }
        d.callback(VALUE);
        return d;
    }

    private static Deferred<Object> fireThenAdd() {
        Deferred<Object> d = Deferred.succeed(VALUE);
        for (int i = 0; i < N; i++) {
            d.addCallback(SAME);
        }
        return d;
    }

    @Test
    void addingCallbacksToAnUnfiredDeferredAllocatesAtMostOneSmallObjectEach() {
        Deferred<Object> d = new Deferred<>();
        long before = allocated();
        for (int i = 0; i < N; i++) {
            d.addCallback(SAME);
        }
        long bytes = allocated() - before;
        assertThat((double) bytes / N).as("bytes per addCallback").isLessThanOrEqualTo(BOUND_BYTES_PER_CALLBACK);
        d.callback(VALUE);
        assertThat(successResultOf(d)).isSameAs(VALUE);
    }

    @Test
    void runningTheChainAllocatesAtMostOneSmallObjectPerCallback() {
        Deferred<Object> d = new Deferred<>();
        for (int i = 0; i < N; i++) {
            d.addCallback(SAME);
        }
        long before = allocated();
        d.callback(VALUE);
        long bytes = allocated() - before;
        assertThat((double) bytes / N).as("bytes per callback run").isLessThanOrEqualTo(BOUND_BYTES_PER_CALLBACK);
        assertThat(successResultOf(d)).isSameAs(VALUE);
    }

    @Test
    void addingCallbacksToAFiredDeferredAllocatesAtMostOneSmallObjectEach() {
        Deferred<Object> d = Deferred.succeed(VALUE);
        long before = allocated();
        for (int i = 0; i < N; i++) {
            d.addCallback(SAME);
        }
        long bytes = allocated() - before;
        assertThat((double) bytes / N).as("bytes per addCallback on a fired Deferred")
                .isLessThanOrEqualTo(BOUND_BYTES_PER_CALLBACK);
        assertThat(successResultOf(d)).isSameAs(VALUE);
    }
}
