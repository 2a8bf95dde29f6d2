package io.twine.defer;

import static io.twine.defer.Coroutines.await;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * Coroutine edge cases: firing or cancelling a coroutine's Deferred at awkward moments, the
 * messages for every reason a mechanism may refuse to suspend, a broken mechanism, interrupts
 * across a suspension, and awaiting unusual CompletionStages. Surefire runs this class in both
 * mechanisms (see {@link CoroutineTest}).
 */
class CoroutineEdgeCasesTest {

    /** The value or, for a failure, the original exception; consumes a failure so it is not reported. */
    private static Object outcome(Deferred<?> d) {
        Object r = d.result();
        if (r instanceof Failure f) {
            d.addErrback(x -> null);
            return f.value();
        }
        return r;
    }

    @Nested
    class FiringTheCoroutinesDeferredYourself {
        /** As in Twisted, the coroutine's own callback() then fails in the chain of the Deferred that resumed it. */
        @Test
        void theBodysEndFailsTheResumingDeferredWithAlreadyCalledError() {
            Deferred<String> x = new Deferred<>();
            Deferred<String> c = Deferred.fromCoroutine(() -> await(x) + "!");
            c.callback("fired by hand");
            x.callback("go");
            assertThat(c.result()).isEqualTo("fired by hand");
            assertThat(outcome(x)).isInstanceOf(AlreadyCalledError.class);
        }

        /** Coroutines ending inside one firing are all fired; the first refusal carries the others. */
        @Test
        void everyQueuedCompletionIsAttemptedAndTheRefusalsAreKept() {
            Deferred<String> x = new Deferred<>();
            Deferred<String> first = Deferred.fromCoroutine(() -> await(x));
            Deferred<String> second = Deferred.fromCoroutine(() -> await(first) + " 2");
            Deferred<String> third = Deferred.fromCoroutine(() -> await(first) + " 3");
            Deferred<String> fourth = Deferred.fromCoroutine(() -> {
                await(first); // null: the first coroutine to resume consumed the result, as in Twisted
                return "fourth done";
            });
            second.callback("by hand 2");
            third.callback("by hand 3");
            x.callback("go");
            assertThat(fourth.result()).isEqualTo("fourth done"); // not lost behind the refusals
            Object error = outcome(x);
            assertThat(error).isInstanceOf(AlreadyCalledError.class);
            assertThat(((Throwable) error).getSuppressed()).singleElement().isInstanceOf(AlreadyCalledError.class);
            assertThat(second.result()).isEqualTo("by hand 2");
            assertThat(third.result()).isEqualTo("by hand 3");
        }
    }

    @Nested
    class CancellingAfterTheBodyEnded {
        /**
         * A coroutine that ends inside another's firing has its Deferred fired once that firing's
         * other callbacks ran; a cancel in between finds the body finished and delivers its outcome.
         */
        @Test
        void cancelBeforeTheQueuedFiringDeliversTheOutcome() {
            Deferred<String> x = new Deferred<>();
            Deferred<String> first = Deferred.fromCoroutine(() -> await(x));
            Deferred<String> second = Deferred.fromCoroutine(() -> await(first) + " via second");
            AtomicReference<Object> seenAtCancel = new AtomicReference<>();
            first.addBoth(v -> {
                seenAtCancel.set(second.called());
                second.cancel();
                return v;
            });
            x.callback("go");
            assertThat(seenAtCancel.get()).isEqualTo(false);
            assertThat(second.result()).isEqualTo("go via second");
            assertThat(outcome(x)).isNull(); // the resumed coroutine consumed it; nothing failed
        }
    }

    @Nested
    class RefusedSuspensions {
        /** A mechanism that runs the body in place and refuses every suspension, as a pinned continuation does. */
        private record Pinned(String reason) implements CoroutineFiber.Factory {
            @Override
            public CoroutineFiber create(Runnable body) {
                return new CoroutineFiber() {
                    @Override
                    public boolean resume() {
                        body.run();
                        return true;
                    }

                    @Override
                    public String suspend() {
                        return reason;
                    }
                };
            }

            @Override
            public CoroutineMechanism mechanism() {
                return CoroutineMechanism.CONTINUATION;
            }
        }

        private String refusal(String reason) {
            Deferred<String> never = new Deferred<>();
            Deferred<String> d = Coroutine.start(() -> {
                try {
                    return await(never);
                } catch (IllegalStateException e) {
                    return e.getMessage();
                }
            }, new Pinned(reason));
            assertThat(never.pendingEntries()).as("nothing added to the awaited Deferred").isEmpty();
            return (String) d.result();
        }

        @Test
        void aHeldMonitorIsNamed() {
            assertThat(refusal("MONITOR")).startsWith("await cannot suspend the coroutine here (pinned: MONITOR): "
                    + "the body holds a synchronized monitor");
        }

        @Test
        void aCriticalSectionIsNamed() {
            assertThat(refusal("CRITICAL_SECTION")).contains("(pinned: CRITICAL_SECTION): the call is inside a JDK critical section");
        }

        @Test
        void aNativeFrameIsNamed() {
            assertThat(refusal("NATIVE")).contains("(pinned: NATIVE): the call is inside a class initializer or under a native frame")
                    .endsWith("the body goes on from this exception");
        }
    }

    @Nested
    class BrokenMechanism {
        /** A mechanism that throws when asked to run the body: the coroutine's Deferred fails with that error. */
        @Test
        void aResumeThatThrowsFailsTheCoroutine() {
            IllegalStateException broken = new IllegalStateException("fiber broken");
            CoroutineFiber.Factory throwing = new CoroutineFiber.Factory() {
                @Override
                public CoroutineFiber create(Runnable body) {
                    return new CoroutineFiber() {
                        @Override
                        public boolean resume() {
                            throw broken;
                        }

                        @Override
                        public String suspend() {
                            throw new AssertionError("never runs");
                        }
                    };
                }

                @Override
                public CoroutineMechanism mechanism() {
                    return CoroutineMechanism.VIRTUAL_THREAD;
                }
            };
            Deferred<String> d = Coroutine.start(() -> "unreached", throwing);
            assertThat(outcome(d)).isSameAs(broken);
        }
    }

