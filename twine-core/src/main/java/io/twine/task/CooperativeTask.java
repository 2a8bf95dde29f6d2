package io.twine.task;

import io.twine.defer.AlreadyCalledError;
import io.twine.defer.Deferred;
import io.twine.defer.Failure;
import io.twine.defer.UnhandledError;
import io.twine.defer.UnhandledErrors;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

/**
 * One iterator being run, a step at a time, by a {@link Cooperator}: Twisted's
 * {@code task.CooperativeTask}. Created by {@link Cooperator#cooperate}.
 *
 * <p>Each call to the iterator's {@code hasNext()}/{@code next()} is one unit of work. The
 * values it returns are ignored, except a {@link Deferred}: the task then waits, taking no turns,
 * until that Deferred fires. Success lets the task go on (the Deferred's chain continues with
 * {@code null}: the task consumed the result); failure kills the task with that failure.
 *
 * <p>A task ends in exactly one of four ways, and {@link #whenDone()} tells which:
 * <ul>
 * <li>its iterator ran out: {@code whenDone()} fires with the iterator;</li>
 * <li>its iterator threw, or a Deferred it returned failed: {@code whenDone()} fails with that
 *     error;</li>
 * <li>{@link #stop()}: {@code whenDone()} fails with {@link TaskStopped};</li>
 * <li>{@link Cooperator#stop()}: {@code whenDone()} fails with {@link SchedulerStopped}.</li>
 * </ul>
 * A task that dies of an error before anybody asked {@code whenDone()} keeps the error; if the
 * task is then dropped without anyone asking, the error is reported through
 * {@link UnhandledErrors}, like an unhandled error in a Deferred, instead of being lost.
 *
 * <h2>Threads</h2>
 * Any thread may call {@link #pause()}, {@link #resume()}, {@link #stop()} and
 * {@link #whenDone()}; the iterator is only ever called from the cooperator's turns (the clock's
 * thread), one call at a time, and never after the task has ended. Deferreds from
 * {@code whenDone()} fire on the thread that ended the task: the clock's thread when the iterator
 * ran out or threw, the caller's thread for {@code stop()}, the firing thread when a returned
 * Deferred failed.
 *
 * <h2>Where Twine differs from Twisted</h2>
 * Waiting for a returned Deferred is tracked apart from {@link #pause()}/{@link #resume()}
 * (Twisted shares one counter), so a stray {@code resume()} throws {@link NotPaused} instead of
 * letting the task run before its Deferred fired. A failure of a returned Deferred that arrives
 * after the task ended is left in that Deferred (Twisted tries to end the task a second time).
 *
 * @param <I> the type of the iterator, which {@link #whenDone()} hands back
 */
public final class CooperativeTask<I extends Iterator<?>> {

    /** How a task ended. */
    private enum End { DONE, FAILED, STOPPED, SCHEDULER_STOPPED }

    private final I iterator;
    private final Cooperator cooperator;

    // Everything below is guarded by cooperator.lock, shared by all tasks of one cooperator so
    // that a task's state and its place in the cooperator's run list change together.
    /** Counted user pauses. */
    private int pauseCount;
    /** Whether the task waits for a Deferred its iterator returned. */
    private boolean waiting;
    /** How it ended, or {@code null} while it is alive. */
    private End end;
    /** The iterator (ended normally) or the Failure that {@code whenDone()} fires with. */
    private Object outcome;
    /** Deferreds handed out by whenDone() before the end; {@code null} once fired. */
    private List<Deferred<I>> observers = new ArrayList<>();
    /** Run once when the task ends (closes a Stream), or {@code null}. */
    private Runnable closer;
    /** Holds a failure nobody has asked for yet, so that dropping it is reported; or null. */
    private Deferred<I> unobserved;
    /** Whether the task is in the cooperator's run list (the cooperator keeps it up to date). */
    boolean scheduled;

    CooperativeTask(I iterator, Cooperator cooperator, Runnable closer) {
        this.iterator = iterator;
        this.cooperator = cooperator;
        this.closer = closer;
    }

