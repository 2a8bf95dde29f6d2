package io.twine.defer;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.ArrayDeque;

/**
 * The driver of one coroutine: Twisted's {@code _inlineCallbacks} loop, on top of a
 * {@link CoroutineFiber} that can suspend the body in the middle of any call.
 *
 * <p>Public entry points are {@link Deferred#fromCoroutine}, {@link Coroutines#await} and
 * {@link Coroutines#inlineCallbacks}; this class is their engine.
 */
final class Coroutine<T> implements Runnable, Canceller<T>, Callback<Object, Object> {

    /*
     * Implementation overview.
     *
     * Driving. `drive(value)` hands `value` to the body and resumes the fiber on the calling
     * thread (the starter, or whichever thread fired the awaited Deferred, inside that Deferred's
     * callback chain). The body runs until it awaits an unfired Deferred or ends. On an await it
     * stores the Deferred in `next` and suspends; the driver, now outside the body, registers
     * this coroutine as a callback (addBoth) on it. Registering from outside the body means a
     * refused suspension (pinned) has nothing to undo, and it is what Twisted's driver does.
     *
     * Resume state. `state` is RUNNING while some thread drives the body, REGISTERING while the
     * driver adds its callback, WAITING once it has, READY if the Deferred fired during
     * registration, DONE at the end. A firing during registration (on this thread, because the
     * Deferred had already fired, or on another thread) only parks the result in `early` and flips
     * REGISTERING -> READY; the driver, whose flip REGISTERING -> WAITING then fails, loops
     * instead of recursing (Twisted's trampoline). A firing while WAITING flips WAITING -> RUNNING
     * and drives. Anything else is a resume of a coroutine that is running or done: refused.
     *
     * Deep chains. When a coroutine ends, firing its Deferred may resume another coroutine that
     * ends and fires the next, and so on: naively one nest of stack frames per coroutine (Twisted
     * overflows near 200). Firing a finished coroutine's Deferred is therefore trampolined per
     * thread: while a thread is firing one, a second coroutine that ends *directly inside that
     * firing* (outside any body) queues its firing instead, and the outer one drains the queue in a
     * loop. Bodies are never deferred: each coroutine resumes inside the callback chain of the
     * Deferred it awaited, exactly as in Twisted; only the firing of a finished coroutine's own
     * Deferred may happen after the other callbacks of the Deferred whose firing resumed it.
     * Running a body masks the trampoline (ThreadState saved and cleared around each resume), so
     * code inside a body sees Deferreds of coroutines that end synchronously already fired.
     *
     * Cancellation (Twisted's _cancellableInlineCallbacks). The returned Deferred D has this
     * coroutine as canceller and, first in its chain, CANCEL_TRAP. Cancelling D errbacks it with
     * a private CancelSignal; the trap swaps in a fresh target Deferred F (D then waits on F),
     * and cancels the awaited Deferred, whose outcome (usually CancelledError) the body sees at its
     * await: it may catch it and go on. The body's eventual outcome fires F, hence D. Cancelling
     * while the body runs, or after the awaited Deferred fired but before the body resumed, cancels
     * the next Deferred it awaits. `lock` (this
     * object's monitor, never held while user code runs) orders the canceller against completion:
     * exactly one of them fires the current target, and a completion racing a cancellation hands
     * its outcome to F instead of losing it.
     *
     * Thread state. A ThreadLocal ThreadState per thread holds the running coroutine (for await),
     * its ContextVar context and the trampoline. The driver saves and replaces it around every
     * resume, so whatever thread resumes the body sees the coroutine's own state.
     */

    private static final int RUNNING = 0;
    private static final int REGISTERING = 1;
    private static final int WAITING = 2;
    private static final int READY = 3;
    private static final int DONE = 4;

    private static final VarHandle STATE;

