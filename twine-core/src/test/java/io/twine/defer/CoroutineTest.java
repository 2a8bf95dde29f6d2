package io.twine.defer;

import static io.twine.defer.Coroutines.await;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.assertj.core.api.Assumptions.assumeThat;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BiFunction;
import java.util.function.Function;
import java.util.function.Supplier;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * The coroutine semantics of issue 3, one behaviour per test. Surefire runs this class twice: with
 * the continuation (the default execution, which passes the add-exports flag) and with the
 * virtual-thread fallback forced ({@code -Dtwine.coroutine.mechanism=virtual-thread}).
 */
class CoroutineTest {

    /** The value or, for a failure, the original exception; consumes a failure so it is not reported. */
    static Object outcome(Deferred<?> d) {
        Object r = d.result();
        if (r instanceof Failure f) {
            d.addErrback(x -> null);
            return f.value();
        }
        return r;
    }

    /** The original exception of a failed Deferred (consumed); fails the test if it succeeded. */
    static Throwable error(Deferred<?> d) {
        Object o = outcome(d);
        assertThat(o).as("outcome of %s", d).isInstanceOf(Throwable.class);
        return (Throwable) o;
    }

    /** Runs {@code r} on a new platform thread and waits for it; its exceptions fail the test. */
    static void onOtherThread(Runnable r) {
        AtomicReference<Throwable> error = new AtomicReference<>();
        Thread t = new Thread(() -> {
            try {
                r.run();
            } catch (Throwable e) {
                error.set(e);
            }
        }, "firing-thread");
        t.start();
        try {
            t.join();
        } catch (InterruptedException e) {
            throw new AssertionError(e);
        }
        if (error.get() != null) {
            throw new AssertionError("failed on the other thread", error.get());
        }
    }

    static boolean continuationMode() {
        return Coroutines.mechanism() == CoroutineMechanism.CONTINUATION;
    }

    @Nested
    class Mechanism {
        /** Guards the two surefire executions: each really runs the mechanism it is meant to test. */
        @Test
        void mechanismIsTheOneThisTestRunExpects() {
            String expected = System.getProperty("twine.test.expectedMechanism");
            assumeThat(expected).isNotNull();
            assertThat(Coroutines.mechanism()).isEqualTo(CoroutineMechanism.valueOf(expected));
        }

        @Test
        void theFlagNamedInTheFallbackNoticeTargetsTwinesOwnModuleOrTheClassPath() {
            Module twine = Coroutines.class.getModule();
            assertThat(CoroutineFibers.addExportsFlag()).isEqualTo("--add-exports java.base/jdk.internal.vm="
                    + (twine.isNamed() ? "io.twine.core" : "ALL-UNNAMED"));
        }

        @Test
        void fallbackNoticeIsLoggedOnlyInFallbackModeOnceAPlatformThreadResumes() {
            Deferred<Integer> d = new Deferred<>();
            Deferred<Integer> c = Deferred.fromCoroutine(() -> await(d));
            d.callback(1); // this test thread is a platform thread
            assertThat(outcome(c)).isEqualTo(1);
            assertThat(CoroutineFibers.fallbackNoticeLogged()).isEqualTo(!continuationMode());
        }
    }

    @Nested
    class Start {
        @Test
        void bodyRunsAtOnceInTheCallerUntilItsFirstAwaitOfAnUnfiredDeferred() {
            List<String> events = new ArrayList<>();
            Deferred<Integer> pending = new Deferred<>();
            Deferred<Integer> c = Deferred.fromCoroutine(() -> {
                events.add("started");
                int v = await(pending);
                events.add("resumed with " + v);
                return v;
            });
            events.add("fromCoroutine returned");
            assertThat(events).containsExactly("started", "fromCoroutine returned");
            assertThat(c.called()).isFalse();
        }

        @Test
        void bodyThatNeverSuspendsGivesAnAlreadyFiredDeferred() {
            Deferred<String> c = Deferred.fromCoroutine(() -> "done");
            assertThat(c.called()).isTrue();
            assertThat(outcome(c)).isEqualTo("done");
        }

