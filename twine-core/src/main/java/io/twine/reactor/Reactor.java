package io.twine.reactor;


import io.twine.defer.Deferred;
import io.twine.internal.TimerQueue;
import io.twine.task.Clock;
import io.twine.task.DelayedCall;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.locks.LockSupport;
import java.util.function.LongSupplier;

/**
 * A single-threaded event loop: Twisted's reactor, with its time ({@code IReactorTime}), thread
 * ({@code IReactorThreads}) and run/stop ({@code IReactorCore}) essentials.
 *
 * <p>{@link #run()} turns the calling thread into the <em>loop thread</em> and returns only after
 * {@link #stop()}. Every callback handed to the reactor (timed calls from {@link #callLater},
 * {@link #callFromThread} and {@link #callWhenRunning} functions, the results of
 * {@link #deferToThread}) runs on that one thread, one at a time, so code that runs on the loop
 * needs no locks. Since Deferreds run their callbacks on the thread that fires them, a Deferred
 * fired by the reactor runs its whole chain on the loop thread.
 *
 * <pre>{@code
 * Reactor reactor = Reactor.create();
 * reactor.callLater(1.5, () -> System.out.println("1.5 seconds later, on the loop thread"));
 * reactor.callLater(2, reactor::stop);
 * reactor.run(); // returns after stop()
 * }</pre>
 *
 * <h2>Each pass of the loop</h2>
 * <ol>
 * <li>Runs the functions queued by {@link #callFromThread}, oldest first (at most a batch of
 *     them, so a function that keeps queueing more cannot starve timers).</li>
 * <li>Runs the timed calls that are due, in time order (ties in scheduling order). Calls
 *     scheduled during this step wait for the next pass, as in Twisted.</li>
 * <li>Sleeps until the next timed call is due, a {@code callFromThread} arrives, or
 *     {@link #stop()} is called, whichever comes first.</li>
 * </ol>
 *
 * <h2>Errors and slow callbacks</h2>
 * A callback that throws does not stop the loop: the exception is logged through
 * {@link System.Logger} (logger {@code io.twine.reactor}, level {@code ERROR}, or the logger
 * given to the {@link Builder}) and the loop goes on. A callback that kept the loop busy for
 * longer than the {@linkplain Builder#slowCallThreshold slow-call threshold} (100 ms by
 * default) is reported at level {@code WARNING} once it returns, naming the callback and the
 * time it took; nothing interrupts it.
 *
 * <h2>Time</h2>
 * {@link #seconds()} counts from the reactor's creation on the monotonic {@link System#nanoTime()}
 * clock, so timers do not jump when the wall clock is set. (Twisted's reactor uses wall time.)
 * Any thread may schedule, cancel, delay or reset a timed call.
 *
 * <h2>Threads</h2>
 * {@link #callFromThread} is the one way to get work onto the loop from other threads; it is
 * safe from any thread, wakes the loop at once, and keeps the calls of each calling thread in
 * order. {@link #callInThread} and {@link #deferToThread} run blocking work on a pool of at most
 * {@linkplain Builder#threadPoolSize n} daemon threads (10 by default, as in Twisted), created on
 * first use; {@link Threads#blockingCallFromThread} lets a non-loop thread wait for a result
 * computed on the loop.
 *
 * <h2>Stopping</h2>
 * {@link #stop()} asks the loop to end. The loop then stops accepting pool work and keeps running
 * until the pool work already submitted has finished and its results have been delivered, or,
 * with a {@linkplain Builder#shutdownTimeout shutdown timeout}, until that timeout runs out:
 * then queued work is dropped, running workers are interrupted, and the Deferreds of that work
 * fail with {@link io.twine.defer.CancelledError}. Timed calls still pending then never run
 * ({@link #getDelayedCalls()} lists them). A function queued by {@code callFromThread} before the
 * reactor had stopped still runs, exactly once; afterwards {@code callFromThread} refuses with
 * {@link ReactorNotRunning}. A reactor runs once: {@code run()} after it stopped throws
 * {@link ReactorNotRestartable}.
 */
public final class Reactor implements Clock, Executor {