    /**
     * A Deferred that fires when this task ends: with the iterator if it ran out, otherwise with
     * the failure that ended the task (see the class comment). Each call returns a new Deferred,
     * so callbacks added to one do not change what another receives (Twisted's
     * {@code whenDone}). If the task has already ended, the Deferred has already fired.
     *
     * @return a new Deferred for the end of this task
     */
    public Deferred<I> whenDone() {
        Deferred<I> d = new Deferred<>();
        Object result;
        Deferred<I> consumed;
        synchronized (cooperator.lock) {
            if (end == null) {
                observers.add(d);
                return d;
            }
            result = outcome;
            consumed = unobserved;
            unobserved = null;
        }
        if (consumed != null) {
            consumed.addErrback(f -> null); // somebody asked: the failure is no longer unhandled
        }
        fire(d, result);
        return d;
    }

    /**
     * Stops giving this task turns until a matching {@link #resume()} (Twisted's {@code pause}).
     * Pauses are counted: two pauses need two resumes. A unit of work already running is not
     * interrupted.
     *
     * @throws TaskFinished (as {@link TaskDone}, {@link TaskStopped} or {@link TaskFailed}) or
     *         {@link SchedulerStopped} if the task has ended; nothing changes then
     * @throws IllegalStateException if the pause count would overflow
     */
    public void pause() {
        synchronized (cooperator.lock) {
            checkAlive("pause");
            if (pauseCount == Integer.MAX_VALUE) {
                throw new IllegalStateException("CooperativeTask paused too many times");
            }
            pauseCount++;
            cooperator.unschedule(this);
        }
    }

    /**
     * Undoes one {@link #pause()} (Twisted's {@code resume}). When the last pause is undone, the
     * task gets turns again from the cooperator's next turn on (not during this call), unless it
     * still waits for a Deferred or has ended; resuming an ended task that was paused is allowed
     * and does nothing else.
     *
     * @throws NotPaused if there is no pause to undo
     */
    public void resume() {
        synchronized (cooperator.lock) {
            if (pauseCount == 0) {
                throw new NotPaused("resume() without a matching pause() on " + this);
            }
            pauseCount--;
            scheduleIfRunnable();
        }
    }

    /**
     * Ends this task now: it gets no more turns, and {@link #whenDone()} Deferreds fail with
     * {@link TaskStopped}, on this thread, before this method returns (Twisted's {@code stop}).
     * A unit of work running on another thread at that moment finishes, and its result is
     * discarded.
     *
     * @throws TaskFinished (as {@link TaskDone}, {@link TaskStopped} or {@link TaskFailed}) or
     *         {@link SchedulerStopped} if the task had already ended
     */
    public void stop() {
        synchronized (cooperator.lock) {
            checkAlive("stop");
        }
        // Another thread may end the task between the check and here; then that end stands and,
        // as the check would have, we report that this stop came too late.
        if (!end(End.STOPPED, new Failure(new TaskStopped("CooperativeTask was stopped")))) {
            synchronized (cooperator.lock) {
                checkAlive("stop");
            }
        }
    }

    /**
     * The iterator this task runs.
     *
     * @return the iterator given to {@link Cooperator#cooperate}
     */
    public I iterator() {
        return iterator;
    }

    /**
     * Whether the task has ended, in any of the four ways.
     *
     * @return {@code true} once it ran out, failed or was stopped
     */
    public boolean isFinished() {
        synchronized (cooperator.lock) {
            return end != null;
        }
    }

    /**
     * Whether the task waits for a Deferred its iterator returned.
     *
     * @return {@code true} from the moment the Deferred was returned until it fires
     */
    public boolean isWaiting() {
        synchronized (cooperator.lock) {
            return waiting && end == null;
        }
    }

    /**
     * The number of {@link #pause()} calls not yet undone by {@link #resume()}.
     *
     * @return the pause count, {@code 0} when not paused
     */
    public int pauseCount() {
        synchronized (cooperator.lock) {
            return pauseCount;
        }
    }

    @Override
    public String toString() {
        String state;
        synchronized (cooperator.lock) {
            state = end != null ? "ended: " + end.name().toLowerCase(java.util.Locale.ROOT)
                    : waiting ? "waiting on a Deferred"
                    : pauseCount > 0 ? "paused " + pauseCount + "x"
                    : "running";
        }
        return "CooperativeTask@" + Integer.toHexString(System.identityHashCode(this)) + "[" + state + "]";
    }

    // ------------------------------------------------------------------------------------------
    // Called by the Cooperator

