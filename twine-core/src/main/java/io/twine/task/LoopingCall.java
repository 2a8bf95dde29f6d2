package io.twine.task;

import io.twine.defer.AlreadyCalledError;
import io.twine.defer.Deferred;
import io.twine.defer.Failure;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.Callable;

/**
 * Calls a function repeatedly, every {@code interval} seconds of a {@link Clock}: Twisted's
 * {@code task.LoopingCall}.
 *
 * <pre>{@code
 * LoopingCall heartbeat = new LoopingCall(clock, () -> { send(ping); return null; });
 * heartbeat.start(5.0, true).addErrback(f -> { log(f); return null; });
 * ...
 * heartbeat.stop();   // the Deferred from start() fires with the LoopingCall
 * }</pre>
 *
 * <ul>
 * <li>Calls are due on a grid of intervals measured from the start (or the last {@link #reset()}).
 *     When a call runs late, the intervals missed meanwhile are <em>skipped</em>, not made up: the
 *     next call is due at the next grid point strictly in the future. {@link #withCount} tells
 *     the function how many intervals went by.</li>
 * <li>If the function returns a Deferred, the next call is not scheduled until it fires (its
 *     result is ignored).</li>
 * <li>If the function throws, or its Deferred fails, the loop stops and the Deferred returned by
 *     {@link #start} fails with that failure.</li>
 * <li>{@link #stop()} makes that Deferred fire with this LoopingCall; if a Deferred returned by the
 *     function is still pending, it fires when that one does.</li>
 * <li>An interval of 0 calls again as soon as the clock runs due calls.</li>
 * <li>A stopped LoopingCall may be started again. If an iteration of the earlier run is still
 *     pending then, it finishes that run's Deferred and does not disturb the new run (Twisted
 *     would schedule the new run twice).</li>
 * </ul>
 *
 * <h2>Threads</h2>
 * The function runs on the clock's thread (for {@link ManualClock}, the thread that advances
 * it); with {@code now = true} the first call runs on the thread calling {@link #start}. Any
 * thread may call {@code start}, {@code stop} and {@code reset}: the state is guarded by an
 * internal monitor never held while the function or a callback runs. If a {@code stop()} on
 * one thread races with the clock taking the next call off its queue on another, that call does
 * not run the function; it fires the start Deferred instead (on the clock's thread).
 * <br>Twisted differences: its assertions (start twice, stop or reset when not running) are
 * {@link IllegalStateException}s here; the clock is a constructor argument (Twisted sets the
 * {@code clock} attribute, defaulting to the global reactor).
 */
public final class LoopingCall {

    /**
     * The function of a {@link #withCount} LoopingCall.
     */
    @FunctionalInterface
    public interface CountedFunction {
        /**
         * Runs one iteration.
         *
         * @param count how many intervals went by since the last call, {@code >= 1}
         * @return anything; a Deferred delays the next call until it fires
         * @throws Exception to stop the loop with a failure
         */
        Object call(int count) throws Exception;
    }

    private final Object lock = new Object();
    private final Clock clock;
    private final Callable<?> f;
    private final CountedFunction counted;

    // All guarded by lock.
    private boolean running;
    private double interval;
    private double startTime;
    private boolean runAtStart;
    /** When the counted function was last called; NaN before the first call. */
    private double realLastTime = Double.NaN;
    /** The next scheduled call, or null while the function runs or its Deferred is pending. */
    private DelayedCall call;
    /** What start() returned, until it fires. */
    private Deferred<LoopingCall> deferred;
    /** Counts start()s, so that an iteration of an earlier run cannot disturb a later one. */
    private long generation;

    /**
     * Creates a LoopingCall of {@code f} on {@code clock}; nothing runs until {@link #start}.
     *
     * @param clock the clock that schedules the calls
     * @param f the function; its result is ignored, unless it is a Deferred (waited for) or a
     *        {@link Failure} (stops the loop)
     */
    public LoopingCall(Clock clock, Callable<?> f) {
        this(clock, Objects.requireNonNull(f, "LoopingCall needs a function, got null"), null);
    }

    private LoopingCall(Clock clock, Callable<?> f, CountedFunction counted) {
        this.clock = Objects.requireNonNull(clock, "LoopingCall needs a clock, got null");
        this.f = f;
        this.counted = counted;
    }

