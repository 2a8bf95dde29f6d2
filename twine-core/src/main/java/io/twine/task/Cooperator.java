package io.twine.task;

import io.twine.defer.Deferred;
import java.lang.ref.WeakReference;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.WeakHashMap;
import java.util.function.BooleanSupplier;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import java.util.stream.Stream;

/**
 * Runs many long jobs on one event loop without letting any of them starve it: Twisted's
 * {@code task.Cooperator}.
 *
 * <p>A job is an {@link Iterator} in which each {@code next()} does one small unit of work. The
 * cooperator calls its tasks' iterators in <em>turns</em> scheduled on a {@link Clock}: in each
 * turn it goes round its tasks (round-robin, one unit per task, continuing where the last turn
 * stopped) until the turn's <em>termination predicate</em> says the turn has used its budget, by
 * default {@link #DEFAULT_TIME_SLICE} of wall-clock time; then it gives the loop back and
 * schedules the next turn a moment later ({@value #TICK_DELAY} s, Twisted's epsilon). An iterator
 * that returns a {@link Deferred} takes no turns until that Deferred fires; see
 * {@link CooperativeTask}.
 *
 * <pre>{@code
 * Cooperator cooperator = new Cooperator(clock);
 * Deferred<Iterator<Integer>> done = cooperator.coiterate(rows.stream().map(row -> index(row)));
 * }</pre>
 *
 * <p>At least one unit runs per turn, so one slow unit makes one slow turn: units must be small.
 *
 * <h2>Threads</h2>
 * Turns run on the clock's thread (for a {@link ManualClock}, the thread calling
 * {@code advance}), one at a time, so a task's iterator is never called concurrently. All public
 * methods may be called from any thread; the cooperator's state is guarded by one internal lock,
 * which is never held while user code (an iterator, a predicate, a Deferred's callbacks) runs.
 *
 * <h2>The default cooperator</h2>
 * Twisted's module-level {@code coiterate}/{@code cooperate} use one global cooperator on the
 * global reactor. Java has no global reactor, so Twine keeps one default cooperator <em>per
 * clock</em>: {@link #forClock(Clock)}, and the static {@link #coiterate(Clock, Iterator)} and
 * {@link #cooperate(Clock, Iterator)} that use it. All code sharing a clock shares its default
 * cooperator and so its time budget, which is the point of Twisted's global one. The default
 * cooperator is held only while it has work (or someone holds it or one of its tasks); an idle one
 * that nobody holds may be replaced by a fresh one on the next call.
 *
 * <h2>Where Twine differs from Twisted</h2>
 * <ul>
 * <li>{@link #stop()} ends every unfinished task at once, including paused ones and those waiting
 *     for a Deferred (Twisted ends those only when they would run again).</li>
 * <li>The scheduler is a {@link Clock} rather than any function; Twisted's
 *     {@code coiterate(iterator, doneDeferred)} is {@code coiterate(iterator).chainDeferred(d)}.</li>
 * <li>{@code Iterable} and {@code Stream} are accepted as well; a Stream is closed when its task
 *     ends, however it ends.</li>
 * </ul>
 */
public final class Cooperator {

    /*
     * Implementation overview.
     *
     * State (all guarded by `lock`): `alive` holds every task that has not ended, in the order
     * added; `runList` holds those that may take turns (not paused, not waiting for a Deferred),
     * each task's `scheduled` flag saying whether it is there; `cursor` is the round-robin
     * position in `runList`, kept pointing at the same next task when tasks before it leave.
     * Tasks share this lock, so a task's state and its membership change together.
     *
     * Turns. At most one turn is scheduled or running at any time: `nextTick` is the scheduled
     * one, `ticking` is set while one runs, and schedule() does nothing while either is set (the
     * running turn reschedules when it ends). Each scheduled turn carries a generation number; a
     * turn whose generation is stale (cancelled, but already taken off the clock by another
     * thread when we tried to cancel it) does nothing. When `runList` empties, the scheduled turn
     * is cancelled, so an idle cooperator leaves nothing behind on the clock.
     *
     * Lock order: our lock, then the clock's (we call callLater/cancel with our lock held; a clock
     * never runs a call while holding its own lock).
     */

    /** The budget of one turn under the default termination predicate: 10 ms, as in Twisted. */
    public static final Duration DEFAULT_TIME_SLICE = Duration.ofMillis(10);

    /** The delay between two turns, in seconds: Twisted's {@code _EPSILON}. */
    public static final double TICK_DELAY = 1e-8;

    private static final Map<Clock, WeakReference<Cooperator>> DEFAULTS = new WeakHashMap<>();

