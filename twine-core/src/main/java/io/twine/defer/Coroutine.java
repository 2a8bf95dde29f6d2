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
final class Coroutine<T> implements Runnable, Canceller<T>, Callback<Object, Object>, Errback<Object> {

    /*
     * Implementation overview.
     *
     * Driving. `drive(value)` hands `value` to the body and resumes the fiber on the calling
     * thread (the starter, or whichever thread fired the awaited Deferred, inside that Deferred's
     * callback chain). The body runs until it awaits an unfired Deferred or ends. On an await it
     * stores the Deferred in `awaited` and suspends; the driver, now outside the body, registers
     * this coroutine itself as the both-sides entry of that Deferred's chain (no wrapper object).
     * Registering from outside the body means a refused suspension (pinned) has nothing to undo,
     * and it is what Twisted's driver does.
     *
     * Resume state. `state` packs a phase, a CANCEL flag and a generation (bumped on every
     * registration, so that a canceller acting on a stale read cannot mistake a later wait for the
     * one it saw). Phases: RUNNING while some thread drives the body or registers it, WAITING once
     * registered, READY if the Deferred fired during the registration, DONE at the end. A firing
     * during registration (on this thread, because the Deferred had fired meanwhile, or on another
     * thread) only parks the result in `transfer` and CASes RUNNING -> READY; the driver, whose CAS
     * RUNNING -> WAITING then fails, loops instead of recursing (Twisted's trampoline). A firing
     * while WAITING CASes WAITING -> RUNNING and drives. A non-null `awaited` tells a firing
     * during registration from a resume of a running body (refused, as is one of a finished body):
     * the body sets it before suspending, so whoever the chain calls sees it (through that
     * Deferred's lock); whoever resumes the body clears it first.
     *
     * Cost per await of an unfired Deferred: two CASes here (register, resume), the Deferred's own
     * locks, and no allocation beyond the Deferred's chain slot. Diagnostics (the wait-for graph,
     * JFR, async traces, the test harness's window of suspended coroutines) cost one volatile read
     * each when off, and are handled off the fast path.
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
     * while the body runs, or after the awaited Deferred fired but before the body resumed, sets
     * the CANCEL flag (a CAS that fails if the phase or generation moved), and the driver cancels
     * the next Deferred the body awaits once registered. `lock` (this object's monitor, never held
     * while user code runs, and not taken per await) orders the canceller against completion:
     * exactly one of them fires the current target, and a completion racing a cancellation hands
     * its outcome to F instead of losing it.
     *
     * Thread state. A ThreadLocal ThreadState per thread holds the running coroutine (for await),
     * its ContextVar context and the trampoline. The driver saves and replaces it around every
     * resume, so whatever thread resumes the body sees the coroutine's own state.
     */

    private static final int RUNNING = 0;
    private static final int WAITING = 1;
    private static final int READY = 2;
    private static final int DONE = 3;
    private static final int PHASE = 3;
    /** A cancellation waits for the next registration. */
    private static final int CANCEL = 4;
    /** The canceller fired the current target (set and cleared under the lock). */
    private static final int CANCELLER_FIRED = 8;
    /** The generation, above the phase and the flags: one unit per registration. */
    private static final int GENERATION = 16;

    private static final VarHandle STATE;
    private static final VarHandle AWAITED;

