package io.twine.bench.proto;

import io.twine.defer.AlreadyCalledError;
import io.twine.defer.Callback;
import io.twine.defer.Canceller;
import io.twine.defer.Errback;
import io.twine.defer.Failure;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.Arrays;
import java.util.Objects;

/**
 * {@link CopyDeferred} (the engine as of this branch) with four hot-path changes, to measure what
 * they are worth before anyone applies them to twine-core:
 * <ol>
 * <li>{@code callback}/{@code errback} take the first batch of callbacks under the lock they
 *     already hold to fire, so the run loop starts without a second compare-and-set;</li>
 * <li>{@code result()} on a fired, idle FastDeferred reads without the lock (a seqlock check: state,
 *     result, acquire fence, state again; falls back to the lock on any change);</li>
 * <li>a batch that empties the chain drops the array instead of nulling its slots;</li>
 * <li>adding a plain callback to a fired, idle FastDeferred calls it and commits with one lock, without
 *     entering the general run loop (which takes over if it returns a FastDeferred or a Failure, or if
 *     other threads appended meanwhile).</li>
 * </ol>
 * Everything else is identical to the copy. A benchmark prototype, not a library.
 */
public class FastDeferred<T> {

    /*
     * Implementation overview.
     *
     * State. One int, `state`, holds: LOCKED (a spin lock guarding result/chain/next/size/
     * canceller), CALLED (fired), RUNNING (some thread is the runner of this chain), WAITING
     * (the chain waits for another FastDeferred, which is in `result`), SUPPRESS (swallow one late
     * firing after a canceller-less cancel) and, from bit 8 up, the count of user pauses. The lock
     * is held only for a handful of plain field accesses, never while user code runs; it is taken
     * with a CAS (acquire) and released with setRelease, which also publishes every field written
     * under it.
     *
     * Chain. Entries live in `chain[next..size)`. An entry is a user Callback (success side only),
     * a user Errback (failure side only), a Pair (both), a Continuation (hand our result to a
     * FastDeferred that waits on us) or a Relay (chainDeferred). Storing the user's lambda itself as
     * the entry keeps addCallback at no allocation of ours beyond amortised array growth.
     *
     * Running. The runner takes a batch (the array and the bounds [next, size)) under the lock,
     * runs it without the lock, then commits (clears the slots, advances `next`) and looks again;
     * callbacks appended meanwhile, by the running callbacks themselves or by other threads, are
     * picked up the same way. When nothing is left it publishes the result and clears RUNNING in
     * one release. While running, the current result lives in a local variable; `result` is
     * published at batch boundaries, so introspection from other threads sees a recent snapshot.
     *
     * No recursion. As in Twisted's _runCallbacks, one loop walks an explicit stack of Deferreds.
     * When a callback returns an unfired FastDeferred `r`, the current FastDeferred marks itself WAITING,
     * appends a Continuation to `r`, and gives up running. When `r`'s runner (on any thread)
     * reaches that Continuation, it moves r's result into the waiting FastDeferred and, in the same
     * loop, continues with the waiting FastDeferred's chain, pushing `r` on the explicit stack only if
     * `r` still has callbacks of its own to finish. A chain of a million Deferreds each waiting on
     * the next therefore unwinds in one loop, in constant Java stack.
     *
     * Exactly-once firing. CALLED is set under the lock; the thread that sets it is the only one
     * that stores the fired result. RUNNING is granted under the lock to exactly one thread, and
     * only when the FastDeferred is fired, not paused and not waiting.
     *
     * Locks are never nested: a runner that must touch two Deferreds takes their locks one after
     * the other, and the WAITING handshake (mark WAITING while still RUNNING, append the
     * Continuation, then release RUNNING only if still WAITING) covers the window in between.
     */