    final Object lock = new Object();
    private final Clock clock;
    private final Supplier<? extends BooleanSupplier> terminationPredicateFactory;

    // Guarded by lock.
    private final Set<CooperativeTask<?>> alive = new LinkedHashSet<>();
    private final List<CooperativeTask<?>> runList = new ArrayList<>();
    private int cursor;
    private DelayedCall nextTick;
    private long tickGeneration;
    private boolean ticking;
    private boolean started;
    private boolean stopped;

    /**
     * A started cooperator on {@code clock} whose turns last {@link #DEFAULT_TIME_SLICE}.
     *
     * @param clock schedules the turns, and runs them on its thread
     */
    public Cooperator(Clock clock) {
        this(clock, timer(DEFAULT_TIME_SLICE), true);
    }

    /**
     * A cooperator with Twisted's constructor arguments.
     *
     * @param clock schedules the turns, and runs them on its thread
     * @param terminationPredicateFactory called at the start of each turn, on the clock's thread;
     *        the predicate it returns is asked after each unit of work whether the turn should
     *        end. See {@link #timer(Duration)} and {@link #workUnitsPerTurn(int)}. If either
     *        throws, the turn ends, the next one is scheduled, and the exception propagates to
     *        the clock.
     * @param started whether to start now; if {@code false}, tasks wait for {@link #start()}
     */
    public Cooperator(Clock clock, Supplier<? extends BooleanSupplier> terminationPredicateFactory, boolean started) {
        this.clock = Objects.requireNonNull(clock, "Cooperator needs a clock, got null");
        this.terminationPredicateFactory = Objects.requireNonNull(terminationPredicateFactory,
                "Cooperator needs a termination predicate factory, got null");
        this.started = started;
    }

    // ------------------------------------------------------------------------------------------
    // Termination predicates

    /**
     * Turns that end once {@code slice} of wall-clock time ({@link System#nanoTime()}) has
     * passed since they began: Twisted's {@code _Timer}.
     *
     * @param slice the budget of a turn, not negative
     * @return a termination predicate factory for the constructor
     * @throws IllegalArgumentException if {@code slice} is negative or longer than a century
     */
    public static Supplier<BooleanSupplier> timer(Duration slice) {
        return timer(slice, System::nanoTime);
    }

    /**
     * As {@link #timer(Duration)}, reading time from {@code nanoTime} (a nanosecond ticker such as
     * {@code System::nanoTime}); tests inject a fake ticker to make the budget deterministic.
     *
     * @param slice the budget of a turn, not negative
     * @param nanoTime the time source, read at the start of a turn and after each unit
     * @return a termination predicate factory for the constructor
     * @throws IllegalArgumentException if {@code slice} is negative or longer than a century
     */
    public static Supplier<BooleanSupplier> timer(Duration slice, LongSupplier nanoTime) {
        Objects.requireNonNull(slice, "timer needs a time slice, got null");
        Objects.requireNonNull(nanoTime, "timer needs a time source, got null");
        if (slice.isNegative() || slice.compareTo(Duration.ofDays(36_500)) > 0) {
            throw new IllegalArgumentException("time slice must be between 0 and a century, got " + slice);
        }
        long budget = slice.toNanos();
        return () -> {
            long end = nanoTime.getAsLong() + budget;
            return () -> nanoTime.getAsLong() - end >= 0; // overflow-safe, as nanoTime requires
        };
    }

    /**
     * Turns of exactly {@code units} units of work (fewer if the tasks run out). With
     * {@code units == 1} this is the {@code lambda: lambda: True} of Twisted's own tests.
     *
     * @param units units of work per turn, {@code >= 1}
     * @return a termination predicate factory for the constructor
     * @throws IllegalArgumentException if {@code units < 1}
     */
    public static Supplier<BooleanSupplier> workUnitsPerTurn(int units) {
        if (units < 1) {
            throw new IllegalArgumentException("work units per turn must be >= 1, got " + units);
        }
        return () -> {
            int[] done = {0};
            return () -> ++done[0] >= units;
        };
    }

    // ------------------------------------------------------------------------------------------
    // Adding tasks

    /**
     * Starts running {@code iterator} as a task (Twisted's {@code cooperate}). Its first unit runs
     * in a later turn, never during this call. On a stopped cooperator the task ends at once with
     * {@link SchedulerStopped}.
     *
     * @param iterator the job; each {@code next()} is one unit of work
     * @param <I> the iterator's type
     * @return the task, to pause, resume, stop or wait for
     */
    public <I extends Iterator<?>> CooperativeTask<I> cooperate(I iterator) {
        Objects.requireNonNull(iterator, "cooperate needs an iterator, got null");
        return add(new CooperativeTask<>(iterator, this, null));
    }

