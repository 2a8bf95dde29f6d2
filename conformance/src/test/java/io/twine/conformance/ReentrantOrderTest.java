package io.twine.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import io.twine.defer.Deferred;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Orderings found by the differential runs, pinned on the plain API: callbacks added to a
 * Deferred while a chained Deferred runs on its behalf run where Twisted runs them.
 */
class ReentrantOrderTest {

    private final List<String> log = new ArrayList<>();

    @Test
    void callbackAddedToTheSourceOfChainDeferredWhileTheTargetRunsRunsAfterTheTargetsCallback() {
        Deferred<Object> source = Deferred.succeed("x");
        Deferred<Object> target = new Deferred<>();
        target.addCallback(v -> {
            log.add("target:" + v);
            source.addCallback(w -> {
                log.add("source:" + w);
                return w;
            });
            log.add("target done");
            return v;
        });
        source.chainDeferred(target);
        // Twisted: chainDeferred's relay is a callback of `source`, still running while target's
        // chain runs, so the added callback waits for it and sees the relay's result (None).
        assertThat(log).containsExactly("target:x", "target done", "source:null");
    }

    @Test
    void callbackAddedToAnInnerDeferredWhileItsWaiterRunsRunsAtOnceAfterTheInnersPendingCallbacks() {
        Deferred<Object> inner = new Deferred<>();
        Deferred<Object> outer = Deferred.succeed("o");
        outer.addCallback(v -> inner);
        inner.addCallback(v -> {
            log.add("inner pending:" + v);
            return v;
        });
        outer.addCallback(v -> {
            log.add("outer:" + v);
            inner.addCallback(w -> {
                log.add("inner added:" + w);
                return w;
            });
            log.add("outer done");
            return v;
        });
        inner.callback("i");
        // Twisted: after handing its result to `outer`, `inner` is idle; a callback added to it
        // runs at once, after the callbacks it still had (which now see None).
        assertThat(log).containsExactly("outer:i", "inner pending:null", "inner added:null", "outer done");
    }

    @Test
    void innerCallbacksLeftAfterHandingOverRunOnceTheWaiterIsDone() {
        Deferred<Object> inner = new Deferred<>();
        Deferred<Object> outer = Deferred.succeed("o");
        outer.addCallback(v -> inner);
        inner.addCallback(v -> {
            log.add("inner pending:" + v);
            return "later";
        });
        outer.addCallback(v -> {
            log.add("outer:" + v);
            return v;
        });
        inner.callback("i");
        assertThat(log).containsExactly("outer:i", "inner pending:null");
        assertThat(inner.result()).isEqualTo("later");
        assertThat(outer.result()).isEqualTo("i");
    }
}