    /*
     * Implementation notes.
     *
     * Waking the loop. The loop publishes `sleeping = true` (volatile) and only then looks at the
     * call queue, the timer heap and the state to decide whether and how long to park. A producer
     * first publishes its work (queue offer, heap insert under the heap lock, or state write) and
     * only then reads `sleeping`, unparking the loop thread if it is set. Both sides write, then
     * read the other's variable, all through volatiles/locks (sequentially consistent), so at
     * least one of them sees the other's write: either the loop sees the work and does not park,
     * or the producer sees `sleeping` and unparks (an unpark before the park makes it return at
     * once). Producers that find the loop awake skip the unpark, which is what makes a burst of
     * callFromThread cheap.
     *
     * Calls queued after the stop. `state = STOPPED` is written before the loop's final drain of
     * the queue, and callFromThread re-reads the state after its offer. Same write-then-read
     * argument: a call is either seen by the final drain (it runs) or its producer sees STOPPED and
     * takes it back out (it throws); ConcurrentLinkedQueue's poll and remove cannot both get it.
     */

    private static final int NEW = 0;
    private static final int RUNNING = 1;
    private static final int STOPPING = 2;
    private static final int STOPPED = 3;
    /** Upper bound on callFromThread functions run per pass, so timers get their turn. */
    private static final int THREAD_CALL_BATCH = 1024;

    private final String name;
    private final LongSupplier nanoTime;
    private final long origin;
    /** Negative when slow-call reports are off. */
    private final long slowCallNanos;
    /** {@code null}: wait for pool work as long as it takes. */
    private final Duration shutdownTimeout;
    private final System.Logger log;
    private final TimerQueue timers = new TimerQueue(this::seconds, this::timerMovedEarlier);
    private final WorkerPool pool;
    private final ConcurrentLinkedQueue<Runnable> threadCalls = new ConcurrentLinkedQueue<>();
    /** callWhenRunning functions registered before run(); guarded by {@code startLock}. */
    private final List<Runnable> startupCalls = new ArrayList<>();
    private final Object startLock = new Object();

    private volatile int state = NEW;
    private volatile Thread loopThread;
    private volatile boolean sleeping;
    /** Loop thread only: the stop has been noticed and the pool told to wind down. */
    private boolean shutdownBegun;
    /** Set on the loop thread when the shutdown timeout gave up on the pool's work. */
    private volatile boolean poolAbandoned;

    private Reactor(Builder b) {
        this.name = b.name;
        this.nanoTime = b.nanoTime;
        this.origin = b.nanoTime.getAsLong();
        this.slowCallNanos = b.slowCallThreshold == null ? -1 : saturatedNanos(b.slowCallThreshold);
        this.shutdownTimeout = b.shutdownTimeout;
        this.log = b.logger;
        this.pool = new WorkerPool(this, b.threadPoolSize);
    }

    /**
     * A reactor with the default settings (see {@link Builder}).
     *
     * @return a new reactor, not yet running
     */
    public static Reactor create() {
        return builder().build();
    }

    /**
     * A builder for a reactor with settings of one's own.
     *
     * @return a builder holding the defaults
     */
    public static Builder builder() {
        return new Builder();
    }

    // ------------------------------------------------------------------------------------------
    // Running and stopping

    /**
     * Runs the loop on the calling thread until {@link #stop()} (Twisted's {@code reactor.run()}).
     * Runs first the functions given to {@link #callWhenRunning} so far, in order, then the loop.
     * Returns once the reactor has stopped and the shutdown (see the class comment) is complete.
     *
     * @throws ReactorAlreadyRunning if the reactor is running
     * @throws ReactorNotRestartable if it has run before
     */
    public void run() {
        List<Runnable> startup;
        synchronized (startLock) {
            int s = state;
            if (s == RUNNING || s == STOPPING) {
                throw new ReactorAlreadyRunning("the reactor is already running, on thread " + loopThread.getName());
            }
            if (s == STOPPED) {
                throw new ReactorNotRestartable("this reactor has already run and stopped; create a new one");
            }
            loopThread = Thread.currentThread();
            state = RUNNING;
            startup = List.copyOf(startupCalls);
            startupCalls.clear();
        }
        try {
            for (Runnable f : startup) {
                runGuarded(f);
            }
            loop();
        } finally {
            finishShutdown();
        }
    }

