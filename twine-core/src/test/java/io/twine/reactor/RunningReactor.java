package io.twine.reactor;

import io.twine.defer.Deferred;
import io.twine.defer.Failure;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

/** A reactor running on its own thread for the length of a test; close() stops it and joins. */
final class RunningReactor implements AutoCloseable {
    final Reactor reactor;
    final Thread thread;

    /** Starts the reactor on its own thread and waits until it runs. */
    RunningReactor(Reactor reactor) {
        this.reactor = reactor;
        CountDownLatch running = new CountDownLatch(1);
        reactor.callWhenRunning(running::countDown);
        this.thread = reactor.startThread();
        try {
            if (!running.await(10, TimeUnit.SECONDS)) {
                throw new AssertionError("reactor did not start within 10 s");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted while starting the reactor", e);
        }
    }

    RunningReactor() {
        this(Reactor.builder().build());
    }

    /** Waits (bounded) for a Deferred and returns its result, or throws its Failure. */
    static <T> T await(Deferred<T> d) throws InterruptedException {
        CountDownLatch done = new CountDownLatch(1);
        AtomicReference<Object> out = new AtomicReference<>();
        d.addBoth(r -> {
            out.set(r);
            done.countDown();
            return null;
        });
        if (!done.await(10, TimeUnit.SECONDS)) {
            throw new AssertionError("Deferred did not fire within 10 s: " + d);
        }
        if (out.get() instanceof Failure f) {
            throw f;
        }
        @SuppressWarnings("unchecked")
        T value = (T) out.get();
        return value;
    }

    /** Runs f on the loop and waits for it. */
    void onLoop(Runnable f) throws InterruptedException {
        CountDownLatch done = new CountDownLatch(1);
        reactor.callFromThread(() -> {
            try {
                f.run();
            } finally {
                done.countDown();
            }
        });
        if (!done.await(10, TimeUnit.SECONDS)) {
            throw new AssertionError("loop did not run the function within 10 s");
        }
    }

    void join() throws InterruptedException {
        thread.join(TimeUnit.SECONDS.toMillis(10));
        if (thread.isAlive()) {
            throw new AssertionError("reactor did not stop within 10 s: " + reactor);
        }
    }

    @Override
    public void close() throws InterruptedException {
        reactor.tryStop();
        join();
    }
}