    /**
     * A LoopingCall whose function receives the number of intervals that went by since it was
     * last called (Twisted's {@code LoopingCall.withCount}): normally 1, more when calls were
     * skipped because the clock ran late or a returned Deferred took longer than an interval.
     * With an interval of 0 the count is always 1. A call that finds no whole interval elapsed
     * (possible after a {@link #reset()}) does not call the function.
     *
     * @param clock the clock that schedules the calls
     * @param fn the function
     * @return a LoopingCall that is not started
     */
    public static LoopingCall withCount(Clock clock, CountedFunction fn) {
        return new LoopingCall(clock, null, Objects.requireNonNull(fn, "withCount needs a function, got null"));
    }

    /**
     * Starts calling the function every {@code intervalSeconds} (Twisted's {@code start}).
     *
     * @param intervalSeconds seconds between calls, {@code >= 0}
     * @param now call once right away, on this thread, before returning; otherwise the first call
     *        is one interval from now
     * @return a Deferred that fires with this LoopingCall after {@link #stop()}, or fails with the
     *         function's failure
     * @throws IllegalStateException if it is already running
     * @throws IllegalArgumentException if the interval is negative or not a finite number
     */
    public Deferred<LoopingCall> start(double intervalSeconds, boolean now) {
        Clock.checkDelay(intervalSeconds, "LoopingCall interval");
        Deferred<LoopingCall> d = new Deferred<>();
        long gen;
        synchronized (lock) {
            if (running) {
                throw new IllegalStateException("Tried to start an already running LoopingCall");
            }
            running = true;
            gen = ++generation;
            deferred = d;
            startTime = clock.seconds();
            interval = intervalSeconds;
            runAtStart = now;
            realLastTime = Double.NaN;
            if (!now) {
                scheduleFromLocked(startTime);
            }
        }
        if (now) {
            tick(gen, d);
        }
        return d;
    }

    /**
     * As {@link #start(double, boolean)} with {@code now = true} (Twisted's default).
     *
     * @param intervalSeconds seconds between calls, {@code >= 0}
     * @return the Deferred of the loop
     */
    public Deferred<LoopingCall> start(double intervalSeconds) {
        return start(intervalSeconds, true);
    }

    /**
     * As {@link #start(double, boolean)}, with the interval as a {@link Duration}.
     *
     * @param interval time between calls, not negative
     * @param now call once right away
     * @return the Deferred of the loop
     */
    public Deferred<LoopingCall> start(Duration interval, boolean now) {
        return start(Clock.toSeconds(Objects.requireNonNull(interval, "interval")), now);
    }

    /**
     * Stops the loop (Twisted's {@code stop}). No further call is made. The Deferred returned by
     * {@link #start} fires with this LoopingCall now, on this thread, or, if the function's
     * Deferred is still pending (or the function is running on another thread), when that one
     * finishes.
     *
     * @throws IllegalStateException if it is not running
     */
    public void stop() {
        Deferred<LoopingCall> fire = null;
        synchronized (lock) {
            if (!running) {
                throw new IllegalStateException("Tried to stop a LoopingCall that was not running");
            }
            running = false;
            if (call != null && cancelLocked()) {
                fire = deferred;
                deferred = null;
            }
        }
        if (fire != null) {
            fire.callback(this);
        }
    }

    /**
     * Skips the next call and starts the interval grid again from now (Twisted's {@code reset}).
     * While the function's Deferred is pending there is nothing scheduled to move, and this does
     * nothing.
     *
     * @throws IllegalStateException if it is not running
     */
    public void reset() {
        synchronized (lock) {
            if (!running) {
                throw new IllegalStateException("Tried to reset a LoopingCall that was not running");
            }
            if (call != null && cancelLocked()) {
                startTime = clock.seconds();
                scheduleFromLocked(startTime);
            }
        }
    }

    /** Cancels the scheduled call; false if the clock had already taken it (it will run). */
    private boolean cancelLocked() {
        DelayedCall c = call;
        call = null;
        try {
            c.cancel();
            return true;
        } catch (AlreadyCalled | AlreadyCancelled raced) {
            return false;
        }
    }

    /**
     * Whether the loop is running (Twisted's {@code running}): from {@link #start} until
     * {@link #stop} or a failure. It is {@code false} by the time the start Deferred fires.
     *
     * @return a snapshot
     */
    public boolean running() {
        synchronized (lock) {
            return running;
        }
    }