    /**
     * Runs the loop on a new (non-daemon) thread named after the reactor, and returns at once.
     * A convenience for programs whose main thread has other things to do; {@link #run()} is the
     * Twisted way.
     *
     * @return the loop thread, already started
     */
    public Thread startThread() {
        Thread t = new Thread(this::run, name);
        t.start();
        return t;
    }

    /**
     * Asks the loop to stop (Twisted's {@code reactor.stop()}). Safe from any thread; returns at
     * once. The loop finishes its current pass and then shuts down as the class comment describes;
     * {@link #run()} returns when that is done.
     *
     * @throws ReactorNotRunning if the reactor is not running (never started, or already stopping
     *         or stopped), as in Twisted
     */
    public void stop() {
        if (!tryStop()) {
            throw new ReactorNotRunning("cannot stop a reactor that is not running (state: " + stateName() + ")");
        }
    }

    /** Stops if running; tells whether this call did it. */
    boolean tryStop() {
        synchronized (startLock) {
            if (state != RUNNING) {
                return false;
            }
            state = STOPPING;
        }
        pool.close(); // refuse new pool work from now on; what was submitted goes on
        wakeUp();
        return true;
    }

    /**
     * Whether the loop is running and not stopping (Twisted's {@code reactor.running}).
     *
     * @return {@code true} between {@link #run()} and {@link #stop()}
     */
    public boolean isRunning() {
        return state == RUNNING;
    }

    /**
     * Whether the calling thread is this reactor's loop thread.
     *
     * @return {@code true} inside callbacks run by this reactor
     */
    public boolean isInLoopThread() {
        return Thread.currentThread() == loopThread;
    }

    /**
     * The reactor's name, used for its threads.
     *
     * @return the name given to the builder
     */
    public String name() {
        return name;
    }

    // ------------------------------------------------------------------------------------------
    // Clock

    /**
     * Seconds since this reactor was created, on a monotonic clock.
     *
     * @return the reactor's current time
     */
    @Override
    public double seconds() {
        return (nanoTime.getAsLong() - origin) / 1e9;
    }

    /**
     * Runs {@code f} on the loop thread once, {@code delaySeconds} from now (Twisted's
     * {@code reactor.callLater}). Safe from any thread; a call made from another thread that is
     * due before everything else wakes the loop. Calls due at the same time run in the order they
     * were scheduled. A call scheduled on a reactor that never runs, or has stopped, never runs.
     * If {@code f} throws, the exception is logged and the loop goes on.
     *
     * @param delaySeconds how long to wait, {@code >= 0}
     * @param f what to run
     * @return a handle that can cancel, delay or reset the call, from any thread
     * @throws IllegalArgumentException if the delay is negative, infinite or not a number
     */
    @Override
    public DelayedCall callLater(double delaySeconds, Runnable f) {
        return timers.schedule(delaySeconds, f);
    }

    /**
     * The timed calls that have not run and were not cancelled (Twisted's
     * {@code getDelayedCalls}).
     *
     * @return a snapshot, earliest first
     */
    public List<DelayedCall> getDelayedCalls() {
        return timers.pending();
    }

    // ------------------------------------------------------------------------------------------
    // Getting work onto the loop

    /**
     * Runs {@code f} on the loop thread as soon as possible (Twisted's
     * {@code reactor.callFromThread}). Safe from any thread, the loop thread included (then
     * {@code f} runs in a later pass, never re-entrantly). Wakes a sleeping loop at once.
     * Functions queued by one thread run in the order that thread queued them. Before
     * {@link #run()} they are kept and run once the loop starts; once accepted, a function runs
     * exactly once, even if the reactor stops meanwhile. If {@code f} throws, the exception is
     * logged and the loop goes on.
     *
     * @param f what to run
     * @throws ReactorNotRunning if the reactor has stopped (the function would never run)
     */
    public void callFromThread(Runnable f) {
        Objects.requireNonNull(f, "callFromThread needs a function to call, got null");
        if (state == STOPPED) {
            throw notAccepting();
        }
        threadCalls.offer(f);
        if (state == STOPPED && threadCalls.remove(f)) {
            throw notAccepting();
        }
        wakeUp();
    }

