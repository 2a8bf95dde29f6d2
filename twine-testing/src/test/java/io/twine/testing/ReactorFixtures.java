package io.twine.testing;

import static io.twine.testing.DeferredAssertions.failureOf;
import static io.twine.testing.DeferredAssertions.resultOf;
import static org.assertj.core.api.Assertions.assertThat;

import io.twine.defer.Deferred;
import io.twine.reactor.Reactor;
import io.twine.task.DelayedCall;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Test classes using an injected {@link Reactor}, run by {@link TwineExtensionReactorTest}
 * through EngineTestKit. Several fail on purpose; {@link OnlyInTestKit} keeps them from running
 * on their own. State the outer test inspects is static and reset by it before each run.
 */
final class ReactorFixtures {
    static final Duration WAIT = Duration.ofSeconds(10);

    private ReactorFixtures() {
    }

    /** Blocks until released or interrupted; its toString() names it in reports. */
    static final class Blocker implements Runnable {
        final String name;
        final CountDownLatch started = new CountDownLatch(1);
        final CountDownLatch release = new CountDownLatch(1);
        final CountDownLatch ended = new CountDownLatch(1);
        volatile boolean interrupted;

        Blocker(String name) {
            this.name = name;
        }

        @Override
        public void run() {
            started.countDown();
            try {
                release.await();
            } catch (InterruptedException e) {
                interrupted = true;
            } finally {
                ended.countDown();
            }
        }

        /** Whether it was interrupted; waits (bounded) for it to end first, as that happens on its own thread. */
        boolean wasInterrupted() throws InterruptedException {
            return ended.await(WAIT.toSeconds(), java.util.concurrent.TimeUnit.SECONDS) && interrupted;
        }

        void awaitStart() throws InterruptedException {
            started.await();
        }

        @Override
        public String toString() {
            return name;
        }
    }

    @TwineTest
    @ExtendWith(OnlyInTestKit.class)
    static class UsesTheReactor {
        static final List<Reactor> SEEN = new CopyOnWriteArrayList<>();
        static final List<Boolean> LOOP_THREAD_SEEN = new CopyOnWriteArrayList<>();

        @BeforeEach
        void before(Reactor reactor) {
            SEEN.add(reactor);
        }

        @Test
        void runsTimersAndPoolWork(Reactor reactor) {
            SEEN.add(reactor);
            assertThat(reactor.isRunning()).isTrue();
            assertThat(reactor.isInLoopThread()).isFalse();

            Deferred<String> later = new Deferred<>();
            reactor.callLater(0, () -> {
                LOOP_THREAD_SEEN.add(reactor.isInLoopThread());
                later.callback("later");
            });
            assertThat(resultOf(later, WAIT)).isEqualTo("later");
            assertThat(resultOf(reactor.deferToThread(() -> 6 * 7), WAIT)).isEqualTo(42);
        }

        @Test
        void handlesAFailureFromThePool(Reactor reactor) {
            SEEN.add(reactor);
            failureOf(reactor.deferToThread(() -> {
                throw new IOException("from the pool");
            }), WAIT, IOException.class);
        }
    }

    @TwineTest
    @ExtendWith(OnlyInTestKit.class)
    static class LeavesADelayedCall {
        static volatile DelayedCall call;

        @Test
        void leaves(Reactor reactor) {
            call = reactor.callLater(60, () -> { });
        }
    }

    @TwineTest
    @ExtendWith(OnlyInTestKit.class)
    static class LeavesPoolWork {
        static volatile Blocker running;
        static volatile Blocker other;
        static volatile Deferred<Object> deferred;

        @Test
        void leaves(Reactor reactor) throws InterruptedException {
            running = new Blocker("the blocked callInThread");
            reactor.callInThread(running);
            running.awaitStart();
            Blocker b = new Blocker("the blocked deferToThread");
            other = b;
            deferred = reactor.deferToThread(() -> {
                b.run();
                return null;
            });
            b.awaitStart();
        }
    }

    @TwineTest
    @ExtendWith(OnlyInTestKit.class)
    static class AllowsLeftoversOnPurpose {
        static volatile DelayedCall call;
        static volatile Blocker work;
        static volatile Deferred<Object> deferred;

        @Test
        @AllowPendingCalls
        void leaves(Reactor reactor) throws InterruptedException {
            call = reactor.callLater(60, () -> { });
            Blocker b = new Blocker("allowed work");
            work = b;
            deferred = reactor.deferToThread(() -> {
                b.run();
                return null;
            });
            b.awaitStart();
        }
    }

    @TwineTest
    @ExtendWith(OnlyInTestKit.class)
    static class PoolWorkSignalsBeforeItReturns {
        @Test
        void waitsForTheSignalOnly(Reactor reactor) throws InterruptedException {
            for (int i = 0; i < 20; i++) {
                CountDownLatch done = new CountDownLatch(1);
                reactor.callInThread(done::countDown); // the task is still "running" just after this
                done.await();
            }
        }
    }

    @TwineTest
    @ExtendWith(OnlyInTestKit.class)
    static class BlocksTheLoop {
        static final CountDownLatch RELEASE = new CountDownLatch(1);
        static volatile Reactor reactor;

        @Test
        void blocks(Reactor r) throws InterruptedException {
            reactor = r;
            CountDownLatch blocking = new CountDownLatch(1);
            r.callFromThread(() -> {
                blocking.countDown();
                try {
                    RELEASE.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
            blocking.await();
        }
    }

    @TwineTest
    @ExtendWith(OnlyInTestKit.class)
    static class StopsTheReactorItself {
        @Test
        void stops(Reactor reactor) {
            reactor.stop();
        }
    }

    @TwineTest
    @ExtendWith(OnlyInTestKit.class)
    static class LosesAnErrorFromThePool {
        @Test
        void doesNotWait(Reactor reactor) {
            reactor.deferToThread(() -> {
                throw new IOException("nobody waited for this");
            });
        }
    }

    /** Runs {@code f} on the loop and waits until the loop has got past it. */
    static void onTheLoop(Reactor reactor, Runnable f) {
        reactor.callFromThread(f);
        Deferred<String> after = new Deferred<>();
        reactor.callFromThread(() -> after.callback("done")); // same thread: runs after f
        resultOf(after, WAIT);
    }

    @TwineTest
    @ExtendWith(OnlyInTestKit.class)
    static class ThrowsInCallbacks {
        @Test
        void onTheLoopThread(Reactor reactor) {
            onTheLoop(reactor, () -> {
                throw new IllegalStateException("checked on the loop, and wrong");
            });
        }

        @Test
        void onAPoolThread(Reactor reactor) {
            reactor.callInThread(() -> {
                throw new IllegalArgumentException("thrown on the pool");
            });
        }
    }

    @TwineTest
    @ExtendWith(OnlyInTestKit.class)
    static class AllowsACallbackError {
        @Test
        @AllowUnhandledErrors(IllegalStateException.class)
        void throwsAnAllowedType(Reactor reactor) {
            onTheLoop(reactor, () -> {
                throw new IllegalStateException("allowed");
            });
        }
    }

    @TwineTest
    @ExtendWith(OnlyInTestKit.class)
    static class SchedulesInBeforeAll {
        static volatile Reactor classReactor;
        static volatile Reactor testReactor;

        @org.junit.jupiter.api.BeforeAll
        static void setUp(Reactor reactor) {
            classReactor = reactor;
            reactor.callLater(60, () -> { });
        }

        @Test
        void getsItsOwnReactor(Reactor reactor) {
            testReactor = reactor;
            assertThat(classReactor.isRunning()).isTrue();
        }
    }
}
