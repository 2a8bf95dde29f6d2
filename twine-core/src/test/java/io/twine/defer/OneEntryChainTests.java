package io.twine.defer;

import static io.twine.defer.DeferredAssertions.successResultOf;
import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A chain of exactly one entry is kept without an array (the engine stores the entry itself): the
 * behaviour around that form and its moves to and from an array, and what it saves.
 */
class OneEntryChainTests {
    private static final Callback<Object, Object> SAME = x -> x;

    @Test
    void aSingleCallbackRunsWhenFired() {
        Deferred<Integer> d = new Deferred<>();
        d.addCallback(x -> x + 1);
        d.callback(1);
        assertThat(successResultOf(d)).isEqualTo(2);
    }

    @Test
    void aSecondCallbackAddedWhileTheFirstWaitsKeepsTheOrder() {
        List<String> seen = new ArrayList<>();
        Deferred<String> d = new Deferred<>();
        d.addCallback(x -> { seen.add("first " + x); return x + "1"; });
        d.addCallback(x -> { seen.add("second " + x); return x + "2"; });
        d.callback("r");
        assertThat(seen).containsExactly("first r", "second r1");
        assertThat(successResultOf(d)).isEqualTo("r12");
    }

    @Test
    void aCallbackAddedByTheOnlyRunningCallbackRunsAfterIt() {
        // The runner holds the one-entry chain as its batch while the entry, running, adds another.
        List<String> seen = new ArrayList<>();
        Deferred<String> d = new Deferred<>();
        d.addCallback(x -> {
            d.addCallback(y -> { seen.add("added " + y); return y + "b"; });
            seen.add("first " + x);
            return x + "a";
        });
        d.callback("r");
        assertThat(seen).containsExactly("first r", "added ra");
        assertThat(successResultOf(d)).isEqualTo("rab");
    }

    @Test
    void aDrainedChainTakesOneEntryAgainAndRunsIt() {
        Deferred<Integer> d = new Deferred<>();
        d.addCallback(x -> x + 1);
        d.addCallback(x -> x + 1);
        d.pause();
        d.callback(0);
        d.addCallback(x -> x * 10); // stored: the Deferred is paused
        assertThat(d.pendingEntries()).hasSize(3);
        d.unpause();
        assertThat(successResultOf(d)).isEqualTo(20);
        d.pause();
        d.addCallback(x -> x + 5); // the array was dropped: one entry again
        assertThat(d.pendingEntries()).hasSize(1);
        d.unpause();
        assertThat(successResultOf(d)).isEqualTo(25);
    }

    @Test
    void pendingEntriesListsTheOneEntry() {
        Deferred<Object> d = new Deferred<>();
        assertThat(d.pendingEntries()).isEmpty();
        d.addCallback(SAME);
        assertThat(d.pendingEntries()).containsExactly(SAME);
        d.addCallback(SAME);
        assertThat(d.pendingEntries()).containsExactly(SAME, SAME);
    }

    @Test
    void aWaitingDeferredsContinuationIsItsOnlyEntry() {
        Deferred<Integer> inner = new Deferred<>();
        Deferred<Integer> outer = Deferred.succeed(1);
        outer.addCallbackDeferred(x -> inner);
        Object[] entries = inner.pendingEntries();
        assertThat(entries).hasSize(1);
        assertThat(entries[0]).isInstanceOf(Deferred.Continuation.class);
        inner.callback(7);
        assertThat(successResultOf(outer)).isEqualTo(7);
    }

    @Test
    void addingOneCallbackToAPendingDeferredAllocatesNothing() throws Exception {
        Object bean = Class.forName("java.lang.management.ManagementFactory").getMethod("getThreadMXBean").invoke(null);
        Method allocated = Class.forName("com.sun.management.ThreadMXBean").getMethod("getCurrentThreadAllocatedBytes");
        int n = 100_000;
        Deferred<?>[] keep = new Deferred<?>[n];
        for (int i = 0; i < n; i++) { // warm up, and allocate the Deferreds outside the measurement
            keep[i] = new Deferred<>();
        }
        long before = (long) allocated.invoke(bean);
        for (int i = 0; i < n; i++) {
            keep[i].addCallback(SAME);
        }
        long bytes = (long) allocated.invoke(bean) - before;
        // Before: a 24-byte Object[2] per Deferred. Now the entry is stored as it is; allow for the
        // counter's own noise (a few hundred bytes) but not for an array per add.
        assertThat((double) bytes / n).as("bytes per first addCallback").isLessThan(4);
    }
}