    /**
     * {@link Executor} view of {@link #callFromThread}: lets {@code CompletableFuture}'s
     * {@code *Async(fn, reactor)} methods and {@link Deferred#fromFuture(java.util.concurrent.CompletionStage,
     * Executor)} deliver on the loop thread.
     *
     * @param command what to run on the loop thread
     * @throws RejectedExecutionException if the reactor has stopped
     */
    @Override
    public void execute(Runnable command) {
        try {
            callFromThread(command);
        } catch (ReactorNotRunning e) {
            throw new RejectedExecutionException(e.getMessage(), e);
        }
    }

    /**
     * Runs {@code f} on the loop thread once the reactor is running (Twisted's
     * {@code reactor.callWhenRunning}). Before {@link #run()}, {@code f} is kept and runs at
     * startup, before anything else, in registration order. While running, on the loop thread,
     * {@code f} runs now, before this method returns (an exception then propagates to the
     * caller); from another thread it is handed to {@link #callFromThread}.
     *
     * @param f what to run
     * @throws ReactorNotRunning if the reactor has stopped
     */
    public void callWhenRunning(Runnable f) {
        Objects.requireNonNull(f, "callWhenRunning needs a function to call, got null");
        synchronized (startLock) {
            if (state == NEW) {
                startupCalls.add(f);
                return;
            }
        }
        if (isInLoopThread() && state != STOPPED) {
            f.run();
        } else {
            callFromThread(f);
        }
    }

    // ------------------------------------------------------------------------------------------
    // Threads

    /**
     * Runs blocking work on the reactor's thread pool and delivers its outcome as a Deferred
     * fired on the loop thread (Twisted's {@code threads.deferToThread}). The callbacks of the
     * returned Deferred therefore run on the loop thread (apart from a {@code cancel()}, whose
     * CancelledError fires on the cancelling thread, and, as for every Deferred, a callback added
     * by another thread after the Deferred fired, which runs on the adding thread). The pool has at most
     * {@linkplain Builder#threadPoolSize n} threads; further work waits in a queue. Work submitted
     * before {@link #run()} starts at once; its result waits for the loop.
     *
     * <p>Cancelling the Deferred keeps queued work from starting; work already running is not
     * interrupted, and its outcome is dropped.
     *
     * @param work the blocking work; its exception, checked or not, becomes the Failure
     * @param <T> the result type
     * @return a Deferred for the outcome; already failed with {@link ReactorNotRunning} if the
     *         reactor is stopping or has stopped
     */
    public <T> Deferred<T> deferToThread(Callable<? extends T> work) {
        Objects.requireNonNull(work, "deferToThread needs a function to call, got null");
        WorkerPool.Task<T> task = pool.new Task<>(work, work, true);
        try {
            pool.submit(task);
        } catch (ReactorNotRunning e) {
            return Deferred.fail(e);
        }
        return task.deferred;
    }

    /**
     * Runs {@code f} on the reactor's thread pool, fire and forget (Twisted's
     * {@code reactor.callInThread}). If {@code f} throws, the exception is logged.
     *
     * @param f the blocking work
     * @throws ReactorNotRunning if the reactor is stopping or has stopped
     */
    public void callInThread(Runnable f) {
        Objects.requireNonNull(f, "callInThread needs a function to call, got null");
        pool.submit(pool.new Task<>(Executors.callable(f), f, false));
    }

    /**
     * The thread-pool work that has not finished: each {@link #deferToThread} or
     * {@link #callInThread} function still queued, or still running on a pool thread (including
     * one whose Deferred was cancelled but which has not returned yet). Work counts as finished
     * once its function has returned; the outcome of a {@code deferToThread} may then still be on
     * its way to the loop thread. For test harnesses and diagnostics: {@code twine-testing}
     * fails a test that leaves pool work behind with this list. Safe from any thread.
     *
     * @return a snapshot, oldest first, one line per unfinished function, such as
     *         {@code "deferToThread(MyQuery@1b6d3586): running"} (the function's
     *         {@code toString()} and {@code queued}, {@code running} or
     *         {@code cancelled, not yet returned}); empty when the pool is idle
     */
    public List<String> getPendingThreadWork() {
        return pool.describeUnfinished();
    }

    // ------------------------------------------------------------------------------------------
    // The loop