    @Nested
    class Interrupts {
        /** The firing thread's interrupt status is kept across running the resumed body. */
        @Test
        void theFiringThreadStaysInterrupted() {
            Deferred<String> x = new Deferred<>();
            Deferred<String> c = Deferred.fromCoroutine(() -> await(x) + "!");
            Thread.currentThread().interrupt();
            try {
                x.callback("go");
            } finally {
                assertThat(Thread.interrupted()).isTrue();
            }
            assertThat(c.result()).isEqualTo("go!");
        }

        /** With the virtual-thread fallback, interrupting the suspended body neither wakes it nor is lost. */
        @Test
        void aSuspendedBodysInterruptIsKeptUntilItResumes() {
            assumeTrue(Coroutines.mechanism() == CoroutineMechanism.VIRTUAL_THREAD, "virtual-thread fallback only");
            Deferred<String> x = new Deferred<>();
            AtomicReference<Thread> body = new AtomicReference<>();
            Deferred<String> c = Deferred.fromCoroutine(() -> {
                body.set(Thread.currentThread());
                String v = await(x);
                return v + " interrupted=" + Thread.currentThread().isInterrupted();
            });
            body.get().interrupt();
            assertThat(c.called()).isFalse();
            x.callback("go");
            assertThat(c.result()).isEqualTo("go interrupted=true");
        }
    }

    @Nested
    class AwaitingCompletionStages {
        /** A CompletionStage with no CompletableFuture view (toCompletableFuture is optional). */
        @SuppressWarnings("unchecked")
        private static <T> CompletionStage<T> withoutFutureView(CompletableFuture<T> f) {
            return (CompletionStage<T>) Proxy.newProxyInstance(CompletionStage.class.getClassLoader(),
                    new Class<?>[] {CompletionStage.class}, (proxy, method, args) -> {
                        if (method.getName().equals("toCompletableFuture")) {
                            throw new UnsupportedOperationException("no future view");
                        }
                        try {
                            return method.invoke(f, args);
                        } catch (InvocationTargetException e) {
                            throw e.getCause();
                        }
                    });
        }

        @Test
        void cancellingAnAwaitOfAStageThatCannotBeCancelledStillCancelsTheAwait() {
            CompletableFuture<String> f = new CompletableFuture<>();
            Deferred<String> c = Deferred.fromCoroutine(() -> {
                try {
                    return await(withoutFutureView(f));
                } catch (CancelledError e) {
                    return "cancelled";
                }
            });
            c.cancel();
            assertThat(c.result()).isEqualTo("cancelled");
            assertThat(f.isDone()).isFalse();
        }

        @Test
        void aStageCompletingAfterItsAwaitWasCancelledIsDropped() {
            CompletableFuture<String> f = new CompletableFuture<>();
            Deferred<String> c = Deferred.fromCoroutine(() -> {
                try {
                    return await(withoutFutureView(f));
                } catch (CancelledError e) {
                    return "cancelled";
                }
            });
            c.cancel();
            assertThat(f.complete("late")).isTrue();
            assertThat(c.result()).isEqualTo("cancelled");
        }

        @Test
        void aStageCompletingWithADeferredFailsTheAwait() {
            CompletableFuture<Object> f = new CompletableFuture<>();
            Deferred<Object> c = Deferred.fromCoroutine(() -> await(f));
            f.complete(new Deferred<String>());
            assertThat(outcome(c)).isInstanceOf(IllegalArgumentException.class)
                    .hasFieldOrPropertyWithValue("message", "the CompletionStage completed with a Deferred, which cannot be a result");
        }
    }

    @Nested
    class SuspensionWindows {
        @Test
        void aSuspensionReadsAsCoroutineAwaitingDeferred() {
            Deferred<String> x = new Deferred<>();
            try (SuspendedCoroutines window = SuspendedCoroutines.start()) {
                Deferred<String> c = Deferred.fromCoroutine(() -> await(x));
                SuspendedCoroutines.Suspension s = window.suspended().get(0);
                assertThat(s).hasToString(s.coroutine() + " awaiting " + x);
                x.callback("done");
                assertThat(c.result()).isEqualTo("done");
            }
        }
    }

    @Nested
    class CreationSites {
        /** A Deferred made in a body is sited at the body and its starter, never in the mechanism's frames. */
        @Test
        void aDeferredCreatedInABodyIsSitedWithoutTheMechanismsFrames() {
            Deferreds.enable(Deferreds.Diagnostic.PENDING);
            try {
                AtomicReference<Deferred<String>> made = new AtomicReference<>();
                Deferred<String> c = Deferred.fromCoroutine(() -> {
                    made.set(new Deferred<>());
                    return await(made.get());
                });
                PendingSnapshot.Node n = Deferreds.snapshot().nodeOf(made.get()).orElseThrow();
                assertThat(n.site()).isNotEmpty().noneMatch(f -> f.getClassName().startsWith("jdk.internal.vm."))
                        .noneMatch(f -> f.getClassName().equals(Coroutine.class.getName()));
                assertThat(n.site().get(0).getMethodName()).startsWith("lambda$aDeferredCreatedInABodyIsSited");
                made.get().callback("done");
                assertThat(c.result()).isEqualTo("done");
            } finally {
                Deferreds.disable(Deferreds.Diagnostic.PENDING);
                Deferreds.clearPending();
            }
        }
    }
}