    /**
     * Runs the elements of {@code iterable} as a task, one element per unit of work; the task's
     * iterator is {@code iterable.iterator()}, obtained now, on this thread.
     *
     * @param iterable the job
     * @param <T> the element type
     * @return the task
     * @see #cooperate(Iterator)
     */
    public <T> CooperativeTask<Iterator<T>> cooperate(Iterable<T> iterable) {
        Objects.requireNonNull(iterable, "cooperate needs an iterable, got null");
        return add(new CooperativeTask<>(iterable.iterator(), this, null));
    }

    /**
     * Runs {@code stream} as a task, pulling one element per unit of work, so that a lazy
     * pipeline such as {@code items.stream().map(this::process)} does one {@code process} per
     * unit. The stream is closed when the task ends, however it ends; if closing throws, a task
     * that ran out fails with that exception, and for a task that failed or was stopped it is
     * added as suppressed to the error {@link CooperativeTask#whenDone()} fails with.
     *
     * @param stream the job, not yet consumed
     * @param <T> the element type
     * @return the task
     * @see #cooperate(Iterator)
     */
    public <T> CooperativeTask<Iterator<T>> cooperate(Stream<T> stream) {
        Objects.requireNonNull(stream, "cooperate needs a stream, got null");
        return add(new CooperativeTask<>(stream.iterator(), this, stream::close));
    }

    /**
     * Runs {@code iterator} as a task and returns only its end (Twisted's {@code coiterate}): the
     * same as {@code cooperate(iterator).whenDone()}.
     *
     * @param iterator the job
     * @param <I> the iterator's type
     * @return fires with the iterator when it runs out, or fails as {@link CooperativeTask#whenDone()}
     */
    public <I extends Iterator<?>> Deferred<I> coiterate(I iterator) {
        return cooperate(iterator).whenDone();
    }

    /**
     * {@link #cooperate(Iterable)}, returning only the task's end.
     *
     * @param iterable the job
     * @param <T> the element type
     * @return fires with the task's iterator when it runs out, or fails as {@link CooperativeTask#whenDone()}
     */
    public <T> Deferred<Iterator<T>> coiterate(Iterable<T> iterable) {
        return cooperate(iterable).whenDone();
    }

    /**
     * {@link #cooperate(Stream)}, returning only the task's end.
     *
     * @param stream the job
     * @param <T> the element type
     * @return fires with the stream's iterator when it runs out, or fails as {@link CooperativeTask#whenDone()}
     */
    public <T> Deferred<Iterator<T>> coiterate(Stream<T> stream) {
        return cooperate(stream).whenDone();
    }

    // ------------------------------------------------------------------------------------------
    // The default cooperator of a clock

    /**
     * The default cooperator of {@code clock}, created on first use with the default time slice
     * (the counterpart of Twisted's global cooperator; see the class comment).
     *
     * @param clock the clock; clocks are told apart by {@code equals}
     * @return the same cooperator for as long as it has work or is held by someone
     */
    public static Cooperator forClock(Clock clock) {
        Objects.requireNonNull(clock, "forClock needs a clock, got null");
        synchronized (DEFAULTS) {
            WeakReference<Cooperator> ref = DEFAULTS.get(clock);
            Cooperator c = ref == null ? null : ref.get();
            if (c == null) {
                // A weak value: the cooperator refers to its clock, and a strong value would keep
                // the weak key reachable for ever.
                c = new Cooperator(clock);
                DEFAULTS.put(clock, new WeakReference<>(c));
            }
            return c;
        }
    }

    /**
     * Runs {@code iterator} as a task on the default cooperator of {@code clock} (Twisted's
     * module-level {@code task.cooperate}).
     *
     * @param clock whose default cooperator runs the task
     * @param iterator the job
     * @param <I> the iterator's type
     * @return the task
     */
    public static <I extends Iterator<?>> CooperativeTask<I> cooperate(Clock clock, I iterator) {
        return forClock(clock).cooperate(iterator);
    }

    /**
     * Runs {@code iterator} on the default cooperator of {@code clock} and returns its end
     * (Twisted's module-level {@code task.coiterate}).
     *
     * @param clock whose default cooperator runs the task
     * @param iterator the job
     * @param <I> the iterator's type
     * @return fires with the iterator when it runs out, or fails as {@link CooperativeTask#whenDone()}
     */
    public static <I extends Iterator<?>> Deferred<I> coiterate(Clock clock, I iterator) {
        return forClock(clock).coiterate(iterator);
    }