    private void loop() {
        for (;;) {
            runThreadCalls();
            runDueTimers();
            if (state == STOPPING) {
                if (!shutdownBegun) {
                    shutdownBegun = true;
                    beginShutdown();
                }
                if (poolDone()) {
                    return;
                }
            }
            sleep();
        }
    }

    private void runThreadCalls() {
        for (int n = 0; n < THREAD_CALL_BATCH; n++) {
            Runnable f = threadCalls.poll();
            if (f == null) {
                return;
            }
            runGuarded(f);
        }
    }

    private void runDueTimers() {
        double now = seconds();
        long limit = timers.nextSeq();
        TimerQueue.Call c;
        while ((c = timers.pollDue(now, limit)) != null) {
            runGuarded(c.function());
        }
    }

    private void sleep() {
        sleeping = true; // publish before looking; see the implementation notes
        try {
            if (!threadCalls.isEmpty() || (state == STOPPING && (!shutdownBegun || poolDone()))) {
                return;
            }
            double wait = timers.secondsUntilNext(seconds());
            if (wait == 0) {
                return;
            }
            if (wait < 0) {
                LockSupport.park(this);
            } else {
                LockSupport.parkNanos(this, Math.max(1, (long) Math.ceil(wait * 1e9)));
            }
        } finally {
            sleeping = false;
            // An interrupt would make every later park return at once; the loop ends only by stop().
            Thread.interrupted();
        }
    }

    private void wakeUp() {
        if (sleeping) {
            Thread t = loopThread;
            if (t != null) {
                LockSupport.unpark(t);
            }
        }
    }

    /** Called by the timer queue when a call became the earliest: the sleeping loop may need to wake sooner. */
    void timerMovedEarlier() {
        if (!isInLoopThread()) {
            wakeUp();
        }
    }

    /** Called by the pool when its last outstanding task finished. */
    void poolDrained() {
        if (state == STOPPING) {
            wakeUp();
        }
    }

    private boolean poolDone() {
        return poolAbandoned || pool.outstanding() == 0;
    }

    private void beginShutdown() {
        pool.close();
        if (shutdownTimeout == null || pool.outstanding() == 0) {
            return;
        }
        if (shutdownTimeout.isZero()) {
            abandonPool();
        } else {
            callLater(Clock.toSeconds(shutdownTimeout), this::abandonPool);
        }
    }

    private void abandonPool() {
        if (pool.outstanding() > 0) {
            log(System.Logger.Level.WARNING, "Reactor " + name + " stopping: giving up on " + pool.outstanding()
                    + " unfinished thread-pool task(s) after the shutdown timeout of " + shutdownTimeout, null);
        }
        poolAbandoned = true;
        pool.cancelAll();
    }

    private void finishShutdown() {
        state = STOPPED; // before the final drain; see the implementation notes
        if (!poolDone()) {
            // The loop ended abnormally (an Error escaped a callback): don't leave workers behind.
            poolAbandoned = true;
            pool.cancelAll();
        }
        pool.close();
        Runnable f;
        while ((f = threadCalls.poll()) != null) {
            runGuarded(f);
        }
    }

    /** Runs one callback: errors are logged, never propagated; slow ones are reported. */
    private void runGuarded(Runnable f) {
        long start = slowCallNanos >= 0 ? nanoTime.getAsLong() : 0;
        try {
            f.run();
        } catch (VirtualMachineError fatal) {
            throw fatal; // out of memory and the like: the loop cannot be trusted to go on
        } catch (Throwable t) {
            reportError("Unhandled exception in reactor callback " + f, t);
        }
        if (slowCallNanos >= 0) {
            long took = nanoTime.getAsLong() - start;
            if (took > slowCallNanos) {
                log(System.Logger.Level.WARNING, String.format(Locale.ROOT,
                        "Reactor callback %s blocked the loop for %.1f ms (slow-call threshold %.1f ms)",
                        f, took / 1e6, slowCallNanos / 1e6), null);
            }
        }
    }

    void reportError(String what, Throwable error) {
        log(System.Logger.Level.ERROR, what, error);
    }

    private void log(System.Logger.Level level, String message, Throwable error) {
        try {
            if (error == null) {
                log.log(level, message);
            } else {
                log.log(level, message, error);
            }
        } catch (RuntimeException broken) {
            // A broken logger must not take the loop down with it.
            System.err.println("Twine reactor: logging failed (" + broken + "): " + message);
            if (error != null) {
                error.printStackTrace();
            }
        }
    }

