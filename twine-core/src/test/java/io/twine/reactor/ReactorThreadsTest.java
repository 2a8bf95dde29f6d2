package io.twine.reactor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.twine.defer.CancelledError;
import io.twine.defer.Deferred;
import io.twine.defer.Failure;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** deferToThread, callInThread, blockingCallFromThread and the pool's shutdown. */
class ReactorThreadsTest {

    private static void awaitLatch(CountDownLatch l) throws InterruptedException {
        assertThat(l.await(10, TimeUnit.SECONDS)).as("latch released within 10 s").isTrue();
    }

    // -- deferToThread ---------------------------------------------------------------------------

    /** The work runs on a pool thread; the Deferred's callbacks run on the loop thread. */
    @Test
    void deferToThreadRunsOnThePoolAndDeliversOnTheLoop() throws Exception {
        try (RunningReactor r = new RunningReactor()) {
            AtomicReference<Thread> worker = new AtomicReference<>();
            AtomicReference<Thread> callback = new AtomicReference<>();
            CountDownLatch callbackAdded = new CountDownLatch(1); // else it could run on this thread, the Deferred being fired already
            Deferred<Integer> d = r.reactor.deferToThread(() -> {
                worker.set(Thread.currentThread());
                callbackAdded.await();
                return 42;
            });
            d.addCallback(v -> {
                callback.set(Thread.currentThread());
                return v;
            });
            callbackAdded.countDown();
            assertThat(RunningReactor.await(d)).isEqualTo(42);
            assertThat(worker.get()).isNotSameAs(r.thread);
            assertThat(callback.get()).isSameAs(r.thread);
        }
    }

    /** A checked exception thrown by the work arrives as the Failure's value, on the loop thread. */
    @Test
    void deferToThreadFailureHoldsTheOriginalException() throws Exception {
        try (RunningReactor r = new RunningReactor()) {
            IOException boom = new IOException("disk on fire");
            AtomicReference<Thread> errback = new AtomicReference<>();
            CountDownLatch errbackAdded = new CountDownLatch(1);
            Deferred<Object> d = r.reactor.deferToThread(() -> {
                errbackAdded.await();
                throw boom;
            });
            d.addErrback(f -> {
                errback.set(Thread.currentThread());
                throw f;
            });
            errbackAdded.countDown();
            assertThatThrownBy(() -> RunningReactor.await(d)).isInstanceOf(Failure.class)
                    .satisfies(t -> assertThat(((Failure) t).value()).isSameAs(boom));
            assertThat(errback.get()).isSameAs(r.thread);
        }
    }

    /** No more than threadPoolSize pieces of work run at once; the rest wait and all complete. */
    @Test
    void thePoolIsBounded() throws Exception {
        try (RunningReactor r = new RunningReactor(Reactor.builder().threadPoolSize(2).build())) {
            AtomicInteger running = new AtomicInteger();
            AtomicInteger most = new AtomicInteger();
            CountDownLatch twoIn = new CountDownLatch(2);
            CountDownLatch release = new CountDownLatch(1);
            List<Deferred<Integer>> ds = new CopyOnWriteArrayList<>();
            for (int i = 0; i < 6; i++) {
                int n = i;
                ds.add(r.reactor.deferToThread(() -> {
                    most.accumulateAndGet(running.incrementAndGet(), Math::max);
                    twoIn.countDown();
                    release.await();
                    running.decrementAndGet();
                    return n;
                }));
            }
            awaitLatch(twoIn);
            assertThat(running.get()).isEqualTo(2); // a third cannot have started: both threads are taken
            release.countDown();
            for (int i = 0; i < 6; i++) {
                assertThat(RunningReactor.await(ds.get(i))).isEqualTo(i);
            }
            assertThat(most.get()).isEqualTo(2);
        }
    }

    /** Cancelling work that is still queued keeps it from ever running. */
    @Test
    void cancellingQueuedWorkKeepsItFromRunning() throws Exception {
        AtomicBoolean secondRan = new AtomicBoolean();
        try (RunningReactor r = new RunningReactor(Reactor.builder().threadPoolSize(1).build())) {
            CountDownLatch started = new CountDownLatch(1);
            CountDownLatch release = new CountDownLatch(1);
            Deferred<String> first = r.reactor.deferToThread(() -> {
                started.countDown();
                release.await();
                return "first";
            });
            Deferred<String> second = r.reactor.deferToThread(() -> {
                secondRan.set(true);
                return "second";
            });
            awaitLatch(started);
            second.cancel();
            assertThat(second.result()).isInstanceOf(Failure.class);
            assertThat(((Failure) second.result()).check(CancelledError.class)).isNotNull();
            second.addErrback(f -> null);
            release.countDown();
            assertThat(RunningReactor.await(first)).isEqualTo("first");
            r.onLoop(() -> { });
        }
        // The reactor stopped only after all pool work was finished: had the task run, it would have by now.
        assertThat(secondRan.get()).isFalse();
    }

