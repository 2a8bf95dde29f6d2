package io.twine.defer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class SmokeTest {
    @Test
    void basicChain() {
        Deferred<Integer> d = new Deferred<>();
        List<Object> seen = new ArrayList<>();
        d.addCallback(x -> x + 1).addCallback(x -> { seen.add(x); return x * 2; });
        d.callback(1);
        assertThat(seen).containsExactly(2);
        assertThat(d.result()).isEqualTo(4);
    }

    @Test
    void errorAndRecover() {
        Deferred<Integer> d = new Deferred<>();
        d.addCallback(x -> { throw new java.io.IOException("boom"); })
         .addErrback(f -> { f.trap(java.io.IOException.class); return 7; });
        d.callback(1);
        assertThat(d.result()).isEqualTo(7);
    }

    @Test
    void chaining() {
        Deferred<Integer> inner = new Deferred<>();
        Deferred<Integer> outer = new Deferred<>();
        outer.addCallbackDeferred(x -> inner).addCallback(x -> x + 100);
        outer.callback(1);
        assertThat(outer.paused()).isEqualTo(1);
        assertThat(outer.waitingOn()).isSameAs(inner);
        inner.callback(5);
        assertThat(outer.result()).isEqualTo(105);
        assertThat(inner.result()).isNull();
        assertThat(outer.paused()).isZero();
    }

    @Test
    void deepChain() {
        int n = 1_000_000;
        List<Deferred<Integer>> ds = new ArrayList<>();
        for (int i = 0; i < n; i++) ds.add(new Deferred<>());
        for (int i = 0; i < n - 1; i++) {
            Deferred<Integer> nextD = ds.get(i + 1);
            ds.get(i).addCallbackDeferred(x -> nextD);
        }
        for (int i = 0; i < n - 1; i++) ds.get(i).callback(0);
        ds.get(n - 1).callback(42);
        assertThat(ds.get(0).result()).isEqualTo(42);
    }

    @Test
    void chainDeferredDeep() {
        int n = 1_000_000;
        List<Deferred<Integer>> ds = new ArrayList<>();
        for (int i = 0; i < n; i++) ds.add(new Deferred<>());
        for (int i = n - 1; i > 0; i--) ds.get(i).chainDeferred(ds.get(i - 1));
        ds.get(n - 1).callback(9);
        assertThat(ds.get(0).result()).isEqualTo(9);
    }

    @Test
    void doubleFire() {
        Deferred<Integer> d = new Deferred<>();
        d.callback(1);
        assertThatThrownBy(() -> d.callback(2)).isInstanceOf(AlreadyCalledError.class);
    }

    @Test
    void cancelSuppressesOneLateFire() {
        Deferred<Integer> d = new Deferred<>();
        d.cancel();
        d.callback(1);
        assertThatThrownBy(() -> d.callback(2)).isInstanceOf(AlreadyCalledError.class);
        assertThat(((Failure) d.result()).check(CancelledError.class)).isNotNull();
        d.addErrback(f -> null);
    }
}