    private ReactorNotRunning notAccepting() {
        return new ReactorNotRunning("reactor " + name + " has stopped; a function queued now would never run");
    }

    private String stateName() {
        return switch (state) {
            case NEW -> "not started";
            case RUNNING -> "running";
            case STOPPING -> "stopping";
            default -> "stopped";
        };
    }

    private static long saturatedNanos(Duration d) {
        try {
            return d.toNanos();
        } catch (ArithmeticException tooLong) {
            return Long.MAX_VALUE;
        }
    }

    @Override
    public String toString() {
        return "Reactor[" + name + ", " + stateName() + ", " + timers.pending().size() + " timed call(s) pending]";
    }

    /**
     * Settings for a {@link Reactor}. Not thread-safe; {@link #build()} may be called more than
     * once, each time giving an independent reactor.
     */
    public static final class Builder {
        private String name = "twine-reactor";
        private int threadPoolSize = 10;
        private Duration slowCallThreshold = Duration.ofMillis(100);
        private Duration shutdownTimeout;
        private System.Logger logger = System.getLogger("io.twine.reactor");
        private LongSupplier nanoTime = System::nanoTime;

        private Builder() {
        }

        /**
         * The reactor's name, given to its loop thread (by {@link #startThread()}) and pool threads.
         *
         * @param name not blank; default {@code twine-reactor}
         * @return this builder
         */
        public Builder name(String name) {
            Objects.requireNonNull(name, "name");
            if (name.isBlank()) {
                throw new IllegalArgumentException("a reactor's name must not be blank");
            }
            this.name = name;
            return this;
        }

        /**
         * The largest number of pool threads for {@link #deferToThread} and {@link #callInThread}.
         *
         * @param threads at least 1; default 10, as in Twisted
         * @return this builder
         */
        public Builder threadPoolSize(int threads) {
            if (threads < 1) {
                throw new IllegalArgumentException("threadPoolSize must be at least 1, got " + threads);
            }
            this.threadPoolSize = threads;
            return this;
        }

        /**
         * How long a single callback may keep the loop busy before it is reported as slow.
         *
         * @param threshold not negative, or {@code null} to turn the reports off; default 100 ms
         *        (asyncio's debug-mode default)
         * @return this builder
         */
        public Builder slowCallThreshold(Duration threshold) {
            if (threshold != null && threshold.isNegative()) {
                throw new IllegalArgumentException("slowCallThreshold must not be negative, got " + threshold);
            }
            this.slowCallThreshold = threshold;
            return this;
        }

        /**
         * How long a stopping reactor waits for its pool work before giving up on it (dropping
         * queued work, interrupting running workers, failing their Deferreds with CancelledError).
         *
         * @param timeout not negative ({@link Duration#ZERO} gives up at once), or {@code null}
         *        to wait as long as it takes; default {@code null}, as in Twisted
         * @return this builder
         */
        public Builder shutdownTimeout(Duration timeout) {
            if (timeout != null && timeout.isNegative()) {
                throw new IllegalArgumentException("shutdownTimeout must not be negative, got " + timeout);
            }
            this.shutdownTimeout = timeout;
            return this;
        }

        /**
         * Where errors from callbacks and slow-call reports go.
         *
         * @param logger default {@code System.getLogger("io.twine.reactor")}
         * @return this builder
         */
        public Builder logger(System.Logger logger) {
            this.logger = Objects.requireNonNull(logger, "logger");
            return this;
        }

        /**
         * The nanosecond time source behind {@link #seconds()}, timers and slow-call measurement
         * (Guava's {@code Ticker}); tests substitute a fake one.
         *
         * @param nanoTime monotonic nanoseconds; default {@link System#nanoTime()}
         * @return this builder
         */
        public Builder nanoTime(LongSupplier nanoTime) {
            this.nanoTime = Objects.requireNonNull(nanoTime, "nanoTime");
            return this;
        }

        /**
         * Creates the reactor.
         *
         * @return a new reactor, not yet running
         */
        public Reactor build() {
            return new Reactor(this);
        }
    }
}