        @Test
        void bodyRunsOnTheCallingThreadBeforeItsFirstSuspension() {
            assumeThat(continuationMode()).as("the fallback runs every body on its own virtual thread").isTrue();
            Thread caller = Thread.currentThread();
            Deferred<Thread> c = Deferred.fromCoroutine(Thread::currentThread);
            assertThat(outcome(c)).isSameAs(caller);
        }
    }

    @Nested
    class AwaitingAFiredDeferred {
        @Test
        void continuesAtOnceWithoutSuspending() {
            List<String> events = new ArrayList<>();
            Deferred<Integer> c = Deferred.fromCoroutine(() -> {
                int a = await(Deferred.succeed(1));
                events.add("got " + a);
                int b = await(Deferred.succeed(2));
                events.add("got " + b);
                return a + b;
            });
            // Had the body suspended, nothing would have resumed it: it finished inside fromCoroutine.
            assertThat(events).containsExactly("got 1", "got 2");
            assertThat(outcome(c)).isEqualTo(3);
        }

        @Test
        void leavesTheResultInPlace() {
            Deferred<String> fired = Deferred.succeed("kept");
            Deferred.fromCoroutine(() -> await(fired));
            assertThat(fired.result()).isEqualTo("kept");
        }

        @Test
        void throwsTheOriginalCheckedExceptionUnwrapped() {
            IOException original = new IOException("no route");
            Deferred<String> failed = Deferred.fail(original);
            AtomicReference<Throwable> caught = new AtomicReference<>();
            Deferred.fromCoroutine(() -> {
                try {
                    return await(failed);
                } catch (IOException e) {
                    caught.set(e);
                    return "recovered";
                }
            });
            assertThat(caught.get()).isSameAs(original);
        }

        @Test
        void marksTheFailureHandled() {
            Deferred<String> failed = Deferred.fail(new IllegalStateException("x"));
            assertThat(failed.hasUnhandledFailure()).isTrue();
            Deferred.fromCoroutine(() -> {
                try {
                    return await(failed);
                } catch (IllegalStateException e) {
                    return "recovered";
                }
            });
            assertThat(failed.hasUnhandledFailure()).isFalse();
        }

        @Test
        void runsOnTheSameThreadAsTheCodeAroundIt() {
            assumeThat(continuationMode()).as("thread identity is only meaningful with continuations").isTrue();
            Thread caller = Thread.currentThread();
            Deferred<Thread> c = Deferred.fromCoroutine(() -> {
                await(Deferred.succeed(1));
                return Thread.currentThread();
            });
            assertThat(outcome(c)).isSameAs(caller);
        }
    }

    @Nested
    class Resuming {
        @Test
        void bodyResumesSynchronouslyInsideTheFiringCall() {
            List<String> events = new CopyOnWriteArrayList<>();
            Deferred<Integer> pending = new Deferred<>();
            Deferred.fromCoroutine(() -> {
                int v = await(pending);
                events.add("body resumed with " + v);
                return v;
            });
            onOtherThread(() -> {
                events.add("firing");
                pending.callback(7);
                events.add("callback returned");
            });
            assertThat(events).containsExactly("firing", "body resumed with 7", "callback returned");
        }

        @Test
        void bodyResumesOnTheThreadThatFired() {
            assumeThat(continuationMode()).as("the fallback runs the body on its own virtual thread").isTrue();
            Deferred<Integer> pending = new Deferred<>();
            Deferred<Thread> c = Deferred.fromCoroutine(() -> {
                await(pending);
                return Thread.currentThread();
            });
            AtomicReference<Thread> firer = new AtomicReference<>();
            onOtherThread(() -> {
                firer.set(Thread.currentThread());
                pending.callback(1);
            });
            assertThat(outcome(c)).isSameAs(firer.get());
        }

