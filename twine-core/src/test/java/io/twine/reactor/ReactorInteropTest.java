package io.twine.reactor;

import static org.assertj.core.api.Assertions.assertThat;

import io.twine.defer.Deferred;
import io.twine.defer.Failure;
import io.twine.defer.TimeoutError;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** Futures delivered on the reactor's loop thread. */
class ReactorInteropTest {

    /** fromFuture(stage, reactor) runs the Deferred's callbacks on the loop thread, whoever completes the stage. */
    @Test
    void fromFutureOnTheReactorDeliversOnTheLoopThread() throws Exception {
        try (RunningReactor r = new RunningReactor()) {
            CompletableFuture<String> f = new CompletableFuture<>();
            AtomicReference<Thread> on = new AtomicReference<>();
            Deferred<String> d = Deferred.fromFuture(f, r.reactor);
            d.addCallback(v -> {
                on.set(Thread.currentThread());
                return v;
            });
            Thread completer = new Thread(() -> f.complete("v"));
            completer.start();
            assertThat(RunningReactor.await(d)).isEqualTo("v");
            assertThat(on.get()).isSameAs(r.thread);
            completer.join();
        }
    }

    /** addTimeout on the reactor turns a future that never completes into a TimeoutError and cancels the future. */
    @Test
    void timeoutOnAFutureCancelsIt() throws Exception {
        try (RunningReactor r = new RunningReactor()) {
            CompletableFuture<String> never = new CompletableFuture<>();
            AtomicReference<Deferred<String>> d = new AtomicReference<>();
            r.onLoop(() -> d.set(Deferred.fromFuture(never, r.reactor).addTimeout(0.01, r.reactor)));
            Object outcome;
            try {
                outcome = RunningReactor.await(d.get());
            } catch (Failure f) {
                outcome = f.value();
            }
            assertThat(outcome).isInstanceOf(TimeoutError.class);
            assertThat(never.isCancelled()).isTrue();
        }
    }

    /** A stage completing after the reactor stopped fails the Deferred with the rejection instead of losing it. */
    @Test
    void completionAfterTheReactorStoppedIsNotLost() {
        Reactor reactor = Reactor.create();
        reactor.callWhenRunning(reactor::stop);
        reactor.run();
        CompletableFuture<String> f = new CompletableFuture<>();
        Deferred<String> d = Deferred.fromFuture(f, reactor);
        f.complete("late");
        assertThat(d.result()).isInstanceOfSatisfying(Failure.class,
                x -> assertThat(x.value()).isInstanceOf(RejectedExecutionException.class));
        d.addErrback(x -> null);
    }

    /** CompletableFuture's async methods can use the reactor as their executor. */
    @Test
    void reactorIsAnExecutorForCompletableFuture() throws Exception {
        try (RunningReactor r = new RunningReactor()) {
            Thread on = CompletableFuture.supplyAsync(Thread::currentThread, r.reactor).get();
            assertThat(on).isSameAs(r.thread);
        }
    }
}
