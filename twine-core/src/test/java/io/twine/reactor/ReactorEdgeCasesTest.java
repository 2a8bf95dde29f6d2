package io.twine.reactor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.twine.defer.CancelledError;
import io.twine.defer.Deferred;
import io.twine.defer.Failure;
import io.twine.task.DelayedCall;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** Reactor, pool and Threads behaviours at the edges: VM errors, odd thresholds, descriptions. */
class ReactorEdgeCasesTest {

    private static void awaitLatch(CountDownLatch l) throws InterruptedException {
        assertThat(l.await(10, TimeUnit.SECONDS)).as("latch within 10 s").isTrue();
    }

    @Test
    void toStringNamesTheStateAndPendingTimedCalls() throws Exception {
        Reactor reactor = Reactor.builder().name("edge").build();
        reactor.callLater(5, () -> { });
        assertThat(reactor).hasToString("Reactor[edge, not started, 1 timed call(s) pending]");
        try (RunningReactor r = new RunningReactor(reactor)) {
            AtomicReference<String> running = new AtomicReference<>();
            r.onLoop(() -> running.set(reactor.toString()));
            assertThat(running.get()).isEqualTo("Reactor[edge, running, 1 timed call(s) pending]");
        }
        assertThat(reactor.toString()).startsWith("Reactor[edge, stopped, ");
    }

    @Test
    void aTimedCallDescribesItsTimeStateAndFunction() {
        Reactor reactor = Reactor.builder().build();
        Runnable f = new Runnable() {
            @Override
            public void run() {
            }

            @Override
            public String toString() {
                return "job";
            }
        };
        DelayedCall call = reactor.callLater(3, f);
        assertThat(call.toString()).startsWith("DelayedCall[time=").endsWith(", pending, job]");
        call.cancel();
        assertThat(call.toString()).endsWith(", cancelled, job]");
    }

    /** Once running, callWhenRunning from another thread runs the function on the loop thread. */
    @Test
    void callWhenRunningFromAnotherThreadRunsOnTheLoop() throws Exception {
        try (RunningReactor r = new RunningReactor()) {
            CountDownLatch ran = new CountDownLatch(1);
            AtomicBoolean onLoop = new AtomicBoolean();
            r.reactor.callWhenRunning(() -> {
                onLoop.set(r.reactor.isInLoopThread());
                ran.countDown();
            });
            awaitLatch(ran);
            assertThat(onLoop.get()).isTrue();
        }
    }

    /** A VirtualMachineError from a callback ends run() with it, and pool work is given up, not left behind. */
    @Test
    void aVirtualMachineErrorEndsTheLoopAndAbandonsPoolWork() throws Exception {
        Reactor reactor = Reactor.builder().threadPoolSize(1).logger(new RecordingLogger()).build();
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
        InternalError fatal = new InternalError("simulated VM failure");
        reactor.callWhenRunning(() -> {
            throw fatal;
        });
        assertThatThrownBy(reactor::run).isSameAs(fatal);
        assertThat(reactor.isRunning()).isFalse();
        assertThat(outcome.get()).isInstanceOfSatisfying(Failure.class,
                f -> assertThat(f.value()).isInstanceOf(CancelledError.class));
    }

    /** A slow-call threshold too long for a long of nanoseconds means no callback is ever slow. */
    @Test
    void aSlowCallThresholdBeyondNanosecondRangeNeverReports() {
        RecordingLogger log = new RecordingLogger();
        AtomicLong nanos = new AtomicLong();
        Reactor reactor = Reactor.builder().slowCallThreshold(Duration.ofSeconds(Long.MAX_VALUE)).logger(log)
                .nanoTime(() -> nanos.getAndAdd(Long.MAX_VALUE / 4)).build();
        reactor.callWhenRunning(() -> { });
        reactor.callWhenRunning(reactor::stop);
        reactor.run();
        assertThat(log.entries).noneMatch(e -> e.message().contains("blocked the loop"));
    }

    /** At shutdown, callInThread work that never started is dropped and counted done. */
    @Test
    void zeroShutdownTimeoutDropsQueuedCallInThreadWork() throws Exception {
        RecordingLogger log = new RecordingLogger();
        Reactor reactor = Reactor.builder().threadPoolSize(1).shutdownTimeout(Duration.ZERO).logger(log).build();
        CountDownLatch started = new CountDownLatch(1);
        CountDownLatch interrupted = new CountDownLatch(1);
        AtomicBoolean queuedRan = new AtomicBoolean();
        reactor.callInThread(() -> {
            started.countDown();
            try {
                new CountDownLatch(1).await();
            } catch (InterruptedException e) {
                interrupted.countDown();
            }
        });
        reactor.callInThread(() -> queuedRan.set(true));
        awaitLatch(started);
        reactor.callWhenRunning(reactor::stop);
        reactor.run();
        awaitLatch(interrupted);
        assertThat(queuedRan.get()).isFalse();
        assertThat(reactor.getPendingThreadWork()).isEmpty();
        assertThat(log.entries).anySatisfy(e -> assertThat(e.message()).contains("giving up on 2"));
    }

    /** Pending thread work is described even when the function's toString throws. */
    @Test
    void pendingWorkWithABrokenToStringIsDescribedByClass() throws Exception {
        Reactor reactor = Reactor.builder().threadPoolSize(1).shutdownTimeout(Duration.ZERO)
                .logger(new RecordingLogger()).build();
        CountDownLatch started = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        Runnable broken = new Runnable() {
            @Override
            public void run() {
                started.countDown();
                try {
                    release.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }

            @Override
            public String toString() {
                throw new IllegalStateException("no name");
            }
        };
        reactor.callInThread(broken);
        awaitLatch(started);
        List<String> work = new ArrayList<>(reactor.getPendingThreadWork());
        release.countDown();
        assertThat(work).containsExactly("callInThread(" + broken.getClass().getName()
                + " (whose toString() threw java.lang.IllegalStateException)): running");
        reactor.callWhenRunning(reactor::stop);
        reactor.run();
    }

    @Test
    void blockingCallFromThreadRethrowsAnError() throws Exception {
        try (RunningReactor r = new RunningReactor()) {
            AssertionError error = new AssertionError("from the loop");
            assertThatThrownBy(() -> Threads.blockingCallFromThread(r.reactor, () -> Deferred.fail(error)))
                    .isSameAs(error);
        }
    }

    @Test
    void blockingCallFromThreadWrapsAThrowableThatIsNeitherExceptionNorError() throws Exception {
        try (RunningReactor r = new RunningReactor()) {
            Throwable odd = new Throwable("neither");
            assertThatThrownBy(() -> Threads.blockingCallFromThread(r.reactor, () -> Deferred.fail(odd)))
                    .isExactlyInstanceOf(Exception.class).hasCause(odd);
        }
    }
}
