package io.twine.reactor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** run/stop, callWhenRunning, callFromThread, and how the loop copes with bad callbacks. */
class ReactorLoopTest {

    // -- run and stop ---------------------------------------------------------------------------

    /** run() returns once a callback has called stop(). */
    @Test
    void runReturnsAfterStop() {
        Reactor reactor = Reactor.create();
        List<String> seen = new ArrayList<>();
        reactor.callWhenRunning(() -> seen.add("started"));
        reactor.callLater(0, reactor::stop);
        reactor.run();
        seen.add("returned");
        assertThat(seen).containsExactly("started", "returned");
        assertThat(reactor.isRunning()).isFalse();
    }

    /** callWhenRunning functions given before run() run first, in order, on the loop thread. */
    @Test
    void callWhenRunningFunctionsRunFirstInOrder() {
        Reactor reactor = Reactor.create();
        List<String> seen = new ArrayList<>();
        reactor.callFromThread(() -> seen.add("from thread"));
        reactor.callWhenRunning(() -> seen.add("when running 1"));
        reactor.callWhenRunning(() -> seen.add("when running 2"));
        reactor.callWhenRunning(() -> assertThat(reactor.isInLoopThread()).isTrue());
        reactor.callLater(0, reactor::stop);
        reactor.run();
        assertThat(seen).containsExactly("when running 1", "when running 2", "from thread");
    }

    /** callWhenRunning on the loop thread of a running reactor runs the function at once. */
    @Test
    void callWhenRunningOnTheLoopRunsAtOnce() {
        Reactor reactor = Reactor.create();
        List<String> seen = new ArrayList<>();
        reactor.callWhenRunning(() -> {
            reactor.callWhenRunning(() -> seen.add("inner"));
            seen.add("after inner");
            reactor.stop();
        });
        reactor.run();
        assertThat(seen).containsExactly("inner", "after inner");
    }

    /** run() while running throws ReactorAlreadyRunning. */
    @Test
    void runWhileRunningThrows() throws Exception {
        try (RunningReactor r = new RunningReactor()) {
            AtomicReference<Throwable> thrown = new AtomicReference<>();
            r.onLoop(() -> {
                try {
                    r.reactor.run();
                } catch (Throwable t) {
                    thrown.set(t);
                }
            });
            assertThat(thrown.get()).isInstanceOf(ReactorAlreadyRunning.class);
        }
    }

    /** run() after the reactor stopped throws ReactorNotRestartable. */
    @Test
    void runAfterStopThrows() {
        Reactor reactor = Reactor.create();
        reactor.callWhenRunning(reactor::stop);
        reactor.run();
        assertThatThrownBy(reactor::run).isInstanceOf(ReactorNotRestartable.class);
    }

    /** stop() on a reactor that is not running throws ReactorNotRunning, before and after. */
    @Test
    void stopWhenNotRunningThrows() {
        Reactor reactor = Reactor.create();
        assertThatThrownBy(reactor::stop).isInstanceOf(ReactorNotRunning.class).hasMessageContaining("not started");
        reactor.callWhenRunning(reactor::stop);
        reactor.run();
        assertThatThrownBy(reactor::stop).isInstanceOf(ReactorNotRunning.class).hasMessageContaining("stopped");
    }

    /** A second stop() while stopping throws, as in Twisted. */
    @Test
    void secondStopThrows() {
        Reactor reactor = Reactor.create();
        AtomicReference<Throwable> thrown = new AtomicReference<>();
        reactor.callWhenRunning(() -> {
            reactor.stop();
            try {
                reactor.stop();
            } catch (Throwable t) {
                thrown.set(t);
            }
        });
        reactor.run();
        assertThat(thrown.get()).isInstanceOf(ReactorNotRunning.class);
    }

    /** Timed calls still pending at the stop never run, and stay listed. */
    @Test
    void pendingTimedCallsDoNotRunAfterStop() {
        Reactor reactor = Reactor.create();
        List<String> seen = new ArrayList<>();
        reactor.callLater(3600, () -> seen.add("never"));
        reactor.callWhenRunning(reactor::stop);
        reactor.run();
        assertThat(seen).isEmpty();
        assertThat(reactor.getDelayedCalls()).hasSize(1);
    }

    /** stop() from another thread wakes the sleeping loop and ends run(). */
    @Test
    void stopFromAnotherThreadEndsTheLoop() throws Exception {
        RunningReactor r = new RunningReactor();
        r.onLoop(() -> { });
        r.reactor.stop();
        r.join();
        assertThat(r.reactor.isRunning()).isFalse();
    }

    /** Interrupting the loop thread does not stop or break the loop. */
    @Test
    void interruptDoesNotStopTheLoop() throws Exception {
        try (RunningReactor r = new RunningReactor()) {
            r.onLoop(() -> { });
            r.thread.interrupt();
            r.onLoop(() -> { });
            CountDownLatch timer = new CountDownLatch(1);
            r.reactor.callLater(0.01, timer::countDown);
            assertThat(timer.await(10, TimeUnit.SECONDS)).isTrue();
            assertThat(r.thread.isAlive()).isTrue();
        }
    }

