package io.twine.defer;

import static io.twine.defer.Coroutines.await;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import org.junit.jupiter.api.Test;

/** Coroutines.maybeDeferred: Twisted's maybeDeferred for functions that may await. */
class CoroutineMaybeDeferredTest {

    @Test
    void plainValueSucceeds() {
        Deferred<Integer> d = Coroutines.maybeDeferred(() -> 5);
        assertThat(d.result()).isEqualTo(5);
    }

    @Test
    void thrownExceptionFails() {
        Deferred<Object> d = Coroutines.maybeDeferred(() -> {
            throw new IOException("no");
        });
        Failure f = (Failure) d.result();
        assertThat(f.value()).isInstanceOf(IOException.class).hasMessage("no");
        d.addErrback(x -> null);
    }

    @Test
    void returnedFailureFails() {
        Deferred<Object> d = Coroutines.maybeDeferred(() -> new Failure(new IllegalStateException("bad")));
        assertThat(((Failure) d.result()).value()).isInstanceOf(IllegalStateException.class);
        d.addErrback(x -> null);
    }

    @Test
    void returnedDeferredIsFollowed() {
        Deferred<String> inner = new Deferred<>();
        Deferred<String> d = Coroutines.maybeDeferred(() -> inner);
        assertThat(d.called()).isFalse();
        inner.callback("later");
        assertThat(d.result()).isEqualTo("later");
    }

    @Test
    void theFunctionMayAwait() {
        Deferred<Integer> gate = new Deferred<>();
        Deferred<Integer> d = Coroutines.maybeDeferred(() -> await(gate) + 1);
        assertThat(d.called()).isFalse();
        gate.callback(41);
        assertThat(d.result()).isEqualTo(42);
    }
}
