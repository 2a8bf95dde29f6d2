package io.twine.defer;

import java.util.Objects;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The bridges between Deferreds and {@code java.util.concurrent} futures behind
 * {@link Deferred#fromFuture} and {@link Deferred#asFuture()} (Twisted's {@code fromFuture} and
 * {@code asFuture}, with {@code CompletionStage}/{@code CompletableFuture} in asyncio's place).
 */
final class Futures {
    private Futures() {
    }

    /**
     * A Deferred that fires with the stage's outcome. With {@code deliverOn == null} it fires on
     * the thread that completes the stage (or on this thread if the stage is already complete);
     * otherwise the firing is handed to {@code deliverOn}, and if that executor refuses it (a
     * stopped reactor), the Deferred fails with the {@link java.util.concurrent.RejectedExecutionException}
     * on the completing thread, so the outcome is never lost silently.
     */
    static <T> Deferred<T> fromFuture(CompletionStage<? extends T> stage, Executor deliverOn) {
        Objects.requireNonNull(stage, "fromFuture needs a CompletionStage, got null");
        AtomicBoolean cancelled = new AtomicBoolean();
        Deferred<T> d = new Deferred<>(self -> {
            cancelled.set(true);
            // Only a Future can be cancelled; for a bare CompletionStage the late outcome is dropped.
            if (stage instanceof Future<?> f) {
                try {
                    f.cancel(true);
                } catch (UnsupportedOperationException notCancellable) {
                    // e.g. CompletableFuture.minimalCompletionStage(): treated as a bare stage
                }
            }
        });
        stage.whenComplete((value, error) -> {
            if (cancelled.get()) {
                return; // the Deferred was cancelled: it has failed (or will) with CancelledError
            }
            Runnable fire = new Runnable() {
                @Override
                public void run() {
                    settle(d, cancelled, value, error);
                }

                @Override
                public String toString() { // names the culprit in a reactor's slow-callback report
                    return "Deferred.fromFuture delivery to " + d;
                }
            };
            if (deliverOn == null) {
                fire.run();
                return;
            }
            try {
                deliverOn.execute(fire);
            } catch (RuntimeException refused) {
                settle(d, cancelled, null, refused);
            }
        });
        return d;
    }

    private static <T> void settle(Deferred<T> d, AtomicBoolean cancelled, T value, Throwable error) {
        try {
            if (error == null) {
                d.callback(value);
            } else {
                d.errback(unwrap(error));
            }
        } catch (AlreadyCalledError raced) {
            // A cancel() won the race against the stage's completion; anything else is a bug to surface.
            if (!cancelled.get()) {
                throw raced;
            }
        }
    }

    /**
     * The real cause behind the wrappers {@code CompletableFuture} adds: {@link CompletionException}
     * and {@link ExecutionException} are peeled off. A plain {@link CancellationException} (the
     * stage was cancelled by someone else) becomes a {@link CancelledError}, so that errbacks can
     * trap one type for every cancellation, with the original as its cause.
     */
    static Throwable unwrap(Throwable t) {
        while ((t instanceof CompletionException || t instanceof ExecutionException) && t.getCause() != null) {
            t = t.getCause();
        }
        if (t instanceof CancellationException c && !(t instanceof CancelledError)) {
            CancelledError e = new CancelledError("the future was cancelled");
            e.initCause(c);
            return e;
        }
        return t;
    }

    /**
     * A future completed with the Deferred's outcome when the chain reaches this point. Like
     * Twisted's {@code asFuture}, this consumes the result: later callbacks see {@code null}, and
     * a failure handed to the future counts as handled.
     */
    static <T> CompletableFuture<T> asFuture(Deferred<T> d) {
        CompletableFuture<T> future = new CompletableFuture<>() {
            @Override
            public boolean cancel(boolean mayInterruptIfRunning) {
                boolean done = super.cancel(mayInterruptIfRunning);
                if (done) {
                    d.cancel();
                }
                return done;
            }
        };
        d.addCallbacks(value -> {
            future.complete(value);
            return null;
        }, failure -> {
            future.completeExceptionally(failure.value());
            return null;
        });
        return future;
    }
}