    /** Cancelling running work fails the Deferred at once; the work's late result is dropped. */
    @Test
    void cancellingRunningWorkDropsItsResult() throws Exception {
        try (RunningReactor r = new RunningReactor()) {
            CountDownLatch started = new CountDownLatch(1);
            CountDownLatch release = new CountDownLatch(1);
            CountDownLatch finished = new CountDownLatch(1);
            Deferred<String> d = r.reactor.deferToThread(() -> {
                started.countDown();
                release.await();
                finished.countDown();
                return "late";
            });
            awaitLatch(started);
            d.cancel();
            release.countDown();
            awaitLatch(finished);
            r.onLoop(() -> { });
            assertThatThrownBy(() -> RunningReactor.await(d)).isInstanceOf(Failure.class)
                    .satisfies(t -> assertThat(((Failure) t).value()).isInstanceOf(CancelledError.class));
        }
    }

    /** Work submitted before run() starts at once; its result is delivered once the loop runs. */
    @Test
    void deferToThreadBeforeRunDeliversOnceTheLoopRuns() throws Exception {
        Reactor reactor = Reactor.create();
        AtomicReference<Thread> callback = new AtomicReference<>();
        Deferred<String> d = reactor.deferToThread(() -> "early");
        d.addCallback(v -> {
            callback.set(Thread.currentThread());
            reactor.stop();
            return v;
        });
        reactor.run();
        assertThat(callback.get()).isSameAs(Thread.currentThread());
        assertThat(d.result()).isEqualTo("early");
    }

    /** callInThread runs the function on a pool thread; an exception it throws is logged. */
    @Test
    void callInThreadRunsOnThePoolAndLogsErrors() throws Exception {
        RecordingLogger log = new RecordingLogger();
        try (RunningReactor r = new RunningReactor(Reactor.builder().logger(log).build())) {
            AtomicReference<Thread> on = new AtomicReference<>();
            CountDownLatch ran = new CountDownLatch(1);
            r.reactor.callInThread(() -> {
                on.set(Thread.currentThread());
                ran.countDown();
            });
            awaitLatch(ran);
            assertThat(on.get()).isNotSameAs(r.thread);
            r.reactor.callInThread(() -> {
                throw new IllegalStateException("worker failed");
            });
            RecordingLogger.Entry e = log.await(x -> x.error() != null);
            assertThat(e.level()).isEqualTo(System.Logger.Level.ERROR);
            assertThat(e.error()).hasMessage("worker failed");
        }
    }

    // -- shutdown --------------------------------------------------------------------------------

