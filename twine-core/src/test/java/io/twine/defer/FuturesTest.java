package io.twine.defer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** Deferred.fromFuture and Deferred.asFuture (Twisted's DeferredFutureAdapterTests, and more). */
class FuturesTest {

    private static Failure failureOf(Deferred<?> d) {
        Object r = d.result();
        assertThat(r).isInstanceOf(Failure.class);
        d.addErrback(f -> null); // consumed: not an unhandled error
        return (Failure) r;
    }

    // -- fromFuture ------------------------------------------------------------------------------

    /** An already completed future gives an already fired Deferred. */
    @Test
    void fromCompletedFutureIsFired() {
        Deferred<String> d = Deferred.fromFuture(CompletableFuture.completedFuture("ready"));
        assertThat(d.called()).isTrue();
        assertThat(d.result()).isEqualTo("ready");
    }

    /** The Deferred fires on the thread that completes the future. */
    @Test
    void fromFutureFiresOnTheCompletingThread() throws Exception {
        CompletableFuture<String> f = new CompletableFuture<>();
        Deferred<String> d = Deferred.fromFuture(f);
        AtomicReference<Thread> on = new AtomicReference<>();
        d.addCallback(v -> {
            on.set(Thread.currentThread());
            return v;
        });
        assertThat(d.called()).isFalse();
        Thread completer = new Thread(() -> f.complete("later"));
        completer.start();
        completer.join();
        assertThat(on.get()).isSameAs(completer);
        assertThat(d.result()).isEqualTo("later");
    }

    /** An exceptional completion arrives as a Failure holding the exception itself. */
    @Test
    void fromFutureFailureHoldsTheException() {
        IOException boom = new IOException("boom");
        Deferred<String> d = Deferred.fromFuture(CompletableFuture.failedFuture(boom));
        assertThat(failureOf(d).value()).isSameAs(boom);
    }

    /** The CompletionException a dependent stage wraps its failure in is removed. */
    @Test
    void fromFutureUnwrapsCompletionException() {
        IllegalArgumentException boom = new IllegalArgumentException("inner");
        CompletableFuture<String> source = new CompletableFuture<>();
        CompletableFuture<String> dependent = source.thenApply(v -> {
            throw boom;
        });
        Deferred<String> d = Deferred.fromFuture(dependent);
        source.complete("x");
        assertThat(failureOf(d).value()).isSameAs(boom);
    }

    /** Nested CompletionException and ExecutionException wrappers are all removed. */
    @Test
    void fromFutureUnwrapsNestedWrappers() {
        IOException boom = new IOException("deep");
        Deferred<String> d = Deferred.fromFuture(CompletableFuture.failedFuture(
                new CompletionException(new ExecutionException(new CompletionException(boom)))));
        assertThat(failureOf(d).value()).isSameAs(boom);
    }

    /** Cancelling the Deferred cancels the future and fails the Deferred with CancelledError. */
    @Test
    void cancellingTheDeferredCancelsTheFuture() {
        CompletableFuture<String> f = new CompletableFuture<>();
        Deferred<String> d = Deferred.fromFuture(f);
        d.cancel();
        assertThat(f.isCancelled()).isTrue();
        assertThat(failureOf(d).value()).isInstanceOf(CancelledError.class);
    }

    /** A future cancelled by someone else fails the Deferred with CancelledError, caused by the original. */
    @Test
    void cancellingTheFutureFailsTheDeferredWithCancelledError() {
        CompletableFuture<String> f = new CompletableFuture<>();
        Deferred<String> d = Deferred.fromFuture(f);
        f.cancel(false);
        Throwable value = failureOf(d).value();
        assertThat(value).isInstanceOf(CancelledError.class);
        assertThat(value.getCause()).isInstanceOf(CancellationException.class);
    }

    /** A bare CompletionStage cannot be cancelled, but cancelling the Deferred still fails it, and the late result is ignored. */
    @Test
    void cancellingTheDeferredOfABareStageIgnoresTheLateResult() {
        CompletableFuture<String> f = new CompletableFuture<>();
        CompletionStage<String> bare = f.minimalCompletionStage();
        Deferred<String> d = Deferred.fromFuture(bare);
        d.cancel();
        f.complete("too late"); // must not throw AlreadyCalledError anywhere
        assertThat(failureOf(d).value()).isInstanceOf(CancelledError.class);
    }

    /** Cancel racing completion: the Deferred fires exactly once, nothing throws. */
    @Test
    void cancelRacingCompletionFiresOnce() throws Exception {
        for (int i = 0; i < 500; i++) {
            CompletableFuture<Integer> f = new CompletableFuture<>();
            Deferred<Integer> d = Deferred.fromFuture(f);
            AtomicInteger fired = new AtomicInteger();
            d.addBoth(r -> {
                fired.incrementAndGet();
                return null;
            });
            CountDownLatch go = new CountDownLatch(1);
            AtomicReference<Throwable> escaped = new AtomicReference<>();
            Thread completer = new Thread(() -> {
                try {
                    go.await();
                    f.complete(1);
                } catch (Throwable t) {
                    escaped.set(t);
                }
            });
            completer.start();
            go.countDown();
            d.cancel();
            completer.join();
            assertThat(escaped.get()).isNull();
            assertThat(fired.get()).isEqualTo(1);
        }
    }

    /** With an executor, the Deferred is fired by a task run on that executor. */
    @Test
    void fromFutureWithExecutorFiresThroughIt() {
        List<Runnable> tasks = new ArrayList<>();
        Executor queueing = tasks::add;
        CompletableFuture<String> f = new CompletableFuture<>();
        Deferred<String> d = Deferred.fromFuture(f, queueing);
        f.complete("v");
        assertThat(d.called()).isFalse();
        assertThat(tasks).hasSize(1);
        tasks.get(0).run();
        assertThat(d.result()).isEqualTo("v");
    }

    /** An executor that refuses the delivery makes the Deferred fail with its rejection, not hang. */
    @Test
    void fromFutureWithRefusingExecutorFailsTheDeferred() {
        Executor refusing = r -> {
            throw new RejectedExecutionException("closed");
        };
        Deferred<String> d = Deferred.fromFuture(CompletableFuture.completedFuture("v"), refusing);
        assertThat(failureOf(d).value()).isInstanceOf(RejectedExecutionException.class).hasMessage("closed");
    }

    /** Null arguments are refused with a message. */
    @Test
    void fromFutureRefusesNull() {
        assertThatThrownBy(() -> Deferred.fromFuture(null)).isInstanceOf(NullPointerException.class)
                .hasMessageContaining("CompletionStage");
        assertThatThrownBy(() -> Deferred.fromFuture(new CompletableFuture<>(), null))
                .isInstanceOf(NullPointerException.class);
    }

    // -- asFuture --------------------------------------------------------------------------------

    /** The future completes with the Deferred's value. */
    @Test
    void asFutureCompletesWithTheValue() throws Exception {
        Deferred<Integer> d = new Deferred<>();
        CompletableFuture<Integer> f = d.asFuture();
        assertThat(f).isNotDone();
        d.callback(5);
        assertThat(f.get()).isEqualTo(5);
    }

    /** The future completes exceptionally with the Failure's original exception. */
    @Test
    void asFutureCompletesExceptionallyWithTheOriginalException() {
        IOException boom = new IOException("boom");
        Deferred<Integer> d = new Deferred<>();
        CompletableFuture<Integer> f = d.asFuture();
        d.errback(boom);
        assertThatThrownBy(f::get).isInstanceOf(ExecutionException.class).hasCauseReference(boom);
        assertThat(d.hasUnhandledFailure()).isFalse();
    }

    /** asFuture consumes the result: callbacks added afterwards see null, as in Twisted. */
    @Test
    void asFutureConsumesTheResult() {
        Deferred<Integer> d = Deferred.succeed(3);
        CompletableFuture<Integer> f = d.asFuture();
        assertThat(f.join()).isEqualTo(3);
        assertThat(d.result()).isNull();
    }

    /** Only callbacks added before asFuture shape the future's value. */
    @Test
    void asFutureSeesTheChainUpToThatPoint() {
        Deferred<Integer> d = new Deferred<>();
        CompletableFuture<Integer> f = d.addCallback(x -> x * 10).asFuture();
        d.callback(4);
        assertThat(f.join()).isEqualTo(40);
    }

    /** Cancelling the future cancels the Deferred, running its canceller. */
    @Test
    void cancellingTheFutureCancelsTheDeferred() {
        AtomicInteger cancellerCalls = new AtomicInteger();
        Deferred<Integer> d = new Deferred<>(self -> cancellerCalls.incrementAndGet());
        CompletableFuture<Integer> f = d.asFuture();
        assertThat(f.cancel(true)).isTrue();
        assertThat(cancellerCalls.get()).isEqualTo(1);
        assertThat(d.called()).isTrue();
        assertThat(d.hasUnhandledFailure()).isFalse();
    }

    /** Cancelling the Deferred makes the future report cancellation. */
    @Test
    void cancellingTheDeferredCancelsTheFutureToo() {
        Deferred<Integer> d = new Deferred<>();
        CompletableFuture<Integer> f = d.asFuture();
        d.cancel();
        assertThat(f.isCancelled()).isTrue();
        assertThatThrownBy(f::join).isInstanceOf(CancellationException.class);
    }

    /** The future completes on the thread that fires the Deferred. */
    @Test
    void asFutureCompletesOnTheFiringThread() throws Exception {
        Deferred<String> d = new Deferred<>();
        AtomicReference<Thread> on = new AtomicReference<>();
        d.asFuture().thenRun(() -> on.set(Thread.currentThread()));
        Thread firer = new Thread(() -> d.callback("x"));
        firer.start();
        firer.join();
        assertThat(on.get()).isSameAs(firer);
    }

    /** A round trip through both bridges keeps value and failure. */
    @Test
    void roundTripKeepsValueAndFailure() throws Exception {
        assertThat(Deferred.fromFuture(Deferred.succeed("x").asFuture()).result()).isEqualTo("x");
        IOException boom = new IOException("b");
        Deferred<Object> back = Deferred.fromFuture(Deferred.fail(boom).asFuture());
        assertThat(failureOf(back).value()).isSameAs(boom);
        assertThat(CompletableFuture.completedFuture(1).get(1, TimeUnit.SECONDS)).isEqualTo(1);
    }
}