    private static final int LOCKED = 1;
    private static final int CALLED = 1 << 1;
    private static final int RUNNING = 1 << 2;
    private static final int WAITING = 1 << 3;
    private static final int SUPPRESS = 1 << 4;
    private static final int PAUSE_SHIFT = 8;
    private static final int PAUSE_UNIT = 1 << PAUSE_SHIFT;
    private static final int PAUSES = -PAUSE_UNIT; // the bits above PAUSE_SHIFT
    /** Set when the FastDeferred is fired and nothing stops a runner from draining it. */
    private static final int BLOCKERS = CALLED | RUNNING | WAITING | PAUSES;

    private static final VarHandle STATE;
    private static final VarHandle EXTRA;

    static {
        try {
            MethodHandles.Lookup l = MethodHandles.lookup();
            STATE = l.findVarHandle(FastDeferred.class, "state", int.class);
            EXTRA = l.findVarHandle(FastDeferred.class, "extra", DebugInfo.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private static volatile boolean debugging;

    /** See the overview: lock bit, flags, pause count. */
    private volatile int state;
    /** The current result, a Failure, or the FastDeferred waited on; guarded by the lock. */
    private Object result;
    /** Pending entries in [next, size); guarded by the lock. */
    private Object[] chain;
    private int next;
    private int size;
    /** Cleared when fired; guarded by the lock. */
    private Canceller<T> canceller;
    /** Debug sites and unhandled-failure tracking; installed once by CAS, null on the fast path. */
    private volatile DebugInfo extra;

    /** Creates an unfired FastDeferred without canceller. */
    public FastDeferred() {
        if (debugging) {
            extra = new DebugInfo(new Throwable("FastDeferred was created"));
        }
    }

    /**
     * Creates an unfired FastDeferred with a canceller that {@link #cancel()} calls.
     *
     * @param canceller stops the underlying operation; may be {@code null}
     */
    public FastDeferred(Canceller<T> canceller) {
        this();
        this.canceller = canceller;
    }

    // ------------------------------------------------------------------------------------------
    // Factories

    public static <T> FastDeferred<T> succeed(T value) {
        FastDeferred<T> d = new FastDeferred<>();
        if (value instanceof Failure f) {
            d.fire(f);
        } else {
            d.result = refuseDeferred(value, "succeed");
            d.state = CALLED;
        }
        return d;
    }

    // ------------------------------------------------------------------------------------------
    // Adding callbacks

    /**
     * Adds a callback; failures pass it by unchanged (Twisted's {@code addCallback}). If the
     * FastDeferred has already fired and nothing is running it, the callback runs now, on this thread,
     * before this method returns.
     *
     * @param callback receives the current result; see {@link Callback} for what it may return
     * @param <R> the result type after the callback
     * @return this FastDeferred, typed for the next step
     */
    public final <R> FastDeferred<R> addCallback(Callback<? super T, ? extends R> callback) {
        Objects.requireNonNull(callback, "addCallback needs a callback, got null");
        add(callback instanceof Errback<?> ? new Pair(callback, null) : callback);
        return retype();
    }

    /**
     * Adds an errback; successes pass it by unchanged (Twisted's {@code addErrback}). It recovers
     * by returning a value and passes the error on by throwing (for example via
     * {@link Failure#trap}).
     *
     * @param errback receives the current failure
     * @return this FastDeferred
     */
    public final FastDeferred<T> addErrback(Errback<? extends T> errback) {
        Objects.requireNonNull(errback, "addErrback needs an errback, got null");
        add(errback instanceof Callback<?, ?> ? new Pair(null, errback) : errback);
        return this;
    }

    /**
     * Adds a callback and an errback at the same level of the chain: exactly one of them runs
     * (Twisted's {@code addCallbacks}; the seed's try/except/else). Either may be {@code null}
     * to pass that side through unchanged.
     *
     * @param callback runs on success, or {@code null}
     * @param errback runs on failure, or {@code null}
     * @param <R> the result type after this step
     * @return this FastDeferred, typed for the next step
     */
    public final <R> FastDeferred<R> addCallbacks(Callback<? super T, ? extends R> callback,
                                              Errback<? extends R> errback) {
        add(new Pair(callback, errback));
        return retype();
    }

    /**
     * Adds one function as both callback and errback (Twisted's {@code addBoth}; the seed's
     * {@code finally}). It receives either the value or the {@link Failure}; returning the
     * argument unchanged keeps the outcome as it was, Failure included.
     *
     * @param both receives the value or the Failure
     * @param <R> the result type after this step
     * @return this FastDeferred, typed for the next step
     */
    public final <R> FastDeferred<R> addBoth(Callback<Object, ? extends R> both) {
        Objects.requireNonNull(both, "addBoth needs a function, got null");
        add(new Both(both));
        return retype();
    }

    /**
     * The statically typed form of chaining: adds a callback that returns another FastDeferred, whose
     * eventual result becomes this chain's result. Same behaviour as {@link #addCallback} with
     * such a callback; only the Java type differs ({@code FastDeferred<R>}, not
     * {@code FastDeferred<FastDeferred<R>>}). Twisted needs no such method; it is the Java spelling of
     * "a callback returned a FastDeferred".
     *
     * @param callback returns the FastDeferred to wait for
     * @param <R> the eventual result type
     * @return this FastDeferred, typed for the next step
     */
    public final <R> FastDeferred<R> addCallbackDeferred(Callback<? super T, ? extends FastDeferred<? extends R>> callback) {
        Objects.requireNonNull(callback, "addCallbackDeferred needs a callback, got null");
        add(callback instanceof Errback<?> ? new Pair(callback, null) : callback);
        return retype();
    }

    /**
     * The statically typed form of an errback that recovers asynchronously by returning another
     * FastDeferred (see {@link #addCallbackDeferred}).
     *
     * @param errback returns the FastDeferred to wait for
     * @return this FastDeferred
     */
    public final FastDeferred<T> addErrbackDeferred(Errback<? extends FastDeferred<? extends T>> errback) {
        Objects.requireNonNull(errback, "addErrbackDeferred needs an errback, got null");
        add(errback instanceof Callback<?, ?> ? new Pair(null, errback) : errback);
        return this;
    }

    /**
     * Makes {@code other} fire with this FastDeferred's result when it arrives (Twisted's
     * {@code chainDeferred}). One-way: firing {@code other} does not affect this one, and
     * cancelling this one does not cancel {@code other}. Afterwards this chain continues with
     * {@code null} (the return value of {@code other.callback}); if {@code other} had already
     * fired, it continues with an {@link AlreadyCalledError} failure instead. Runs without
     * recursion however deeply such chains nest.
     *
     * @param other the FastDeferred to fire
     * @return this FastDeferred, typed as Twisted's (the next callback sees {@code null})
     * @throws IllegalArgumentException if {@code other} is this FastDeferred
     */
    public final FastDeferred<Void> chainDeferred(FastDeferred<? super T> other) {
        Objects.requireNonNull(other, "chainDeferred needs a FastDeferred, got null");
        if (other == this) {
            throw new IllegalArgumentException("chainDeferred: a FastDeferred cannot be chained to itself");
        }
        add(new Relay(other));
        return retype();
    }

    @SuppressWarnings("unchecked")
    private <R> FastDeferred<R> retype() {
        return (FastDeferred<R>) this;
    }

    // ------------------------------------------------------------------------------------------
    // Firing

    /**
     * Fires the FastDeferred with a result: the callbacks run now, on this thread, unless the FastDeferred
     * is paused (Twisted's {@code callback}). A {@link Failure} argument is the same as
     * {@link #errback}.
     *
     * @param value the result, may be {@code null}
     * @throws AlreadyCalledError if it has already fired
     * @throws IllegalArgumentException if {@code value} is a FastDeferred (use {@link #chainDeferred}
     *         or return it from a callback instead)
     */
    public final void callback(T value) {
        fire(refuseDeferred(value, "callback"));
    }

    /**
     * Fires the FastDeferred with an error: the errbacks run now, on this thread, unless the FastDeferred
     * is paused (Twisted's {@code errback}).
     *
     * @param error the exception; a {@link Failure} is used as is, anything else is wrapped
     * @throws AlreadyCalledError if it has already fired
     * @throws NullPointerException if {@code error} is {@code null} (Java has no "current
     *         exception" for Twisted's argument-less form)
     */
    public final void errback(Throwable error) {
        Objects.requireNonNull(error, "errback needs an exception, got null");
        fire(Failure.of(error));
    }

    private static <V> V refuseDeferred(V value, String what) {
        if (value instanceof FastDeferred<?>) {
            throw new IllegalArgumentException(what + "(aDeferred) is refused: a FastDeferred cannot be the result of "
                    + "another. Return it from a callback to chain it, or use chainDeferred.");
        }
        return value;
    }

    private void fire(Object r) {
        Throwable site = debugging ? new Throwable("First Invoker was") : null;
        int s = lock();
        if ((s & CALLED) != 0) {
            if ((s & SUPPRESS) != 0) {
                unlock(s & ~SUPPRESS);
                return;
            }
            unlock(s);
            throw alreadyCalled();
        }
        fireLocked(s, r, site, 0);
    }

    /** Fires with the lock held (state {@code s}); releases it and runs the chain if it may. */
    private void fireLocked(int s, Object r, Throwable site, int extraFlags) {
        canceller = null;
        result = r;
        if (site != null) {
            DebugInfo dbg = debugInfo();
            if (dbg.invoker == null) {
                dbg.invoker = site;
            }
        }
        if ((s & PAUSES) == 0) {
            // Take the first batch under this lock: the run loop needs no CAS to start.
            Object[] batch = chain;
            int from = next;
            int end = size;
            unlock(s | CALLED | RUNNING | extraFlags);
            run(this, r, null, batch, from, end);
        } else {
            unlock(s | CALLED | extraFlags);
        }
    }

    private AlreadyCalledError alreadyCalled() {
        DebugInfo dbg = extra;
        String sites = dbg == null ? "" : DebugInfo.describe(dbg.creator, dbg.invoker);
        if (sites.isEmpty()) {
            return new AlreadyCalledError("FastDeferred has already been fired"
                    + " (turn on FastDeferred.setDebugging(true) to see where it was created and first fired)");
        }
        return new AlreadyCalledError("FastDeferred has already been fired:" + sites);
    }

    // ------------------------------------------------------------------------------------------
    // Introspection

    public final Object result() {
        int seen = state;
        if ((seen & (LOCKED | RUNNING | WAITING | CALLED)) == CALLED) {
            Object r = result;
            VarHandle.acquireFence(); // the read of result stays before the re-check
            if (state == seen) {
                return r;
            }
        }
        int s = lock();
        Object r = result;
        unlock(s);
        if ((s & CALLED) == 0) {
            throw new IllegalStateException("FastDeferred has no result yet: it has not fired");
        }
        return r;
    }

    // ------------------------------------------------------------------------------------------
    // The engine

    private DebugInfo debugInfo() {
        DebugInfo d = extra;
        if (d == null) {
            DebugInfo fresh = new DebugInfo(null);
            d = (DebugInfo) EXTRA.compareAndExchange(this, (DebugInfo) null, fresh);
            if (d == null) {
                d = fresh;
            }
        }
        return d;
    }

    private void clearUnhandled() {
        DebugInfo d = extra;
        if (d != null) {
            d.clear();
        }
    }

    private int lock() {
        int s = state;
        if ((s & LOCKED) == 0 && STATE.weakCompareAndSetAcquire(this, s, s | LOCKED)) {
            return s;
        }
        return lockSlow();
    }

    private int lockSlow() {
        for (int spins = 0; ; spins++) {
            int s = state;
            if ((s & LOCKED) == 0) {
                if (STATE.compareAndSet(this, s, s | LOCKED)) {
                    return s;
                }
            } else if (spins < 100) {
                Thread.onSpinWait();
            } else {
                // The holder may have been descheduled; it never holds the lock across user code.
                Thread.yield();
            }
        }
    }

    private void unlock(int s) {
        STATE.setRelease(this, s & ~LOCKED);
    }

    /** Appends with the lock held. */
    private void append(Object entry) {
        Object[] a = chain;
        if (a == null) {
            chain = a = new Object[2];
        } else if (size == a.length) {
            chain = a = Arrays.copyOf(a, a.length < 8 ? 8 : a.length << 1);
        }
        a[size++] = entry;
    }

    private void add(Object entry) {
        int s = lock();
        if ((s & BLOCKERS) == CALLED) {
            // Fired and idle: become the runner and run this entry directly, without storing it.
            Object r = result;
            unlock(s | RUNNING);
            if (entry instanceof Callback<?, ?> && !(r instanceof Failure)) {
                runOne(entry, r);
            } else {
                run(this, r, entry);
            }
            return;
        }
        append(entry);
        unlock(s);
    }

    /**
     * The fast path of adding a plain callback to a fired, idle Deferred (we own RUNNING): call it
     * and commit its plain result with one lock, without entering the general loop. A returned
     * Deferred or Failure, or entries appended by other threads meanwhile, go on in {@link #run}
     * (the callback's output handed in as an entry that returns it, so nothing runs twice).
     */
    @SuppressWarnings({"rawtypes", "unchecked"})
    private void runOne(Object entry, Object r) {
        Object out;
        try {
            out = ((Callback) entry).call(r);
        } catch (Throwable t) {
            out = Failure.of(t);
        }
        if (!(out instanceof FastDeferred) && !(out instanceof Failure)) {
            int s = lock();
            if (next == size) {
                // The previous pass ended on a value (r), so no unhandled failure is tracked.
                result = out;
                unlock(s & ~RUNNING);
                return;
            }
            unlock(s);
        }
        Object computed = out;
        run(this, r, (Callback<Object, Object>) ignored -> computed);
    }

    /** Clears the slots of a finished batch; with the lock held. */
    private void consume(int from, int to) {
        if (to == size && to > from) {
            // Everything taken: drop the array (callbacks added later to a fired Deferred are
            // run without being stored) instead of nulling each slot.
            chain = null;
            next = 0;
            size = 0;
            return;
        }
        if (to > from) {
            Arrays.fill(chain, from, to, null);
            next = to;
        }
        if (next == size) {
            next = 0;
            size = 0;
        }
    }

    /**
     * The runner: drains {@code start}'s chain, and the chains its result flows into, in one loop.
     * The caller owns {@code start}'s RUNNING bit. {@code first}, if not null, runs before the
     * stored entries (it was never stored: the fast path of adding to a fired FastDeferred).
     */
    @SuppressWarnings({"rawtypes", "unchecked"})
    private static void run(FastDeferred<?> start, Object startResult, Object first) {
        run(start, startResult, first, null, 0, 0);
    }

    /** As above, starting with the batch {@code firstBatch[firstFrom, firstEnd)} taken by the caller under the lock. */
    @SuppressWarnings({"rawtypes", "unchecked"})
    private static void run(FastDeferred<?> start, Object startResult, Object first,
                            Object[] firstBatch, int firstFrom, int firstEnd) {
        FastDeferred cur = start;
        Object res = startResult;
        Object entry = first;
        Object[] batch = firstBatch;
        int from = firstFrom;
        int i = firstFrom;
        int end = firstEnd;
        Object[] stack = null;
        int sp = 0;
        boolean reentered = false;
        for (;;) {
            if (entry == null) {
                if (i < end) {
                    entry = batch[i++];
                } else {
                    if (res instanceof Failure f) {
                        // Before letting go, so no other runner can consume it first and be undone.
                        cur.debugInfo().track(f, cur);
                    }
                    int s = cur.lock();
                    cur.consume(from, end);
                    boolean blocked = reentered && (s & (PAUSES | WAITING)) != 0;
                    reentered = false;
                    if (!blocked && cur.next < cur.size) {
                        batch = cur.chain;
                        from = i = cur.next;
                        end = cur.size;
                        cur.unlock(s);
                        continue;
                    }
                    cur.result = res;
                    if (!(res instanceof Failure) && !blocked) {
                        cur.clearUnhandled();
                    }
                    cur.unlock(s & ~RUNNING);
                    batch = null;
                    from = i = end = 0;
                    if (sp == 0) {
                        return;
                    }
                    res = stack[--sp];
                    stack[sp] = null;
                    cur = (FastDeferred) stack[--sp];
                    stack[sp] = null;
                    reentered = true;
                    continue;
                }
            }
            Object e = entry;
            entry = null;
            if (e instanceof Handoff h) {
                FastDeferred target = h.target;
                Object handed = res;
                int code;
                if (h instanceof Continuation) {
                    cur.clearUnhandled();
                    code = target.acceptChained(handed);
                    res = null;
                } else {
                    code = target.acceptRelayed(handed);
                    res = code == ALREADY_CALLED ? Failure.of(target.alreadyCalled()) : null;
                }
                if (code == RUN) {
                    // Finish or park `cur`, then continue with `target` in this same loop.
                    int s = cur.lock();
                    cur.consume(from, i);
                    boolean more = cur.next < cur.size;
                    if (!more) {
                        cur.result = res;
                        if (!(res instanceof Failure)) {
                            cur.clearUnhandled();
                        }
                        cur.unlock(s & ~RUNNING);
                    } else {
                        cur.unlock(s);
                    }
                    if (more) {
                        if (stack == null) {
                            stack = new Object[8];
                        } else if (sp + 2 > stack.length) {
                            stack = Arrays.copyOf(stack, stack.length << 1);
                        }
                        stack[sp++] = cur;
                        stack[sp++] = res;
                    }
                    cur = target;
                    res = handed;
                    batch = null;
                    from = i = end = 0;
                    reentered = false;
                }
                continue;
            }
            Object out;
            try {
                out = e instanceof Pair p ? p.invoke(res) : invoke(e, res);
            } catch (Throwable t) {
                out = Failure.of(t);
            }
            if (out instanceof FastDeferred r) {
                if (r == cur) {
                    out = new Failure(new IllegalStateException(
                            "a callback returned the FastDeferred it was added to; it would wait for itself forever"));
                } else {
                    // Mark ourselves WAITING while still RUNNING, then steal or append the Continuation.
                    int s = cur.lock();
                    cur.result = r;
                    cur.unlock(s | WAITING);
                    Object stolen = r.stealOrWaitFor(cur);
                    s = cur.lock();
                    cur.consume(from, i);
                    if ((s & WAITING) != 0 && stolen == NOTHING) {
                        // Still waiting: give up running; r's runner will resume us.
                        cur.clearUnhandled();
                        cur.unlock(s & ~RUNNING);
                        batch = null;
                        from = i = end = 0;
                        if (sp == 0) {
                            return;
                        }
                        res = stack[--sp];
                        stack[sp] = null;
                        cur = (FastDeferred) stack[--sp];
                        stack[sp] = null;
                        reentered = true;
                        continue;
                    }
                    // Got the result already: stolen now, or handed in by r's runner meanwhile.
                    out = stolen != NOTHING ? stolen : cur.result;
                    cur.result = out;
                    cur.unlock(s & ~WAITING);
                    // Re-take a fresh batch (consume() moved `next` past the entries already run).
                    batch = null;
                    from = i = end = 0;
                }
            }
            res = out;
        }
    }

    @SuppressWarnings({"rawtypes", "unchecked"})
    private static Object invoke(Object e, Object res) throws Exception {
        if (res instanceof Failure f) {
            return e instanceof Errback eb ? eb.call(f) : f;
        }
        return e instanceof Callback cb ? cb.call(res) : res;
    }

    private static final Object NOTHING = new Object();
    private static final int RUN = 0;
    private static final int STORED = 1;
    private static final int ALREADY_CALLED = 2;

    /**
     * Called by the runner of a FastDeferred whose callback returned this one: takes this FastDeferred's
     * result if it is there to take (fired, idle, not paused), else appends a Continuation so that
     * {@code waiter} is resumed when it arrives.
     */
    private Object stealOrWaitFor(FastDeferred<?> waiter) {
        int s = lock();
        if ((s & BLOCKERS) == CALLED) {
            Object r = result;
            result = null; // ownership of the result, and of its failure, moves to the waiter
            unlock(s);
            clearUnhandled();
            return r;
        }
        append(new Continuation(waiter));
        unlock(s);
        return NOTHING;
    }

    /** A FastDeferred we waited on hands us its result. Returns RUN if the caller must now run us. */
    private int acceptChained(Object r) {
        int s = lock();
        result = r;
        s &= ~WAITING;
        if ((s & BLOCKERS) == CALLED) {
            unlock(s | RUNNING);
            return RUN;
        }
        // Paused, or our own runner is between marking WAITING and letting go: it will see.
        unlock(s);
        return STORED;
    }

    /** chainDeferred: fire with a relayed result. */
    private int acceptRelayed(Object r) {
        int s = lock();
        if ((s & CALLED) != 0) {
            if ((s & SUPPRESS) != 0) {
                unlock(s & ~SUPPRESS);
                return STORED;
            }
            unlock(s);
            return ALREADY_CALLED;
        }
        canceller = null;
        result = r;
        if ((s & PAUSES) == 0) {
            unlock(s | CALLED | RUNNING);
            return RUN;
        }
        unlock(s | CALLED);
        return STORED;
    }

    /** Callback and errback at one level of the chain; either may be null (pass through). */
    static class Pair {
        final Callback<Object, Object> callback;
        final Errback<Object> errback;

        @SuppressWarnings("unchecked")
        Pair(Callback<?, ?> callback, Errback<?> errback) {
            this.callback = (Callback<Object, Object>) callback;
            this.errback = (Errback<Object>) errback;
        }

        Object invoke(Object current) throws Exception {
            if (current instanceof Failure f) {
                return errback == null ? f : errback.call(f);
            }
            return callback == null ? current : callback.call(current);
        }
    }

    /** One function on both sides (addBoth). */
    static final class Both extends Pair {
        private final Callback<Object, ?> fn;

        Both(Callback<Object, ?> fn) {
            super(null, null);
            this.fn = fn;
        }

        @Override
        Object invoke(Object current) throws Exception {
            return fn.call(current);
        }
    }

    /** An entry that passes the result to another FastDeferred instead of calling user code. */
    abstract static class Handoff {
        final FastDeferred<?> target;

        Handoff(FastDeferred<?> target) {
            this.target = target;
        }
    }

    /** Left in a FastDeferred's chain by a FastDeferred waiting on it (Twisted's {@code _continuation}). */
    static final class Continuation extends Handoff {
        Continuation(FastDeferred<?> waiter) {
            super(waiter);
        }
    }

    /** Left by {@link #chainDeferred}: fire the target with the result, continue with null. */
    static final class Relay extends Handoff {
        Relay(FastDeferred<?> target) {
            super(target);
        }
    }

    /** Stand-in for twine-core's package-private DebugInfo: same reads and writes, no Cleaner. */
    static final class DebugInfo {
        final Throwable creator;
        volatile Throwable invoker;
        private volatile Failure unhandled;

        DebugInfo(Throwable creator) {
            this.creator = creator;
        }

        void track(Failure f, Object owner) {
            unhandled = f;
        }

        void clear() {
            if (unhandled != null) {
                unhandled = null;
            }
        }

        Failure unhandled() {
            return unhandled;
        }

        static String describe(Throwable creator, Throwable invoker) {
            return "";
        }
    }
}