    /**
     * Runs one unit of work: asks the iterator for one element and acts on it. Called on the
     * clock's thread, never concurrently with itself, and never while holding the lock.
     */
    void oneWorkUnit() {
        Object element = null;
        boolean more;
        try {
            more = iterator.hasNext();
            if (more) {
                element = iterator.next();
            }
        } catch (Throwable t) {
            endOrReport(End.FAILED, Failure.of(t));
            return;
        }
        if (!more) {
            Throwable closeError = runCloser();
            if (closeError == null) {
                end(End.DONE, iterator);
            } else {
                endOrReport(End.FAILED, Failure.of(closeError));
            }
        } else if (element instanceof Deferred<?> d) {
            waitFor(d);
        }
    }

    /** Ends the task because its cooperator stopped; a no-op if it has ended already. */
    void schedulerStopped() {
        end(End.SCHEDULER_STOPPED, new Failure(new SchedulerStopped("the Cooperator was stopped")));
    }

    /** The Deferred holding a failure nobody asked for yet, or {@code null}; for tests. */
    Deferred<I> unobservedFailure() {
        synchronized (cooperator.lock) {
            return unobserved;
        }
    }

    /** Whether the task may have turns; with the lock held. */
    boolean runnable() {
        return end == null && pauseCount == 0 && !waiting;
    }

    // ------------------------------------------------------------------------------------------

    private <X> void waitFor(Deferred<X> d) {
        synchronized (cooperator.lock) {
            if (end != null) {
                return; // ended while its iterator ran (stopped from another thread): not ours to touch
            }
            waiting = true;
            cooperator.unschedule(this);
        }
        // May run at once, on this thread, if d has fired: the task is then simply rescheduled.
        d.addCallbacks(ignored -> {
            synchronized (cooperator.lock) {
                waiting = false;
                scheduleIfRunnable();
            }
            return null;
        }, failure -> {
            if (!end(End.FAILED, failure)) {
                throw failure; // the task ended meanwhile: leave the error where its owner can see it
            }
            return null;
        });
    }

    private void scheduleIfRunnable() {
        if (runnable()) {
            cooperator.schedule(this);
        }
    }

    private void checkAlive(String what) {
        if (end == null) {
            return;
        }
        String message = "cannot " + what + " " + this;
        switch (end) {
            case DONE -> throw new TaskDone(message);
            case STOPPED -> throw new TaskStopped(message);
            case FAILED -> throw new TaskFailed(message, ((Failure) outcome).value());
            case SCHEDULER_STOPPED -> throw new SchedulerStopped(message);
        }
    }

    /** Ends with a failure; if the task had ended already, reports the failure instead of losing it. */
    private void endOrReport(End how, Failure failure) {
        if (!end(how, failure)) {
            UnhandledErrors.report(new UnhandledError(failure, toString() + " (its last unit of work)", null, null));
        }
    }

    /**
     * Ends the task, unless it has ended already: takes it off the cooperator, closes its source,
     * then fires every {@code whenDone()} Deferred, outside the lock so that their callbacks may
     * use the cooperator (Twisted's {@code _completeWith}).
     *
     * @return whether this call ended the task
     */
    private boolean end(End how, Object result) {
        List<Deferred<I>> toFire;
        Deferred<I> keep = null;
        synchronized (cooperator.lock) {
            if (end != null) {
                return false;
            }
            end = how;
            outcome = result;
            toFire = observers;
            observers = null;
            if (toFire.isEmpty() && how == End.FAILED) {
                // Published under the lock, so a racing whenDone() either sees it (and consumes
                // it) or was registered as an observer above.
                keep = new Deferred<>();
                unobserved = keep;
            }
            cooperator.forget(this);
        }
        if (result instanceof Failure f) {
            Throwable closeError = runCloser();
            if (closeError != null && closeError != f.value()) {
                f.value().addSuppressed(closeError);
            }
            if (keep != null) {
                keep.errback(f);
            }
        }
        for (Deferred<I> d : toFire) {
            try {
                fire(d, result);
            } catch (AlreadyCalledError firedByItsHolder) {
                // Somebody fired a whenDone() Deferred themselves; the others still get the result.
            }
        }
        return true;
    }

    /** Closes the task's source once; returns what closing threw, or {@code null}. */
    private Throwable runCloser() {
        Runnable c;
        synchronized (cooperator.lock) {
            c = closer;
            closer = null;
        }
        if (c == null) {
            return null;
        }
        try {
            c.run();
            return null;
        } catch (Throwable t) {
            return t;
        }
    }

    @SuppressWarnings("unchecked")
    private static <I> void fire(Deferred<I> d, Object result) {
        if (result instanceof Failure f) {
            d.errback(f);
        } else {
            d.callback((I) result);
        }
    }
}