    static {
        try {
            STATE = MethodHandles.lookup().findVarHandle(Coroutine.class, "state", int.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    /** First entry of every target Deferred: turns a CancelSignal into the cancellation protocol. */
    @SuppressWarnings({"rawtypes", "unchecked"})
    private static final Errback<Deferred> CANCEL_TRAP = f -> {
        if (f.value() instanceof CancelSignal s) {
            return s.coroutine.cancelled();
        }
        throw f;
    };

    private final CoroutineBody<? extends T> body;
    private final CoroutineFiber fiber;
    private final ContextVar.Context context;

    private volatile int state = RUNNING;

    /*
     * Body <-> driver hand-over fields. Plain: each is written before a fiber hand-off and read
     * after it, and resume()/suspend() are happens-before edges (same thread for continuations,
     * a volatile flag for virtual threads).
     */
    /** Body -> driver: the unfired Deferred the body waits for. */
    private Deferred<?> next;
    /** Driver -> body: the value or Failure to return from await. */
    private Object input;
    /** Body -> driver: the return value or Failure, once ended. */
    private Object outcome;
    /** A result that arrived during registration; published by the CAS REGISTERING -> READY. */
    private Object early;

    // Guarded by `this` (the lock of the overview).
    /** The Deferred the body's outcome goes to: the returned one, or the fresh one after a cancel. */
    private volatile Deferred<T> target;
    /** The Deferred the body is suspended on, or null while it runs. */
    private Deferred<?> awaited;
    private boolean cancelPending;
    private boolean finished;
    /** The target that the canceller fired (with a CancelSignal or the outcome), if any. */
    private Deferred<T> firedByCanceller;

    private Coroutine(CoroutineBody<? extends T> body, CoroutineFiber.Factory fibers) {
        this.body = body;
        this.context = ContextVar.Context.current().copy();
        this.fiber = fibers.create(this);
        this.target = newTarget();
    }

    /** Deferred.fromCoroutine: runs {@code body} now until its first real suspension. */
    static <T> Deferred<T> start(CoroutineBody<? extends T> body, CoroutineFiber.Factory fibers) {
        Coroutine<T> c = new Coroutine<>(body, fibers);
        Deferred<T> d = c.target;
        c.drive(null, false);
        return d;
    }

    /** The coroutine whose body the current thread is running, or null. */
    static Coroutine<?> current() {
        return ThreadState.get().current;
    }

    private Deferred<T> newTarget() {
        Deferred<T> d = new Deferred<>(this);
        @SuppressWarnings({"unchecked", "rawtypes"})
        Errback<Deferred<T>> trap = (Errback) CANCEL_TRAP;
        d.addErrbackDeferred(trap);
        return d;
    }

    // ------------------------------------------------------------------------------------------
    // Inside the body

    /** The fiber's entry point: runs the body and records its outcome. Never throws. */
    @Override
    public void run() {
        // For the virtual-thread fiber, whose body thread is fresh; a no-op for continuations.
        ThreadState ts = ThreadState.get();
        ts.current = this;
        ts.context = context;
        Object out;
        try {
            out = body.run();
            if (out instanceof Deferred<?>) {
                out = new Failure(new IllegalArgumentException("a coroutine returned a Deferred, which cannot be a "
                        + "result; return await(thatDeferred) to return its result instead"));
            }
        } catch (Throwable t) {
            out = Failure.of(t);
        }
        outcome = out;
    }

    /**
     * Called by await in the body: suspends until {@code d} fires and returns its value or
     * Failure.
     */
    Object suspendOn(Deferred<?> d) {
        Deferred<T> t = target;
        if (d == t) {
            throw new IllegalStateException("a coroutine cannot await its own Deferred: it would wait for itself forever");
        }
        next = d;
        // Diagnostics: the wait-for graph and JFR see "this coroutine awaits d" (a no-op when off).
        WaitRegistration wait = Deferreds.awaiting(this, t, d);
        // A test harness's window of suspended coroutines (one volatile read when none is open).
        SuspendedCoroutines.Suspension seen =
                SuspendedCoroutines.active ? SuspendedCoroutines.suspending(this, d) : null;
        String pinned = fiber.suspend();
        if (seen != null) {
            SuspendedCoroutines.resumed(seen);
        }
        wait.resumed();
        if (pinned != null) {
            next = null;
            throw new IllegalStateException("await cannot suspend the coroutine here (pinned: " + pinned + "): "
                    + pinnedWhy(pinned) + "; await outside of it. Nothing was changed: the awaited Deferred has no "
                    + "new callback and the body goes on from this exception");
        }
        Object r = input;
        input = null;
        return r;
    }

    @Override
    public String toString() {
        return "coroutine " + body.getClass().getName();
    }

    private static String pinnedWhy(String reason) {
        if (reason.startsWith("MONITOR")) {
            return "the body holds a synchronized monitor, which this JDK cannot carry across a suspension (JDK 24+ can)";
        }
        if (reason.startsWith("CRITICAL_SECTION")) {
            return "the call is inside a JDK critical section";
        }
        return "the call is inside a class initializer or under a native frame";
    }

    // ------------------------------------------------------------------------------------------
    // The driver

    /**
     * Resumes the body with {@code value} on this thread; the caller owns the RUNNING state.
     * {@code fromCallback}: resumed by the awaited Deferred's callback (so the final firing may be
     * trampolined), not by {@link #start}.
     */
    private void drive(Object value, boolean fromCallback) {
        ThreadState ts = ThreadState.get();
        for (;;) {
            input = value;
            boolean ended;
            Coroutine<?> savedCurrent = ts.current;
            ContextVar.Context savedContext = ts.context;
            boolean savedFiring = ts.firing;
            ArrayDeque<Object> savedQueue = ts.queue;
            ts.current = this;
            ts.context = context;
            ts.firing = false;
            ts.queue = null;
            try {
                ended = fiber.resume();
            } catch (Throwable t) {
                // Only a broken mechanism gets here (the body's own exceptions end up in `outcome`).
                outcome = Failure.of(t);
                ended = true;
            } finally {
                ts.current = savedCurrent;
                ts.context = savedContext;
                ts.firing = savedFiring;
                ts.queue = savedQueue;
            }
            if (ended) {
                complete(ts, fromCallback);
                return;
            }
            Deferred<?> d = next;
            next = null;
            state = REGISTERING;
            boolean cancelNow;
            synchronized (this) {
                awaited = d;
                cancelNow = cancelPending;
                cancelPending = false;
            }
            d.addBoth(this);
            if (STATE.compareAndSet(this, REGISTERING, WAITING)) {
                if (cancelNow) {
                    // Consistent state first: this may resume the body at once, or throw (a canceller's error).
                    d.cancel();
                }
                return;
            }
            // It fired during registration: go round again instead of recursing.
            value = early;
            early = null;
            state = RUNNING;
            synchronized (this) {
                awaited = null;
                cancelPending |= cancelNow; // it found nothing to cancel: applies to the next await
            }
        }
    }

    /** The awaited Deferred fired: resume the body here, inside its callback chain. */
    @Override
    public Object call(Object result) {
        for (;;) {
            int s = state;
            if (s == WAITING) {
                if (STATE.compareAndSet(this, WAITING, RUNNING)) {
                    synchronized (this) {
                        awaited = null;
                    }
                    drive(result, true);
                    return null; // consumes the result, as Twisted's driver does
                }
            } else if (s == REGISTERING) {
                early = result;
                if (STATE.compareAndSet(this, REGISTERING, READY)) {
                    return null;
                }
            } else {
                throw refusedResume(s);
            }
        }
    }

    /** Resuming a coroutine is only ever done by the Deferred it waits on; anything else is refused. */
    IllegalStateException refusedResume(int s) {
        return new IllegalStateException(s == DONE ? "the coroutine has already finished; it cannot be resumed"
                : "the coroutine is already running; it cannot be resumed until it awaits");
    }

    private void complete(ThreadState ts, boolean mayDefer) {
        Deferred<T> t;
        boolean cancellerFiredIt;
        synchronized (this) {
            finished = true;
            t = target;
            cancellerFiredIt = firedByCanceller == t;
        }
        state = DONE;
        if (cancellerFiredIt) {
            // The canceller's signal is on its way through t; cancelled() hands our outcome on.
            return;
        }
        if (mayDefer && ts.firing) {
            ArrayDeque<Object> q = ts.queue;
            if (q == null) {
                ts.queue = q = new ArrayDeque<>();
            }
            q.add(this);
            q.add(t);
            return;
        }
        boolean wasFiring = ts.firing;
        ArrayDeque<Object> outerQueue = ts.queue;
        ts.firing = true;
        ts.queue = null;
        Throwable first = null;
        try {
            Coroutine<?> c = this;
            Deferred<?> d = t;
            for (;;) {
                try {
                    c.fireTarget(d);
                } catch (RuntimeException | Error e) {
                    // Keep draining: the queued coroutines' results must not be lost.
                    if (first == null) {
                        first = e;
                    } else {
                        first.addSuppressed(e);
                    }
                }
                ArrayDeque<Object> q = ts.queue;
                if (q == null || q.isEmpty()) {
                    break;
                }
                c = (Coroutine<?>) q.poll();
                d = (Deferred<?>) q.poll();
            }
        } finally {
            ts.firing = wasFiring;
            ts.queue = outerQueue;
        }
        if (first instanceof RuntimeException e) {
            throw e;
        }
        if (first instanceof Error e) {
            throw e;
        }
    }

    @SuppressWarnings("unchecked")
    private void fireTarget(Deferred<?> d) {
        try {
            fire((Deferred<T>) d, outcome);
        } catch (AlreadyCalledError e) {
            synchronized (this) {
                if (firedByCanceller == d) {
                    return; // a concurrent cancel fired it; cancelled() passes our outcome on
                }
            }
            throw e;
        }
    }

    @SuppressWarnings("unchecked")
    private static <T> void fire(Deferred<T> d, Object out) {
        if (out instanceof Failure f) {
            d.errback(f);
        } else {
            d.callback((T) out);
        }
    }

    // ------------------------------------------------------------------------------------------
    // Cancellation

    /** The canceller of every target Deferred (runs only while {@code d} is unfired). */
    @Override
    public void cancel(Deferred<T> d) {
        boolean fireOutcome;
        synchronized (this) {
            if (d != target) {
                return;
            }
            fireOutcome = finished;
            firedByCanceller = d;
        }
        try {
            if (fireOutcome) {
                // The body has ended and its outcome is about to be delivered: deliver it now.
                fire(d, outcome);
            } else {
                d.errback(new CancelSignal(this));
            }
        } catch (AlreadyCalledError raced) {
            // The completion fired d first: its outcome stands.
        }
    }

    /** CANCEL_TRAP, in the cancelled target's chain: swap in a fresh target, cancel what we await. */
    private Deferred<T> cancelled() {
        Deferred<T> fresh = newTarget();
        boolean ended;
        Deferred<?> a;
        synchronized (this) {
            target = fresh;
            ended = finished;
            a = awaited;
            if (!ended && a == null) {
                cancelPending = true;
            }
        }
        if (ended) {
            fire(fresh, outcome);
            return fresh;
        }
        while (a != null) {
            if (!a.called() || a.waitingOn() != null) {
                // Unfired, or waiting on a chained Deferred (cancel() forwards to it). If it fires
                // meanwhile, cancel() is a no-op: the awaited result won the race.
                a.cancel();
                break;
            }
            // It has fired and the body is about to resume (or already did and awaits something
            // else): the cancellation is for whatever the body awaits next.
            synchronized (this) {
                if (awaited == a || awaited == null) {
                    cancelPending = true;
                    break;
                }
                a = awaited;
            }
        }
        return fresh;
    }

    /** The private error that starts the cancellation protocol; never seen by users. */
    private static final class CancelSignal extends RuntimeException {
        private static final long serialVersionUID = 1L;
        private final transient Coroutine<?> coroutine;

        CancelSignal(Coroutine<?> coroutine) {
            super("coroutine cancellation in progress", null, false, false);
            this.coroutine = coroutine;
        }
    }

    // ------------------------------------------------------------------------------------------
    // Per-thread state

    /**
     * What the current thread is doing for coroutines: the coroutine whose body it runs (for
     * await), the ContextVar context in force, and the completion trampoline. Only its own thread
     * touches it.
     */
    static final class ThreadState {
        private static final ThreadLocal<ThreadState> LOCAL = ThreadLocal.withInitial(ThreadState::new);

        Coroutine<?> current;
        ContextVar.Context context;
        /** A finished coroutine's Deferred is being fired on this thread, outside any body. */
        boolean firing;
        /** Pairs (coroutine, target) whose firing waits for the current one to finish. */
        ArrayDeque<Object> queue;

        static ThreadState get() {
            return LOCAL.get();
        }
    }
}