        @Test
        void firingThreadIsHeldInsideCallbackWhileTheBodyRuns() throws InterruptedException {
            Deferred<Integer> pending = new Deferred<>();
            AtomicBoolean callbackReturned = new AtomicBoolean();
            Thread firer = new Thread(() -> {
                pending.callback(1);
                callbackReturned.set(true);
            }, "firer");
            Deferred<String> c = Deferred.fromCoroutine(() -> {
                await(pending);
                boolean sameThread = Thread.currentThread() == firer;
                return "returned=" + callbackReturned.get() + " sameThread=" + sameThread;
            });
            firer.start();
            firer.join();
            // With continuations the firing thread runs the body itself; the fallback parks it meanwhile.
            assertThat(outcome(c)).isEqualTo("returned=false sameThread=" + continuationMode());
            assertThat(callbackReturned).isTrue();
        }

        @Test
        void firingThreadGoesOnOnlyWhenTheBodyAwaitsAgain() {
            List<String> events = new ArrayList<>();
            Deferred<String> first = new Deferred<>();
            Deferred<String> second = new Deferred<>();
            Deferred<String> c = Deferred.fromCoroutine(() -> {
                String a = await(first);
                events.add("between awaits: " + a);
                String b = await(second);
                events.add("after both: " + b);
                return a + b;
            });
            first.callback("x");
            events.add("first.callback returned");
            second.callback("y");
            events.add("second.callback returned");
            assertThat(events).containsExactly("between awaits: x", "first.callback returned",
                    "after both: y", "second.callback returned");
            assertThat(outcome(c)).isEqualTo("xy");
        }

        @Test
        void bodyRunsInsideTheAwaitedDeferredsCallbackChain() {
            List<String> events = new ArrayList<>();
            Deferred<String> pending = new Deferred<>();
            pending.addCallback(v -> {
                events.add("callback before the await saw " + v);
                return v;
            });
            Deferred.fromCoroutine(() -> {
                events.add("body resumed with " + await(pending));
                return null;
            });
            pending.addCallback(v -> {
                events.add("callback after the await saw " + v);
                return v;
            });
            pending.callback("r");
            // In chain order, and the await consumed the result (as Twisted's driver does).
            assertThat(events).containsExactly("callback before the await saw r", "body resumed with r",
                    "callback after the await saw null");
        }

        @Test
        void awaitedFailureIsThrownAsTheOriginalExceptionAfterResuming() {
            Deferred<String> pending = new Deferred<>();
            IOException original = new IOException("reset by peer");
            Deferred<Throwable> c = Deferred.fromCoroutine(() -> {
                try {
                    await(pending);
                    return null;
                } catch (IOException e) {
                    return e;
                }
            });
            pending.errback(original);
            assertThat(outcome(c)).isSameAs(original);
            assertThat(pending.hasUnhandledFailure()).isFalse();
        }

        @Test
        void manyAwaitsOfFiredDeferredsRunInConstantStack() {
            Deferred<Integer> c = Deferred.fromCoroutine(() -> {
                int sum = 0;
                for (int i = 0; i < 100_000; i++) {
                    Deferred<Integer> d = new Deferred<>();
                    d.pause();
                    d.callback(i);
                    d.unpause();
                    sum += await(d) == i ? 1 : 0;
                }
                return sum;
            });
            assertThat(outcome(c)).isEqualTo(100_000);
        }