    /** By default stop() waits for pool work and delivers its result on the loop before run() returns. */
    @Test
    void stopWaitsForPoolWorkAndDeliversItsResult() throws Exception {
        Reactor reactor = Reactor.create();
        CountDownLatch started = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        AtomicBoolean released = new AtomicBoolean();
        List<String> seen = new CopyOnWriteArrayList<>();
        Deferred<String> d = reactor.deferToThread(() -> {
            started.countDown();
            release.await();
            return "done";
        });
        d.addCallback(v -> {
            seen.add(v + " on " + (reactor.isInLoopThread() ? "loop" : "other"));
            return null;
        });
        reactor.callWhenRunning(() -> {
            reactor.stop();
            reactor.callInThread(() -> { }); // refused: the reactor is stopping
        });
        Thread unblocker = new Thread(() -> {
            try {
                started.await();
                released.set(true);
                release.countDown();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        unblocker.start();
        reactor.run();
        assertThat(released.get()).isTrue();
        assertThat(seen).containsExactly("done on loop");
        unblocker.join();
    }

    /** New pool work is refused once the reactor is stopping. */
    @Test
    void poolWorkIsRefusedOnceStopping() {
        Reactor reactor = Reactor.create();
        AtomicReference<Throwable> callInThread = new AtomicReference<>();
        AtomicReference<Object> deferToThread = new AtomicReference<>();
        reactor.callWhenRunning(() -> {
            reactor.stop();
            try {
                reactor.callInThread(() -> { });
            } catch (Throwable t) {
                callInThread.set(t);
            }
            reactor.deferToThread(() -> "x").addBoth(r -> {
                deferToThread.set(r);
                return null;
            });
        });
        reactor.run();
        assertThat(callInThread.get()).isInstanceOf(ReactorNotRunning.class);
        assertThat(deferToThread.get()).isInstanceOfSatisfying(Failure.class,
                f -> assertThat(f.value()).isInstanceOf(ReactorNotRunning.class));
    }

    /** With a zero shutdown timeout, stop() gives up on pool work at once: running work is interrupted, queued work never starts, and their Deferreds fail with CancelledError. */
    @Test
    void zeroShutdownTimeoutCancelsPoolWork() throws Exception {
        RecordingLogger log = new RecordingLogger();
        Reactor reactor = Reactor.builder().threadPoolSize(1).shutdownTimeout(Duration.ZERO).logger(log).build();
        CountDownLatch started = new CountDownLatch(1);
        CountDownLatch interrupted = new CountDownLatch(1);
        AtomicBoolean queuedRan = new AtomicBoolean();
        List<Object> outcomes = new CopyOnWriteArrayList<>();
        Deferred<String> running = reactor.deferToThread(() -> {
            started.countDown();
            try {
                new CountDownLatch(1).await();
            } catch (InterruptedException e) {
                interrupted.countDown();
                throw e;
            }
            return "never";
        });
        Deferred<String> queued = reactor.deferToThread(() -> {
            queuedRan.set(true);
            return "never either";
        });
        for (Deferred<String> d : List.of(running, queued)) {
            d.addBoth(r -> {
                outcomes.add(r instanceof Failure f ? f.value().getClass() : r);
                return null;
            });
        }
        awaitLatch(started);
        reactor.callWhenRunning(reactor::stop);
        reactor.run();
        assertThat(outcomes).containsExactly(CancelledError.class, CancelledError.class);
        awaitLatch(interrupted);
        assertThat(queuedRan.get()).isFalse();
        assertThat(log.entries).anySatisfy(e -> assertThat(e.message()).contains("giving up on 2"));
    }

    /** With a shutdown timeout, stop() waits that long for stuck pool work, then gives up on it. */
    @Test
    void shutdownTimeoutGivesUpOnStuckWork() throws Exception {
        Reactor reactor = Reactor.builder().shutdownTimeout(Duration.ofMillis(20)).logger(new RecordingLogger()).build();
        CountDownLatch started = new CountDownLatch(1);
        AtomicReference<Object> outcome = new AtomicReference<>();
        reactor.deferToThread(() -> {
            started.countDown();
            new CountDownLatch(1).await(); // stuck until interrupted
            return "never";
        }).addBoth(r -> {
            outcome.set(r);
            return null;
        });
        awaitLatch(started);
        reactor.callWhenRunning(reactor::stop);
        reactor.run();
        assertThat(outcome.get()).isInstanceOfSatisfying(Failure.class,
                f -> assertThat(f.value()).isInstanceOf(CancelledError.class));
    }

    // -- blockingCallFromThread ------------------------------------------------------------------

    /** A foreign thread gets a result computed on the loop thread. */
    @Test
    void blockingCallFromThreadReturnsWhatTheLoopComputed() throws Exception {
        try (RunningReactor r = new RunningReactor()) {
            Thread on = Threads.blockingCallFromThread(r.reactor, () -> Deferred.succeed(Thread.currentThread()));
            assertThat(on).isSameAs(r.thread);
        }
    }

    /** blockingCallFromThread waits for a Deferred that fires later. */
    @Test
    void blockingCallFromThreadWaitsForTheDeferred() throws Exception {
        try (RunningReactor r = new RunningReactor()) {
            String v = Threads.blockingCallFromThread(r.reactor, () -> {
                Deferred<String> d = new Deferred<>();
                r.reactor.callLater(0.01, () -> d.callback("later"));
                return d;
            });
            assertThat(v).isEqualTo("later");
        }
    }

    /** A failure on the loop is rethrown as the original exception, checked ones included. */
    @Test
    void blockingCallFromThreadRethrowsTheOriginalException() throws Exception {
        try (RunningReactor r = new RunningReactor()) {
            IOException boom = new IOException("nope");
            assertThatThrownBy(() -> Threads.blockingCallFromThread(r.reactor, () -> Deferred.fail(boom))).isSameAs(boom);
            assertThatThrownBy(() -> Threads.blockingCallFromThread(r.reactor, () -> {
                throw boom;
            })).isSameAs(boom);
            assertThatThrownBy(() -> Threads.blockingCallFromThread(r.reactor, () -> null))
                    .isInstanceOf(IllegalStateException.class).hasMessageContaining("null");
        }
    }

    /** Called on the loop thread it refuses, instead of deadlocking. */
    @Test
    void blockingCallFromThreadOnTheLoopThreadIsRefused() throws Exception {
        try (RunningReactor r = new RunningReactor()) {
            AtomicReference<Throwable> thrown = new AtomicReference<>();
            r.onLoop(() -> {
                try {
                    Threads.blockingCallFromThread(r.reactor, () -> Deferred.succeed(1));
                } catch (Throwable t) {
                    thrown.set(t);
                }
            });
            assertThat(thrown.get()).isInstanceOf(IllegalStateException.class).hasMessageContaining("loop thread");
        }
    }

    /** A pool worker can use blockingCallFromThread to reach the loop while the loop waits for it. */
    @Test
    void workerCanCallBackIntoTheLoop() throws Exception {
        try (RunningReactor r = new RunningReactor()) {
            Deferred<Integer> d = r.reactor.deferToThread(
                    () -> Threads.<Integer>blockingCallFromThread(r.reactor, () -> Deferred.succeed(20)) + 1);
            assertThat(RunningReactor.await(d)).isEqualTo(21);
        }
    }
}