    // ------------------------------------------------------------------------------------------
    // Running state

    /**
     * Starts (or, after {@link #stop()}, restarts) scheduling turns (Twisted's {@code start}).
     * Tasks that ended while stopped stay ended; new tasks are accepted again.
     */
    public void start() {
        synchronized (lock) {
            stopped = false;
            started = true;
            scheduleTurn();
        }
    }

    /**
     * Stops scheduling turns and ends every unfinished task with {@link SchedulerStopped}, paused
     * and waiting ones included; their {@code whenDone()} Deferreds fail on this thread before
     * this method returns (Twisted's {@code stop}). Tasks added from now on end at once the same
     * way, until {@link #start()}. Stopping a stopped cooperator does nothing more.
     */
    public void stop() {
        List<CooperativeTask<?>> victims;
        synchronized (lock) {
            stopped = true;
            victims = new ArrayList<>(alive);
        }
        for (CooperativeTask<?> t : victims) {
            t.schedulerStopped();
        }
    }

    /**
     * Whether turns are being scheduled: started and not stopped (Twisted's {@code running}).
     *
     * @return {@code true} when running
     */
    public boolean running() {
        synchronized (lock) {
            return started && !stopped;
        }
    }

    /**
     * The clock this cooperator schedules its turns on.
     *
     * @return the clock
     */
    public Clock clock() {
        return clock;
    }

    /**
     * The tasks that have not ended, in the order they were added.
     *
     * @return a snapshot
     */
    public List<CooperativeTask<?>> tasks() {
        synchronized (lock) {
            return List.copyOf(alive);
        }
    }

    @Override
    public String toString() {
        synchronized (lock) {
            return "Cooperator[" + (running() ? "running" : stopped ? "stopped" : "not started")
                    + ", tasks=" + alive.size() + ", runnable=" + runList.size() + "]";
        }
    }

    // ------------------------------------------------------------------------------------------
    // Bookkeeping for CooperativeTask (all with the lock held)

    private <I extends Iterator<?>> CooperativeTask<I> add(CooperativeTask<I> task) {
        synchronized (lock) {
            if (!stopped) {
                alive.add(task);
                schedule(task);
                return task;
            }
        }
        task.schedulerStopped();
        return task;
    }

    /** Puts a runnable task at the end of the run list; with the lock held. */
    void schedule(CooperativeTask<?> task) {
        if (!task.scheduled) {
            task.scheduled = true;
            runList.add(task);
            scheduleTurn();
        }
    }

    /** Takes a task off the run list (it may stay alive); with the lock held. */
    void unschedule(CooperativeTask<?> task) {
        if (task.scheduled) {
            task.scheduled = false;
            int i = runList.indexOf(task);
            runList.remove(i);
            if (i < cursor) {
                cursor--; // keep pointing at the same next task
            }
            if (runList.isEmpty()) {
                cancelTurn();
            }
        }
    }

    /** Forgets an ended task; with the lock held. */
    void forget(CooperativeTask<?> task) {
        unschedule(task);
        alive.remove(task);
    }

    private void scheduleTurn() {
        if (started && !stopped && nextTick == null && !ticking && !runList.isEmpty()) {
            long generation = ++tickGeneration;
            nextTick = clock.callLater(TICK_DELAY, () -> turn(generation));
        }
    }

    private void cancelTurn() {
        if (nextTick != null) {
            try {
                nextTick.cancel();
            } catch (IllegalStateException alreadyRunning) {
                // The clock took it on another thread just now; the generation check voids it.
            }
            nextTick = null;
            tickGeneration++;
        }
    }

    /** One turn: round-robin over the run list until the predicate says stop or nothing is left. */
    private void turn(long generation) {
        synchronized (lock) {
            if (generation != tickGeneration || nextTick == null) {
                return; // cancelled while the clock was already running it
            }
            nextTick = null;
            ticking = true;
        }
        try {
            BooleanSupplier enough = Objects.requireNonNull(terminationPredicateFactory.get(),
                    "the termination predicate factory returned null");
            for (;;) {
                CooperativeTask<?> task = nextInTurn();
                if (task == null) {
                    return;
                }
                task.oneWorkUnit();
                if (enough.getAsBoolean()) {
                    return;
                }
            }
        } finally {
            synchronized (lock) {
                ticking = false;
                scheduleTurn();
            }
        }
    }

    private CooperativeTask<?> nextInTurn() {
        synchronized (lock) {
            if (runList.isEmpty()) {
                return null;
            }
            if (cursor >= runList.size()) {
                cursor = 0;
            }
            return runList.get(cursor++);
        }
    }
}