        @Test
        void deferredFiredByAnotherThreadWhileTheDriverRegistersIsNeverLost() throws InterruptedException {
            // Two firing threads: while one is still inside callback() (the body, resumed there,
            // has just handed over the next Deferred and is suspending), the other may fire that
            // Deferred, racing the driver's registration on it.
            int rounds = 2_000;
            Deferred<Integer> poison = new Deferred<>();
            java.util.concurrent.BlockingQueue<Deferred<Integer>> queue = new java.util.concurrent.LinkedBlockingQueue<>();
            Runnable firer = () -> {
                try {
                    for (Deferred<Integer> d; (d = queue.take()) != poison; ) {
                        d.callback(1);
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            };
            Thread f1 = new Thread(firer);
            Thread f2 = new Thread(firer);
            f1.start();
            f2.start();
            java.util.concurrent.CountDownLatch done = new java.util.concurrent.CountDownLatch(1);
            Deferred<Integer> c = Deferred.fromCoroutine(() -> {
                int sum = 0;
                for (int i = 0; i < rounds; i++) {
                    Deferred<Integer> d = new Deferred<>();
                    queue.put(d);
                    sum += await(d);
                }
                return sum;
            });
            c.addBoth(x -> {
                done.countDown();
                return x;
            });
            done.await();
            queue.put(poison);
            queue.put(poison);
            f1.join();
            f2.join();
            assertThat(outcome(c)).isEqualTo(rounds);
        }
    }

    @Nested
    class Outcome {
        @Test
        void returnedDeferredFiresWithTheReturnValue() {
            Deferred<Integer> pending = new Deferred<>();
            Deferred<Integer> c = Deferred.fromCoroutine(() -> await(pending) * 2);
            pending.callback(21);
            assertThat(outcome(c)).isEqualTo(42);
        }

        @Test
        void returnedDeferredFailsWithTheExceptionTheBodyThrew() {
            Deferred<Integer> pending = new Deferred<>();
            IOException thrown = new IOException("disk full");
            Deferred<Integer> c = Deferred.fromCoroutine(() -> {
                await(pending);
                throw thrown;
            });
            pending.callback(1);
            assertThat(outcome(c)).isSameAs(thrown);
        }

        @Test
        void bodyReturningADeferredFailsWithIllegalArgumentException() {
            Deferred<Object> c = Deferred.fromCoroutine(() -> Deferred.succeed(1));
            assertThat(error(c)).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("return await(");
        }
    }

    @Nested
    class AwaitAnywhere {
        int deep(Deferred<Integer> d, int depth) throws Exception {
            return depth == 0 ? await(d) : deep(d, depth - 1) + 1;
        }

        @Test
        void awaitWorksAtAnyDepthOfOrdinaryMethodCalls() {
            Deferred<Integer> pending = new Deferred<>();
            Deferred<Integer> c = Deferred.fromCoroutine(() -> deep(pending, 200));
            assertThat(c.called()).isFalse();
            pending.callback(1);
            assertThat(outcome(c)).isEqualTo(201);
        }

        @Test
        void awaitAcceptsACompletionStageCompletedLaterOnAnotherThread() {
            CompletableFuture<String> future = new CompletableFuture<>();
            Deferred<String> c = Deferred.fromCoroutine(() -> await(future) + "!");
            assertThat(c.called()).isFalse();
            onOtherThread(() -> future.complete("hi"));
            assertThat(outcome(c)).isEqualTo("hi!");
        }

        @Test
        void awaitOfACompletedStageContinuesAtOnce() {
            Deferred<String> c = Deferred.fromCoroutine(() -> await(CompletableFuture.completedFuture("now")));
            assertThat(outcome(c)).isEqualTo("now");
        }

        @Test
        void awaitOfAFailedStageThrowsTheUnwrappedException() {
            IOException original = new IOException("refused");
            CompletableFuture<String> failed = CompletableFuture.<String>supplyAsync(() -> "x")
                    .thenCompose(x -> CompletableFuture.failedFuture(original));
            Deferred<Throwable> c = Deferred.fromCoroutine(() -> {
                try {
                    await(failed);
                    return null;
                } catch (IOException e) {
                    return e;
                }
            });
            failed.handle((v, e) -> null).join();
            assertThat(outcome(c)).isSameAs(original);
        }

        @Test
        void cancellingTheCoroutineCancelsTheAwaitedStageAndTheBodySeesCancelledError() {
            CompletableFuture<String> future = new CompletableFuture<>();
            Deferred<String> c = Deferred.fromCoroutine(() -> {
                try {
                    return await(future);
                } catch (CancelledError e) {
                    return "cancelled";
                }
            });
            c.cancel();
            assertThat(future.isCancelled()).isTrue();
            assertThat(outcome(c)).isEqualTo("cancelled");
        }

        @Test
        void awaitOutsideACoroutineThrowsIllegalStateExceptionSayingHowToStartOne() {
            assertThatThrownBy(() -> await(Deferred.succeed(1)))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("outside a coroutine")
                    .hasMessageContaining("Deferred.fromCoroutine")
                    .hasMessageContaining("inlineCallbacks");
            assertThatThrownBy(() -> await(CompletableFuture.completedFuture(1)))
                    .isInstanceOf(IllegalStateException.class);
            assertThat(Coroutines.inCoroutine()).isFalse();
        }

        @Test
        void awaitOnAThreadStartedByTheBodyIsOutsideTheCoroutine() {
            Deferred<Throwable> c = Deferred.fromCoroutine(() -> {
                AtomicReference<Throwable> seen = new AtomicReference<>();
                Thread t = new Thread(() -> seen.set(catchThrowable(() -> await(Deferred.succeed(1)))));
                t.start();
                t.join();
                return seen.get();
            });
            assertThat(outcome(c)).isInstanceOf(IllegalStateException.class);
        }
    }

    @Nested
    class Cancellation {
        @Test
        void cancellingTheReturnedDeferredCancelsTheAwaitedOne() {
            AtomicBoolean cancelled = new AtomicBoolean();
            Deferred<Integer> awaited = new Deferred<>(d -> cancelled.set(true));
            Deferred<Integer> c = Deferred.fromCoroutine(() -> await(awaited));
            c.cancel();
            assertThat(cancelled).isTrue();
            assertThat(outcome(awaited)).isNull(); // its CancelledError went to the body
            assertThat(error(c)).isInstanceOf(CancelledError.class);
        }

        @Test
        void cancelledErrorEscapingTheBodyFailsTheReturnedDeferred() {
            Deferred<Integer> awaited = new Deferred<>();
            Deferred<Integer> c = Deferred.fromCoroutine(() -> await(awaited));
            c.cancel();
            assertThat(outcome(c)).isInstanceOf(CancelledError.class);
        }

        @Test
        void bodyMayCatchCancelledErrorAndSucceed() {
            Deferred<Integer> awaited = new Deferred<>();
            Deferred<String> c = Deferred.fromCoroutine(() -> {
                try {
                    await(awaited);
                    return "not cancelled";
                } catch (CancelledError e) {
                    return "cancelled, recovered";
                }
            });
            c.cancel();
            assertThat(outcome(c)).isEqualTo("cancelled, recovered");
        }

        @Test
        void bodyThatCatchesCancellationMayAwaitAgainAndFinishLater() {
            Deferred<Integer> first = new Deferred<>();
            Deferred<Integer> second = new Deferred<>();
            Deferred<Integer> c = Deferred.fromCoroutine(() -> {
                try {
                    return await(first);
                } catch (CancelledError e) {
                    return await(second) + 1;
                }
            });
            c.cancel();
            assertThat(c.called()).isTrue();
            assertThat(c.waitingOn()).isNotNull();
            second.callback(41);
            assertThat(outcome(c)).isEqualTo(42);
        }

        @Test
        void secondCancelCancelsWhatTheBodyAwaitsThen() {
            Deferred<Integer> first = new Deferred<>();
            Deferred<Integer> second = new Deferred<>();
            Deferred<String> c = Deferred.fromCoroutine(() -> {
                try {
                    await(first);
                } catch (CancelledError e) {
                    try {
                        await(second);
                    } catch (CancelledError again) {
                        return "cancelled twice";
                    }
                }
                return "no";
            });
            c.cancel();
            c.cancel();
            assertThat(outcome(c)).isEqualTo("cancelled twice");
        }

        @Test
        void cancelWhileTheBodyRunsCancelsTheNextDeferredItAwaits() {
            AtomicReference<Deferred<String>> self = new AtomicReference<>();
            Deferred<Integer> first = new Deferred<>();
            Deferred<Integer> next = new Deferred<>();
            Deferred<String> c = Deferred.fromCoroutine(() -> {
                await(first);
                self.get().cancel(); // nothing is awaited right now
                try {
                    await(next);
                    return "not cancelled";
                } catch (CancelledError e) {
                    return "next await cancelled";
                }
            });
            self.set(c);
            first.callback(1);
            assertThat(outcome(c)).isEqualTo("next await cancelled");
            assertThat(outcome(next)).isNull();
        }

        @Test
        void cancelAfterTheAwaitedDeferredFiredButBeforeTheBodyResumedCancelsTheNextAwait() {
            Deferred<Integer> fired = new Deferred<>();
            fired.pause();
            fired.callback(1); // fired, but paused: the body cannot resume yet
            Deferred<Integer> next = new Deferred<>();
            Deferred<String> c = Deferred.fromCoroutine(() -> {
                int v = await(fired);
                try {
                    await(next);
                    return "not cancelled";
                } catch (CancelledError e) {
                    return "got " + v + ", then the next await was cancelled";
                }
            });
            c.cancel();
            fired.unpause();
            assertThat(outcome(c)).isEqualTo("got 1, then the next await was cancelled");
        }

        @Test
        void cancelReachesTheDeferredThatTheAwaitedOneWaitsOn() {
            AtomicBoolean innerCancelled = new AtomicBoolean();
            Deferred<Integer> inner = new Deferred<>(d -> innerCancelled.set(true));
            Deferred<Integer> awaited = new Deferred<>();
            awaited.addCallbackDeferred(x -> inner);
            awaited.callback(0); // fired, now waiting on inner
            Deferred<Integer> c = Deferred.fromCoroutine(() -> await(awaited));
            c.cancel();
            assertThat(innerCancelled).isTrue();
            assertThat(error(c)).isInstanceOf(CancelledError.class);
        }

        @Test
        void awaitedDeferredThatSwallowsTheCancellationLetsTheBodyGoOn() {
            Deferred<Integer> awaited = new Deferred<>(d -> d.callback(5)); // its canceller succeeds
            Deferred<Integer> c = Deferred.fromCoroutine(() -> await(awaited) + 1);
            c.cancel();
            assertThat(outcome(c)).isEqualTo(6);
        }

        @Test
        void cancellingAfterTheCoroutineFinishedDoesNothing() {
            Deferred<Integer> c = Deferred.fromCoroutine(() -> 1);
            c.cancel();
            assertThat(outcome(c)).isEqualTo(1);
        }

        @Test
        void cancelRacingCompletionOnAnotherThreadNeverLosesTheOutcome() {
            for (int i = 0; i < 200; i++) {
                Deferred<Integer> awaited = new Deferred<>(d -> { }); // cancel does not fire it
                Deferred<Integer> c = Deferred.fromCoroutine(() -> {
                    try {
                        return await(awaited);
                    } catch (CancelledError e) {
                        return -1;
                    }
                });
                Thread firer = new Thread(() -> {
                    try {
                        awaited.callback(7);
                    } catch (AlreadyCalledError cancelledFirst) {
                        // the cancellation fired it first
                    }
                });
                firer.start();
                c.cancel();
                try {
                    firer.join();
                } catch (InterruptedException e) {
                    throw new AssertionError(e);
                }
                assertThat(outcome(c)).isIn(7, -1);
            }
        }

        @Test
        void cancelRacingAResumeOnAnotherThreadCancelsAtMostOneAwaitAndNeverLosesTheOutcome()
                throws InterruptedException {
            for (int i = 0; i < 300; i++) {
                Deferred<Integer> first = new Deferred<>(d -> { }); // cancel fails it with CancelledError
                Deferred<Integer> second = new Deferred<>();
                Deferred<String> c = Deferred.fromCoroutine(() -> {
                    String seen;
                    try {
                        await(first);
                        seen = "first fired";
                    } catch (CancelledError e) {
                        seen = "first cancelled";
                    }
                    try {
                        await(second);
                        return seen + ", second fired";
                    } catch (CancelledError e) {
                        return seen + ", second cancelled";
                    }
                });
                Thread firer = new Thread(() -> {
                    try {
                        first.callback(7); // resumes the body on this thread, racing the cancel
                    } catch (AlreadyCalledError cancelledFirst) {
                        // the cancellation failed `first` before this firing
                    }
                });
                firer.start();
                c.cancel();
                firer.join();
                if (!second.called()) {
                    second.callback(0);
                }
                // "first fired, second fired": the cancel reached `first` while unfired, and its firing
                // won the race (as a cancel of a Deferred that fires meanwhile does nothing).
                assertThat(outcome(c)).isIn("first cancelled, second fired", "first fired, second cancelled",
                        "first fired, second fired");
            }
        }
    }

    @Nested
    class Nesting {
        @Test
        void chainOf100000CoroutinesCompletedFromTheInnermostDoesNotOverflow() throws InterruptedException {
            if (continuationMode()) {
                chainOf100000();
            } else {
                // Same semantics; a virtual driver only makes the fallback's hand-offs cheap enough
                // for a unit test (a platform driver pays tens of microseconds per hand-off).
                AtomicReference<Throwable> error = new AtomicReference<>();
                Thread.ofVirtual().start(() -> error.set(catchThrowable(this::chainOf100000))).join();
                assertThat(error.get()).isNull();
            }
        }

        void chainOf100000() {
            int n = 100_000;
            Deferred<Integer> leaf = new Deferred<>();
            Deferred<Integer> inner = leaf;
            Deferred<Integer> outermost = null;
            for (int i = 0; i < n; i++) {
                Deferred<Integer> awaited = inner;
                outermost = Deferred.fromCoroutine(() -> await(awaited) + 1);
                inner = outermost;
            }
            assertThat(outermost.called()).isFalse();
            leaf.callback(0);
            assertThat(outcome(outermost)).isEqualTo(n);
        }

        @Test
        void nestedCoroutineThatEndsWithoutSuspendingIsFiredWhenItsStartReturns() {
            // `outer` resumes while the finished `first`'s Deferred is being fired: the completion
            // trampoline is active on this thread, but must not delay `inner`.
            Deferred<Integer> pending = new Deferred<>();
            Deferred<Integer> first = Deferred.fromCoroutine(() -> await(pending));
            Deferred<Boolean> outer = Deferred.fromCoroutine(() -> {
                await(first);
                Deferred<Integer> inner = Deferred.fromCoroutine(() -> 1);
                return inner.called();
            });
            pending.callback(0);
            assertThat(outcome(outer)).isEqualTo(true);
        }

        @Test
        void onlyTheOutermostCallNeedsFromCoroutine() {
            Deferred<Integer> a = new Deferred<>();
            Deferred<Integer> b = new Deferred<>();
            class Calls {
                int foo() throws Exception {
                    return await(a);
                }

                int bar() throws Exception {
                    int baz = await(b);
                    return baz + foo();
                }
            }
            Calls calls = new Calls();
            Deferred<Integer> c = Deferred.fromCoroutine(calls::bar);
            b.callback(1);
            assertThat(c.called()).isFalse();
            a.callback(2);
            assertThat(outcome(c)).isEqualTo(3);
        }
    }

    @Nested
    class InlineCallbacks {
        @Test
        void eachCallOfTheReturnedFunctionRunsTheBodyAsANewCoroutine() {
            List<Deferred<Integer>> requests = new ArrayList<>();
            Function<Integer, Deferred<Integer>> doubled = Coroutines.inlineCallbacks((Integer x) -> {
                Deferred<Integer> request = new Deferred<>();
                requests.add(request);
                return await(request) * x;
            });
            Deferred<Integer> first = doubled.apply(2);
            Deferred<Integer> second = doubled.apply(3);
            assertThat(requests).hasSize(2);
            requests.get(1).callback(10);
            requests.get(0).callback(100);
            assertThat(outcome(first)).isEqualTo(200);
            assertThat(outcome(second)).isEqualTo(30);
        }

        @Test
        void noArgumentAndTwoArgumentFormsWorkTheSameWay() {
            Supplier<Deferred<String>> hello = Coroutines.inlineCallbacks(() -> await(Deferred.succeed("hello")));
            BiFunction<String, Integer, Deferred<String>> repeat =
                    Coroutines.inlineCallbacks((String s, Integer n) -> await(Deferred.succeed(s)).repeat(n));
            assertThat(outcome(hello.get())).isEqualTo("hello");
            assertThat(outcome(repeat.apply("ab", 3))).isEqualTo("ababab");
        }

        @Test
        void returnIsReturnValueAndAThrownExceptionFailsTheCall() {
            Function<Boolean, Deferred<String>> f = Coroutines.inlineCallbacks((Boolean fail) -> {
                if (fail) {
                    throw new IOException("failed");
                }
                return "returned";
            });
            assertThat(outcome(f.apply(false))).isEqualTo("returned");
            assertThat(error(f.apply(true))).isInstanceOf(IOException.class).hasMessage("failed");
        }
    }

    @Nested
    class StackTraces {
        void failDeepInsideTheBody() throws IOException {
            throw new IOException("from the body");
        }

        @Test
        void exceptionThrownInTheBodyAfterAResumeShowsTheBodysFrames() {
            Deferred<Integer> pending = new Deferred<>();
            Deferred<Object> c = Deferred.fromCoroutine(() -> {
                await(pending);
                failDeepInsideTheBody();
                return null;
            });
            onOtherThread(() -> pending.callback(1));
            Throwable t = (Throwable) outcome(c);
            List<String> methods = Arrays.stream(t.getStackTrace()).map(StackTraceElement::getMethodName).toList();
            assertThat(methods.get(0)).isEqualTo("failDeepInsideTheBody");
            assertThat(methods).anyMatch(m -> m.contains("exceptionThrownInTheBodyAfterAResumeShowsTheBodysFrames"));
        }
    }

    @Nested
    class Refusals {
        @Test
        void resumingACoroutineThatIsRunningIsRefused() {
            Deferred<Throwable> c = Deferred.fromCoroutine(() -> {
                Coroutine<?> me = Coroutine.current();
                return catchThrowable(() -> me.call("unsolicited"));
            });
            assertThat(error(c)).isInstanceOf(IllegalStateException.class).hasMessageContaining("already running");
        }

        @Test
        void resumingACoroutineThatHasFinishedIsRefused() {
            AtomicReference<Coroutine<?>> me = new AtomicReference<>();
            Deferred.fromCoroutine(() -> {
                me.set(Coroutine.current());
                return 1;
            });
            assertThatThrownBy(() -> me.get().call("late"))
                    .isInstanceOf(IllegalStateException.class).hasMessageContaining("already finished");
        }

        @Test
        void awaitingItsOwnDeferredIsRefused() {
            AtomicReference<Deferred<Object>> self = new AtomicReference<>();
            Deferred<Integer> first = new Deferred<>();
            Deferred<Object> c = Deferred.fromCoroutine(() -> {
                await(first);
                return catchThrowable(() -> await(self.get()));
            });
            self.set(c);
            first.callback(1);
            assertThat(error(c)).isInstanceOf(IllegalStateException.class).hasMessageContaining("its own Deferred");
        }

        static final class Slot {
            static Deferred<Integer> awaited;
        }

        static final class AwaitsInItsInitializer {
            static final int VALUE;

            static {
                try {
                    VALUE = await(Slot.awaited);
                } catch (IllegalStateException e) {
                    throw e;
                } catch (Exception e) {
                    throw new AssertionError(e);
                }
            }

            private AwaitsInItsInitializer() {
            }
        }

        @Test
        void awaitInsideAClassInitializerThrowsIllegalStateExceptionAndChangesNothing() {
            Deferred<Integer> awaited = new Deferred<>();
            Slot.awaited = awaited;
            Deferred<Object> c = Deferred.fromCoroutine(() -> {
                return AwaitsInItsInitializer.VALUE;
            });
            Throwable t = (Throwable) outcome(c);
            assertThat(t).isInstanceOf(ExceptionInInitializerError.class);
            assertThat(t.getCause()).isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("class initializer");
            awaited.callback(5); // nothing was registered on it: the result stays
            assertThat(awaited.result()).isEqualTo(5);
        }
    }
}