    static {
        try {
            MethodHandles.Lookup l = MethodHandles.lookup();
            STATE = l.findVarHandle(Coroutine.class, "state", int.class);
            AWAITED = l.findVarHandle(Coroutine.class, "awaited", Deferred.class);
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
    /** This coroutine's ContextVar context; null while it is empty and unused (made on first use). */
    private ContextVar.Context context;

    /** Phase, flags and generation (see the overview); DONE and CANCELLER_FIRED change under the lock. */
    private volatile int state = RUNNING;

    /*
     * Body <-> driver hand-over fields. Plain: each is written before a fiber hand-off and read
     * after it, and resume()/suspend() are happens-before edges (same thread for continuations,
     * a volatile flag for virtual threads); the canceller reads `awaited` only after seeing
     * WAITING, whose CAS published it.
     */
    /**
     * Body -> driver: the unfired Deferred the body waits for; set from the suspension until the
     * body is resumed, null while it runs.
     */
    private Deferred<?> awaited;
    /**
     * One slot for what passes between the parties, never two at once: driver -> body, the value
     * or Failure to return from await; firing -> driver, a result that arrived during registration
     * (published by the CAS to READY); body -> driver, its return value or Failure once ended.
     */
    private Object transfer;

    // Guarded by `this` (the lock of the overview).
    /** The Deferred the body's outcome goes to: the returned one, or the fresh one after a cancel. */
    private volatile Deferred<T> target;

    private Coroutine(CoroutineBody<? extends T> body, CoroutineFiber.Factory fibers) {
        this.body = body;
        this.context = ContextVar.Context.copyOfCurrent();
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
        transfer = out;
    }

    /** This coroutine's context, made on first use; only the thread running the body calls it. */
    ContextVar.Context context() {
        ContextVar.Context c = context;
        if (c == null) {
            context = c = ContextVar.Context.empty();
        }
        return c;
    }

    /**
     * Called by await in the body: suspends until {@code d} fires and returns its value or
     * Failure.
     */
    Object suspendOn(Deferred<?> d) {
        if (d == target) {
            throw new IllegalStateException("a coroutine cannot await its own Deferred: it would wait for itself forever");
        }
        awaited = d;
        if ((Deferred.instrumentation & OBSERVED) != 0 || SuspendedCoroutines.active) {
            return suspendObserved(d);
        }
        String pinned = fiber.suspend();
        if (pinned != null) {
            throw pinned(pinned);
        }
        Object r = transfer;
        transfer = null;
        return r;
    }

    /** The diagnostics that see "this coroutine awaits d" (the wait-for graph, JFR, async traces). */
    private static final int OBSERVED = Instrumentation.PENDING | Instrumentation.JFR | Instrumentation.DEBUG;

    /** suspendOn while some diagnostic or a window of suspended coroutines is on. */
    private Object suspendObserved(Deferred<?> d) {
        WaitRegistration wait = Deferreds.awaiting(this, target, d);
        SuspendedCoroutines.Suspension seen =
                SuspendedCoroutines.active ? SuspendedCoroutines.suspending(this, d) : null;
        String pinned = fiber.suspend();
        if (seen != null) {
            SuspendedCoroutines.resumed(seen);
        }
        if (wait != WaitRegistration.NONE) {
            wait.resumed();
        }
        if (pinned != null) {
            throw pinned(pinned);
        }
        Object r = transfer;
        transfer = null;
        return r;
    }

    /** The suspension was refused: nothing was registered, the body goes on from this exception. */
    private IllegalStateException pinned(String pinned) {
        awaited = null;
        return new IllegalStateException("await cannot suspend the coroutine here (pinned: " + pinned + "): "
                + pinnedWhy(pinned) + "; await outside of it. Nothing was changed: the awaited Deferred has no "
                + "new callback and the body goes on from this exception");
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
     * Resumes the body with {@code value} on this thread; the caller owns the RUNNING phase.
     * {@code fromCallback}: resumed by the awaited Deferred's callback (so the final firing may be
     * trampolined), not by {@link #start}.
     */
    private void drive(Object value, boolean fromCallback) {
        ThreadState ts = ThreadState.get();
        for (;;) {
            transfer = value;
            awaited = null;
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
                // Only a broken mechanism gets here (the body's own exceptions end up in `transfer`).
                transfer = Failure.of(t);
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
            Deferred<?> d = awaited;
            d.addBothUnwrapped(this);
            for (;;) {
                int s = state;
                if ((s & PHASE) == READY) {
                    // It fired during registration: go round again instead of recursing. (CAS: a
                    // canceller may be adding CANCEL, which then applies to the next await.)
                    value = transfer;
                    if (STATE.compareAndSet(this, s, s & ~PHASE)) {
                        break;
                    }
                } else if (STATE.compareAndSet(this, s, ((s + GENERATION) & ~(PHASE | CANCEL)) | WAITING)) {
                    if ((s & CANCEL) != 0) {
                        // Consistent state first: this may resume the body at once, or throw (a canceller's error).
                        d.cancel();
                    }
                    return;
                }
            }
        }
    }

    /** The awaited Deferred fired: resume the body here, inside its callback chain. */
    @Override
    public Object call(Object result) {
        for (;;) {
            int s = state;
            int phase = s & PHASE;
            if (phase == WAITING) {
                if (STATE.compareAndSet(this, s, s & ~PHASE)) {
                    drive(result, true);
                    return null; // consumes the result, as Twisted's driver does
                }
            } else if (phase == RUNNING && awaited != null) {
                transfer = result;
                if (STATE.compareAndSet(this, s, s | READY)) {
                    return null;
                }
            } else {
                throw refusedResume(phase);
            }
        }
    }

    /** The awaited Deferred failed: the same as {@link #call(Object)} (the entry is both-sided). */
    @Override
    public Object call(Failure failure) {
        return call((Object) failure);
    }

    /** Resuming a coroutine is only ever done by the Deferred it waits on; anything else is refused. */
    IllegalStateException refusedResume(int s) {
        return new IllegalStateException((s & PHASE) == DONE ? "the coroutine has already finished; it cannot be resumed"
                : "the coroutine is already running; it cannot be resumed until it awaits");
    }

    private void complete(ThreadState ts, boolean mayDefer) {
        Deferred<T> t;
        boolean cancellerFiredIt;
        synchronized (this) {
            int s = setPhaseDone();
            t = target;
            cancellerFiredIt = (s & CANCELLER_FIRED) != 0;
        }
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
            fire((Deferred<T>) d, transfer);
        } catch (AlreadyCalledError e) {
            synchronized (this) {
                if ((state & CANCELLER_FIRED) != 0 && target == d) {
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
            fireOutcome = (state & PHASE) == DONE;
            updateFlags(CANCELLER_FIRED, 0);
        }
        try {
            if (fireOutcome) {
                // The body has ended and its outcome is about to be delivered: deliver it now.
                fire(d, transfer);
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
        synchronized (this) {
            target = fresh;
            updateFlags(0, CANCELLER_FIRED);
            ended = (state & PHASE) == DONE;
        }
        if (ended) {
            fire(fresh, transfer);
            return fresh;
        }
        for (;;) {
            int s = state;
            int phase = s & PHASE;
            if (phase == DONE) {
                return fresh; // it ended meanwhile: complete() saw the fresh target and fires it
            }
            if (phase == WAITING) {
                Deferred<?> a = (Deferred<?>) AWAITED.getAcquire(this);
                if (a == null || state != s) {
                    continue; // moved on while we looked: `a` may not be what it waits for now
                }
                if (!a.called() || a.waitingOn() != null) {
                    // Unfired, or waiting on a chained Deferred (cancel() forwards to it). If it fires
                    // meanwhile, cancel() is a no-op: the awaited result won the race.
                    a.cancel();
                    return fresh;
                }
                // It has fired and the body is about to resume: the cancellation is for whatever
                // the body awaits next.
            }
            // Running, registering, or about to resume: the next registration cancels.
            if (STATE.compareAndSet(this, s, s | CANCEL)) {
                return fresh;
            }
        }
    }

    /** With the lock held: the phase becomes DONE; returns the state before. */
    private int setPhaseDone() {
        for (;;) {
            int s = state;
            if (STATE.compareAndSet(this, s, s | DONE)) { // DONE has every phase bit
                return s;
            }
        }
    }

    /** With the lock held: sets and clears flags (CASes, as lock-free transitions may race). */
    private void updateFlags(int set, int clear) {
        for (;;) {
            int s = state;
            if (STATE.compareAndSet(this, s, (s | set) & ~clear)) {
                return;
            }
        }
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