    // -- callFromThread --------------------------------------------------------------------------

    /** callFromThread runs the function on the loop thread, waking a loop that sleeps. */
    @Test
    void callFromThreadRunsOnTheLoopThreadAndWakesIt() throws Exception {
        try (RunningReactor r = new RunningReactor()) {
            r.reactor.callLater(3600, () -> { });
            r.onLoop(() -> { });
            CountDownLatch ran = new CountDownLatch(1);
            AtomicReference<Thread> on = new AtomicReference<>();
            r.reactor.callFromThread(() -> {
                on.set(Thread.currentThread());
                ran.countDown();
            });
            assertThat(ran.await(10, TimeUnit.SECONDS)).isTrue();
            assertThat(on.get()).isSameAs(r.thread);
        }
    }

    /** The calls of each thread run in the order that thread made them; none is lost. */
    @Test
    void callFromThreadKeepsEachThreadsOrder() throws Exception {
        int threads = 4;
        int perThread = 20_000;
        List<List<Integer>> seen = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            seen.add(new ArrayList<>()); // only touched on the loop thread
        }
        try (RunningReactor r = new RunningReactor()) {
            Thread[] ts = new Thread[threads];
            for (int t = 0; t < threads; t++) {
                List<Integer> mine = seen.get(t);
                ts[t] = new Thread(() -> {
                    for (int i = 0; i < perThread; i++) {
                        int n = i;
                        r.reactor.callFromThread(() -> mine.add(n));
                    }
                });
                ts[t].start();
            }
            for (Thread t : ts) {
                t.join();
            }
            r.onLoop(() -> { });
        }
        for (List<Integer> mine : seen) {
            assertThat(mine).hasSize(perThread).isSorted();
        }
    }

    /** Functions queued before run() are kept and run once the loop starts. */
    @Test
    void callFromThreadBeforeRunIsKept() {
        Reactor reactor = Reactor.create();
        List<String> seen = new ArrayList<>();
        reactor.callFromThread(() -> seen.add("queued early"));
        reactor.callFromThread(reactor::stop);
        reactor.run();
        assertThat(seen).containsExactly("queued early");
    }

    /** A function queued from the loop thread runs in a later pass, not re-entrantly. */
    @Test
    void callFromThreadOnTheLoopRunsLater() {
        Reactor reactor = Reactor.create();
        List<String> seen = new ArrayList<>();
        reactor.callWhenRunning(() -> {
            reactor.callFromThread(() -> {
                seen.add("queued");
                reactor.stop();
            });
            seen.add("after queueing");
        });
        reactor.run();
        assertThat(seen).containsExactly("after queueing", "queued");
    }

    /** After the reactor stopped, callFromThread refuses with ReactorNotRunning, execute with RejectedExecutionException. */
    @Test
    void callFromThreadAfterStopIsRefused() {
        Reactor reactor = Reactor.create();
        reactor.callWhenRunning(reactor::stop);
        reactor.run();
        assertThatThrownBy(() -> reactor.callFromThread(() -> { })).isInstanceOf(ReactorNotRunning.class);
        assertThatThrownBy(() -> reactor.execute(() -> { })).isInstanceOf(RejectedExecutionException.class);
        assertThatThrownBy(() -> reactor.callWhenRunning(() -> { })).isInstanceOf(ReactorNotRunning.class);
    }

    /** Racing the stop, every call is either run exactly once or refused: none is lost. */
    @Test
    void callFromThreadRacingTheStopRunsOrRefusesEachCall() throws Exception {
        for (int round = 0; round < 20; round++) {
            RunningReactor r = new RunningReactor();
            AtomicLong accepted = new AtomicLong();
            AtomicLong ran = new AtomicLong();
            CountDownLatch go = new CountDownLatch(1);
            Thread[] ts = new Thread[3];
            for (int t = 0; t < ts.length; t++) {
                ts[t] = new Thread(() -> {
                    try {
                        go.await();
                    } catch (InterruptedException e) {
                        return;
                    }
                    for (int i = 0; i < 5_000; i++) {
                        try {
                            r.reactor.callFromThread(ran::incrementAndGet);
                            accepted.incrementAndGet();
                        } catch (ReactorNotRunning refused) {
                            return;
                        }
                    }
                });
                ts[t].start();
            }
            go.countDown();
            r.reactor.stop();
            for (Thread t : ts) {
                t.join();
            }
            r.join();
            assertThat(ran.get()).isEqualTo(accepted.get());
        }
    }

    // -- errors and slow callbacks ---------------------------------------------------------------

    /** A callback that throws is logged at ERROR and the loop goes on with the next one. */
    @Test
    void throwingCallbackIsLoggedAndTheLoopGoesOn() {
        RecordingLogger log = new RecordingLogger();
        Reactor reactor = Reactor.builder().logger(log).build();
        List<String> seen = new ArrayList<>();
        IllegalStateException boom = new IllegalStateException("boom");
        reactor.callLater(0, () -> {
            throw boom;
        });
        reactor.callLater(0, () -> seen.add("next timed call"));
        reactor.callFromThread(() -> {
            throw new IllegalArgumentException("from thread");
        });
        reactor.callFromThread(() -> seen.add("next thread call"));
        reactor.callLater(0.001, reactor::stop);
        reactor.run();
        assertThat(seen).containsExactly("next thread call", "next timed call");
        assertThat(log.entries).filteredOn(e -> e.level() == System.Logger.Level.ERROR)
                .extracting(RecordingLogger.Entry::error)
                .anySatisfy(t -> assertThat(t).isSameAs(boom))
                .anySatisfy(t -> assertThat(t).isInstanceOf(IllegalArgumentException.class).hasMessage("from thread"));
    }

    /** A callback that blocks the loop beyond the threshold is reported at WARNING, naming it. */
    @Test
    void slowCallbackIsReported() {
        AtomicLong fakeNanos = new AtomicLong();
        RecordingLogger log = new RecordingLogger();
        Reactor reactor = Reactor.builder().logger(log).nanoTime(fakeNanos::get)
                .slowCallThreshold(Duration.ofSeconds(1)).build();
        Runnable slow = new Runnable() {
            @Override
            public void run() {
                fakeNanos.addAndGet(2_000_000_000L);
            }

            @Override
            public String toString() {
                return "the slow one";
            }
        };
        reactor.callWhenRunning(slow);
        reactor.callWhenRunning(reactor::stop);
        reactor.run();
        assertThat(log.entries).singleElement().satisfies(e -> {
            assertThat(e.level()).isEqualTo(System.Logger.Level.WARNING);
            assertThat(e.message()).contains("the slow one").contains("2000.0 ms").contains("1000.0 ms");
        });
    }

    /** A callback within the threshold is not reported. */
    @Test
    void callbackWithinThresholdIsNotReported() {
        AtomicLong fakeNanos = new AtomicLong();
        RecordingLogger log = new RecordingLogger();
        Reactor reactor = Reactor.builder().logger(log).nanoTime(fakeNanos::get)
                .slowCallThreshold(Duration.ofSeconds(1)).build();
        reactor.callWhenRunning(() -> fakeNanos.addAndGet(1_000_000_000L)); // exactly the threshold
        reactor.callWhenRunning(reactor::stop);
        reactor.run();
        assertThat(log.entries).isEmpty();
    }

    /** With the threshold turned off, nothing is reported however long a callback takes. */
    @Test
    void slowCallReportsCanBeTurnedOff() {
        AtomicLong fakeNanos = new AtomicLong();
        RecordingLogger log = new RecordingLogger();
        Reactor reactor = Reactor.builder().logger(log).nanoTime(fakeNanos::get).slowCallThreshold(null).build();
        reactor.callWhenRunning(() -> fakeNanos.addAndGet(3_600_000_000_000L));
        reactor.callWhenRunning(reactor::stop);
        reactor.run();
        assertThat(log.entries).isEmpty();
    }

    /** A logger that throws does not take the loop down. */
    @Test
    void brokenLoggerDoesNotStopTheLoop() {
        System.Logger broken = new System.Logger() {
            @Override
            public String getName() {
                return "broken";
            }

            @Override
            public boolean isLoggable(Level level) {
                return true;
            }

            @Override
            public void log(Level level, java.util.ResourceBundle bundle, String msg, Throwable thrown) {
                throw new IllegalStateException("logger is broken");
            }

            @Override
            public void log(Level level, java.util.ResourceBundle bundle, String format, Object... params) {
                throw new IllegalStateException("logger is broken");
            }
        };
        Reactor reactor = Reactor.builder().logger(broken).build();
        AtomicInteger after = new AtomicInteger();
        reactor.callWhenRunning(() -> {
            throw new IllegalArgumentException("callback error");
        });
        reactor.callWhenRunning(after::incrementAndGet);
        reactor.callWhenRunning(reactor::stop);
        reactor.run();
        assertThat(after.get()).isEqualTo(1);
    }

    // -- builder ---------------------------------------------------------------------------------

    /** The builder refuses settings that make no sense, naming them. */
    @Test
    void builderRefusesBadSettings() {
        assertThatThrownBy(() -> Reactor.builder().threadPoolSize(0)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("threadPoolSize");
        assertThatThrownBy(() -> Reactor.builder().slowCallThreshold(Duration.ofMillis(-1)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("slowCallThreshold");
        assertThatThrownBy(() -> Reactor.builder().shutdownTimeout(Duration.ofMillis(-1)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("shutdownTimeout");
        assertThatThrownBy(() -> Reactor.builder().name(" ")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Reactor.create().callFromThread(null)).isInstanceOf(NullPointerException.class);
    }

    /** The loop thread and the pool threads carry the reactor's name. */
    @Test
    void threadsCarryTheReactorsName() throws Exception {
        try (RunningReactor r = new RunningReactor(Reactor.builder().name("my-loop").build())) {
            assertThat(r.thread.getName()).isEqualTo("my-loop");
            String poolThread = RunningReactor.await(r.reactor.deferToThread(() -> Thread.currentThread().getName()));
            assertThat(poolThread).startsWith("my-loop-pool-");
        }
    }
}
