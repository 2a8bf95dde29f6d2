package io.twine.reactor;

import io.twine.defer.AlreadyCalledError;
import io.twine.defer.Deferred;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The reactor's bounded pool of worker threads (Twisted's reactor thread pool), created on first
 * use.
 *
 * <p>Every task is tracked from submission until it is <em>finished</em>: run to the end, or
 * taken off the queue before it started. {@link #outstanding()} counts the unfinished ones, which
 * is what a stopping reactor waits for. Each task is finished exactly once, by whichever of the
 * worker (it ran, or found itself cancelled) and the canceller (it removed the task from the
 * queue) gets there.
 */
final class WorkerPool {
    private final Reactor reactor;
    private final int maxThreads;
    private final AtomicInteger threadNumber = new AtomicInteger();
    private final AtomicLong taskNumber = new AtomicLong();
    private final Set<Task<?>> live = ConcurrentHashMap.newKeySet();
    private final AtomicInteger outstanding = new AtomicInteger();
    /** Guarded by {@code this}. */
    private ThreadPoolExecutor executor;
    /** Guarded by {@code this}; once set, no more work is accepted. */
    private boolean closed;

    WorkerPool(Reactor reactor, int maxThreads) {
        this.reactor = reactor;
        this.maxThreads = maxThreads;
    }

    /** Submits a task, or throws {@link ReactorNotRunning} once the reactor is shutting down. */
    void submit(Task<?> task) {
        synchronized (this) {
            if (closed) {
                throw new ReactorNotRunning("the reactor is stopping or has stopped; it accepts no more thread work");
            }
            if (executor == null) {
                executor = newExecutor();
            }
            live.add(task);
            outstanding.incrementAndGet();
            executor.execute(task);
        }
    }

    private ThreadPoolExecutor newExecutor() {
        ThreadFactory factory = r -> {
            Thread t = new Thread(r, reactor.name() + "-pool-" + threadNumber.incrementAndGet());
            // Daemon: a worker stuck in user code must not keep the JVM alive after the reactor stopped.
            t.setDaemon(true);
            return t;
        };
        ThreadPoolExecutor e = new ThreadPoolExecutor(maxThreads, maxThreads, 30, TimeUnit.SECONDS,
                new LinkedBlockingQueue<>(), factory);
        e.allowCoreThreadTimeOut(true); // idle workers go away; the pool costs nothing when unused
        return e;
    }

    /** Unfinished tasks (queued or running). */
    int outstanding() {
        return outstanding.get();
    }

    /** Descriptions of the unfinished tasks, oldest first. */
    List<String> describeUnfinished() {
        return live.stream().sorted(Comparator.comparingLong(t -> t.seq)).map(Task::describe).toList();
    }

    /** Stops accepting work; queued and running work goes on. */
    synchronized void close() {
        closed = true;
        if (executor != null) {
            executor.shutdown();
        }
    }

    /**
     * Gives up on all unfinished work: queued tasks never start, running ones are interrupted, and
     * every task's outcome is dropped; a task with a Deferred fails it with CancelledError. Runs
     * on the loop thread, so those errbacks run there.
     */
    void cancelAll() {
        synchronized (this) {
            closed = true;
        }
        // Abandon before interrupting: a worker woken by the interrupt must find its task cancelled,
        // so that its InterruptedException is dropped rather than delivered as the outcome.
        for (Task<?> t : live.toArray(new Task<?>[0])) {
            t.abandon();
        }
        List<Runnable> neverStarted;
        synchronized (this) {
            neverStarted = executor == null ? List.of() : executor.shutdownNow();
        }
        for (Runnable r : neverStarted) {
            ((Task<?>) r).finish();
        }
    }

    private boolean removeQueued(Task<?> task) {
        ThreadPoolExecutor e;
        synchronized (this) {
            e = executor;
        }
        return e != null && e.remove(task);
    }

    /** One unit of pool work; {@code deferred} is null for {@code callInThread}. */
    final class Task<T> implements Runnable {
        private static final int QUEUED = 0;
        private static final int RUNNING = 1;
        private static final int DONE = 2;
        private static final int CANCELLED = 3;
        private static final int DELIVERED = 4;

        private final Callable<? extends T> work;
        /** The user's function, for descriptions (for callInThread, not the Callable wrapping it). */
        private final Object function;
        private final long seq = taskNumber.incrementAndGet();
        private final AtomicInteger state = new AtomicInteger(QUEUED);
        private final AtomicInteger finished = new AtomicInteger();
        final Deferred<T> deferred;

        Task(Callable<? extends T> work, Object function, boolean withDeferred) {
            this.work = work;
            this.function = function;
            this.deferred = withDeferred ? new Deferred<>(d -> cancel()) : null;
        }

        @Override
        public void run() {
            try {
                if (!state.compareAndSet(QUEUED, RUNNING)) {
                    return; // cancelled while queued, and the canceller lost the race to remove us
                }
                T value = null;
                Throwable error = null;
                try {
                    value = work.call();
                } catch (Throwable t) {
                    error = t;
                }
                if (state.compareAndSet(RUNNING, DONE)) {
                    deliver(value, error);
                }
            } finally {
                finish();
            }
        }

        private void deliver(T value, Throwable error) {
            if (deferred == null) {
                if (error != null) {
                    reactor.reportError("callInThread task " + work + " threw", error);
                }
                return;
            }
            Runnable delivery = () -> {
                if (!state.compareAndSet(DONE, DELIVERED)) {
                    return; // cancelled while the outcome was on its way: the Deferred has failed already
                }
                try {
                    if (error == null) {
                        deferred.callback(value);
                    } else {
                        deferred.errback(error);
                    }
                } catch (AlreadyCalledError cancelledMeanwhile) {
                    // Only a cancel() on another thread, between the CAS and here, can have fired it.
                }
            };
            try {
                reactor.callFromThread(delivery);
            } catch (ReactorNotRunning stopped) {
                // Only after cancelAll gave up on us: the Deferred has already failed with CancelledError.
                reactor.reportError("result of abandoned thread task " + work + " dropped: the reactor has stopped", error);
            }
        }

        /** The Deferred's canceller (any thread): keeps a queued task from starting, drops a running one's result. */
        private void cancel() {
            if (state.compareAndSet(QUEUED, CANCELLED)) {
                if (removeQueued(this)) {
                    finish();
                }
            } else if (!state.compareAndSet(RUNNING, CANCELLED)) {
                state.compareAndSet(DONE, CANCELLED); // outcome on its way to the loop: drop it there
            }
        }

        /** From cancelAll: fails the Deferred (CancelledError via the canceller) or just drops the outcome. */
        void abandon() {
            if (deferred != null) {
                deferred.cancel();
            } else if (!state.compareAndSet(QUEUED, CANCELLED)) {
                state.compareAndSet(RUNNING, CANCELLED);
            }
        }

        void finish() {
            if (finished.compareAndSet(0, 1)) {
                live.remove(this);
                if (outstanding.decrementAndGet() == 0) {
                    reactor.poolDrained();
                }
            }
        }

        /** For {@link Reactor#getPendingThreadWork()}: how it was submitted, what, and how far it got. */
        String describe() {
            String what;
            try {
                what = String.valueOf(function);
            } catch (RuntimeException e) {
                what = function.getClass().getName() + " (whose toString() threw " + e.getClass().getName() + ")";
            }
            String where = switch (state.get()) {
                case QUEUED -> "queued";
                case RUNNING -> "running";
                case CANCELLED -> "cancelled, not yet returned";
                default -> "returning";
            };
            return (deferred != null ? "deferToThread(" : "callInThread(") + what + "): " + where;
        }

        @Override
        public String toString() {
            return "pool task " + work;
        }
    }
}