    /**
     * The interval of the current or last run (Twisted's {@code interval}).
     *
     * @return seconds, or 0 if never started
     */
    public double interval() {
        synchronized (lock) {
            return interval;
        }
    }

    /**
     * The clock the calls are scheduled on (Twisted's {@code clock}).
     *
     * @return the clock
     */
    public Clock clock() {
        return clock;
    }

    /**
     * One iteration of run {@code gen}, whose start Deferred is {@code run}: called by the clock,
     * or by start(now = true).
     */
    private void tick(long gen, Deferred<LoopingCall> run) {
        boolean stale;
        int count = 0;
        synchronized (lock) {
            stale = gen != generation || !running;
            if (gen == generation) {
                call = null;
                if (stale) {
                    deferred = null;
                } else if (counted != null) {
                    count = countLocked();
                }
            }
        }
        if (stale) {
            // stop() raced with the clock taking this call off its queue (and could not cancel it):
            // the function does not run again, and this run's Deferred fires here instead.
            try {
                run.callback(this);
            } catch (AlreadyCalledError alreadyFinished) {
                // Nothing left to finish.
            }
            return;
        }
        int n = count;
        Deferred<Object> d = counted == null ? Deferred.maybeDeferred(f)
                : n > 0 ? Deferred.maybeDeferred(() -> counted.call(n)) : Deferred.succeed(null);
        d.addCallback(ignored -> {
            iterationDone(gen, run);
            return null;
        }).addErrback(failure -> {
            iterationFailed(gen, run, failure);
            return null;
        });
    }

    /** Twisted's withCount counter: whole intervals elapsed since the last call. */
    private int countLocked() {
        double now = clock.seconds();
        if (interval == 0) {
            realLastTime = now;
            return 1;
        }
        double last = realLastTime;
        if (Double.isNaN(last)) {
            last = runAtStart ? startTime - interval : startTime;
        }
        long elapsed = intervalOf(now) - intervalOf(last);
        if (elapsed > 0) {
            realLastTime = now;
            return (int) Math.min(elapsed, Integer.MAX_VALUE);
        }
        return 0;
    }

    private long intervalOf(double t) {
        return (long) ((t - startTime) / interval);
    }

    /**
     * After an iteration of run {@code gen} (whose start Deferred is {@code run}): schedule the
     * next, or finish a stop. If the loop was stopped and started again meanwhile (Twisted would
     * then schedule twice), the old run's Deferred fires and the new run is left alone.
     */
    private void iterationDone(long gen, Deferred<LoopingCall> run) {
        Deferred<LoopingCall> fire = null;
        synchronized (lock) {
            if (gen != generation) {
                fire = run;
            } else if (running) {
                scheduleFromLocked(clock.seconds());
            } else {
                fire = deferred;
                deferred = null;
            }
        }
        if (fire != null) {
            fire.callback(this);
        }
    }

    private void iterationFailed(long gen, Deferred<LoopingCall> run, Failure failure) {
        Deferred<LoopingCall> fire;
        synchronized (lock) {
            if (gen != generation) {
                fire = run; // a stopped earlier run failed late: it fails, the current run goes on
            } else {
                running = false;
                fire = deferred;
                deferred = null;
            }
        }
        if (fire != null) {
            fire.errback(failure);
        }
    }

    /** Schedules the next call at the next grid point strictly after {@code when}. */
    private void scheduleFromLocked(double when) {
        double delay;
        if (interval == 0) {
            delay = 0;
        } else {
            double runningFor = when - startTime;
            double intoInterval = runningFor % interval;
            if (intoInterval < 0) {
                intoInterval += interval; // Python's % never gives a negative here; Java's can
            }
            delay = interval - intoInterval;
            if (when == when + delay) {
                // Too small to move the clock at this magnitude: it is effectively now, so skip it.
                delay = interval;
            }
        }
        long gen = generation;
        Deferred<LoopingCall> run = deferred;
        call = clock.callLater(delay, () -> tick(gen, run));
    }

    @Override
    public String toString() {
        synchronized (lock) {
            return "LoopingCall<" + interval + ">(" + (counted != null ? counted : f) + ")";
        }
    }
}
