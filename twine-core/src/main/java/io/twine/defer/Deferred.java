package io.twine.defer;

import io.twine.task.Clock;
import io.twine.task.DelayedCall;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.time.Duration;
import java.util.Arrays;
import java.util.Objects;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A placeholder for a result that does not exist yet, carrying a chain of callbacks and errbacks
 * that encodes the order of execution separately from the order of lines: Twisted's
 * {@code twisted.internet.defer.Deferred}.
 *
 * <p>Someone who will produce a result creates a Deferred and later fires it once, with
 * {@link #callback} or {@link #errback}. Everyone else adds callbacks ({@link #addCallback}),
 * errbacks ({@link #addErrback}) or both ({@link #addCallbacks}, {@link #addBoth}). Each
 * callback receives the result of the one before it; an exception moves the chain to the failure
 * side, where errbacks receive a {@link Failure} and recover by returning a value or pass the error
 * on by throwing. A callback that returns another Deferred pauses the chain until that one fires,
 * and its result then becomes the current result. Every {@code add*} method returns this same
 * Deferred, re-typed for the next step, so fluent chains are checked by the compiler:
 *
 * {@snippet lang="java" :
 * Deferred<List<String>> names = directory.getNames();
 * names.addCallback(list -> list.stream().sorted().toList())
 *      .addCallback(sorted -> { System.out.println(sorted); return null; })
 *      .addErrback(failure -> { report(failure); return null; });
 * }
 *
 * <h2>Threads</h2>
 * Twisted runs everything on one thread; a Java Deferred may be touched from many. Twine
 * guarantees:
 * <ul>
 * <li>Any thread may add callbacks, fire, pause, unpause or cancel, at any time.</li>
 * <li>Exactly one firing wins under races; every other {@code callback}/{@code errback} throws
 *     {@link AlreadyCalledError} (apart from the single late firing that Twisted forgives after a
 *     {@link #cancel()} without canceller).</li>
 * <li>The callbacks of one Deferred never run concurrently, and always run in the order they
 *     were added.</li>
 * <li>They run on the thread that fired the Deferred, or, when the Deferred had already fired,
 *     on the thread that added them; a callback added while another thread is running this
 *     Deferred's chain is run by that thread before it lets go. Nothing is ever handed to an
 *     executor: like Twisted, Twine runs callbacks synchronously and leaves the choice of thread
 *     to whoever fires.</li>
 * <li>Everything a callback did happens-before the next callback of the same chain runs, on
 *     whatever thread.</li>
 * </ul>
 * The reasoning: a firing thread and adding threads meet on a short internal lock (a bit of one
 * state word, taken with a compare-and-set and never held while user code runs). Whoever finds the
 * Deferred fired and nobody running it becomes the single <em>runner</em> and drains the chain;
 * others only append. Hence one runner at a time (no concurrency), a queue (order), and the lock's
 * acquire/release pairs (visibility).
 *
 * <h2>Errors</h2>
 * Callbacks may throw anything, checked exceptions included; the exception becomes the Failure
 * passed to the next errback (a thrown {@code Failure} is passed on as the same object). If a pass
 * over the chain ends on a Failure and the Deferred later becomes unreachable without anyone
 * consuming it, the failure is reported once through {@link UnhandledErrors} ("Unhandled error in
 * Deferred"). {@linkplain #setDebugging Debug mode} adds where the Deferred was created and first
 * fired to those reports and to {@link AlreadyCalledError}.
 *
 * <h2>Where Twine deliberately differs from Twisted</h2>
 * <ul>
 * <li>{@code callback(aDeferred)} and {@code succeed(aDeferred)} are refused with
 *     {@link IllegalArgumentException} (Twisted silently stores the Deferred as a value).</li>
 * <li>A callback that returns the Deferred it is attached to fails the chain with an
 *     {@link IllegalStateException} instead of hanging it with a warning.</li>
 * <li>{@link #unpause()} without a matching {@link #pause()} throws {@link IllegalStateException}
 *     instead of leaving the Deferred stuck at a negative count; waiting on a chained Deferred is
 *     counted apart from user pauses, so a stray {@code unpause()} cannot resume a chain early.</li>
 * <li>{@link #chainDeferred} runs iteratively, so it does not overflow the stack when nested
 *     deeply (Twisted's overflows near 330 levels).</li>
 * <li>{@code succeed(failure)} behaves as {@link #fail}: the failure is tracked, so it cannot be
 *     lost silently.</li>
 * <li>A callback that returns a Deferred whose own callback is still running waits for that
 *     callback to return before taking the result (Twisted takes the result as it was before,
 *     so one result can end up in two places).</li>
 * <li>A Deferred that hands its result to a waiter the user has paused still runs its own
 *     remaining callbacks (Twisted strands them until something is added to it).</li>
 * </ul>
 * Each difference is pinned by a test; {@code docs/differences.md} lists them all.
 *
 * @param <T> the type of the current result as seen by the next callback added
 */
public class Deferred<T> {

    /*
     * Implementation overview.
     *
     * State. One int, `state`, holds: LOCKED (a spin lock guarding result/chain/next/size/
     * canceller), CALLED (fired), RUNNING (some thread is the runner of this chain), WAITING
     * (the chain waits for another Deferred, which is in `result`), SUPPRESS (swallow one late
     * firing after a canceller-less cancel), INSTRUMENTED (set at birth, never changed: created
     * while per-callback diagnostics were on, so add() lets Instrumentation wrap each entry; see
     * Deferreds) and, from bit 8 up, the count of user pauses. The lock
     * is held only for a handful of plain field accesses, never while user code runs; it is taken
     * with a CAS (acquire) and released with setRelease, which also publishes every field written
     * under it.
     *
     * Chain. Entries live in `chain[next..size)`. An entry is a user Callback (success side only),
     * a user Errback (failure side only), a Pair (both), a Continuation (hand our result to a
     * Deferred that waits on us) or a Relay (chainDeferred). Storing the user's lambda itself as
     * the entry keeps addCallback at no allocation of ours beyond amortised array growth. While
     * there is exactly one entry (next 0, size 1) `chain` is that entry itself, not an array: the
     * commonest pending Deferred, one callback or one waiter, then costs no array at all. No entry
     * is ever an array, so `chain instanceof Object[]` tells the two forms apart.
     *
     * Running. The runner takes a batch (the array and the bounds [next, size)) under the lock,
     * runs it without the lock, then commits (clears the slots, advances `next`) and looks again;
     * callbacks appended meanwhile, by the running callbacks themselves or by other threads, are
     * picked up the same way. When nothing is left it publishes the result and clears RUNNING in
     * one release. While running, the current result lives in a local variable; `result` is
     * published at batch boundaries, so introspection from other threads sees a recent snapshot.
     *
     * No recursion. As in Twisted's _runCallbacks, one loop walks an explicit stack of Deferreds.
     * When a callback returns an unfired Deferred `r`, the current Deferred marks itself WAITING,
     * appends a Continuation to `r`, and gives up running. When `r`'s runner (on any thread)
     * reaches that Continuation, it moves r's result into the waiting Deferred and, in the same
     * loop, continues with the waiting Deferred's chain, pushing `r` on the explicit stack only if
     * `r` still has callbacks of its own to finish. A chain of a million Deferreds each waiting on
     * the next therefore unwinds in one loop, in constant Java stack.
     *
     * Exactly-once firing. CALLED is set under the lock; the thread that sets it is the only one
     * that stores the fired result. RUNNING is granted under the lock to exactly one thread, and
     * only when the Deferred is fired, not paused and not waiting.
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
    /** Created while per-callback diagnostics were on: add() hands entries to Instrumentation. */
    private static final int INSTRUMENTED = 1 << 5;
    private static final int PAUSE_SHIFT = 8;
    private static final int PAUSE_UNIT = 1 << PAUSE_SHIFT;
    private static final int PAUSES = -PAUSE_UNIT; // the bits above PAUSE_SHIFT
    /** Set when the Deferred is fired and nothing stops a runner from draining it. */
    private static final int BLOCKERS = CALLED | RUNNING | WAITING | PAUSES;

    private static final VarHandle STATE;
    private static final VarHandle EXTRA;

    static {
        try {
            MethodHandles.Lookup l = MethodHandles.lookup();
            STATE = l.findVarHandle(Deferred.class, "state", int.class);
            EXTRA = l.findVarHandle(Deferred.class, "extra", DebugInfo.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    /**
     * False when {@code -Dtwine.diagnostics=none} locked diagnostics off for this JVM. A constant to
     * the JIT: when false, every read of {@link #instrumentation} below folds to 0 and its branch
     * disappears, which is what a build without diagnostics would compile to (the
     * {@code DiagnosticsOffCost} benchmark compares the two).
     */
    static final boolean DIAGNOSTICS = Instrumentation.availableFromSystemProperty();

    /**
     * Diagnostics switches, {@link Instrumentation}'s bits ({@code DEBUG} is debug mode); 0 when
     * everything is off. The constructor and fire() each read it once (through {@link #switches()}),
     * as they read the old {@code debugging} flag, and branch away only when it is not 0. Written
     * by Instrumentation.
     */
    static volatile int instrumentation = Instrumentation.fromSystemProperty();

    /** The diagnostics switches; the constant 0 when diagnostics are locked off. */
    private static int switches() {
        return DIAGNOSTICS ? instrumentation : 0;
    }

    /** See the overview: lock bit, flags, pause count. */
    private volatile int state;
    /** The current result, a Failure, or the Deferred waited on; guarded by the lock. */
    private Object result;
    /** Pending entries in [next, size): the one entry itself, or an Object[]; guarded by the lock. */
    private Object chain;
    private int next;
    private int size;
    /** Cleared when fired; guarded by the lock. */
    private Canceller<T> canceller;
    /** Debug sites and unhandled-failure tracking; installed once by CAS, null on the fast path. */
    private volatile DebugInfo extra;

    /** Creates an unfired Deferred without canceller. */
    public Deferred() {
        int i = switches();
        if (i != 0) {
            state = instrument(i);
        }
    }

    /** The constructor of {@link #succeed}: fired from birth. */
    private Deferred(Object value, int unused) {
        result = value;
        int i = switches();
        state = i == 0 ? CALLED : CALLED | instrument(i);
    }

    /** Diagnostics at birth (slow path): debug info, the pending registry; returns state bits. */
    private int instrument(int i) {
        if ((i & Instrumentation.DEBUG) != 0) {
            extra = new DebugInfo(new Throwable("Deferred was created"));
        }
        return Instrumentation.onCreate(this, i) ? INSTRUMENTED : 0;
    }

    /**
     * Creates an unfired Deferred with a canceller that {@link #cancel()} calls.
     *
     * @param canceller stops the underlying operation; may be {@code null}
     */
    public Deferred(Canceller<T> canceller) {
        this();
        this.canceller = canceller;
    }

    // ------------------------------------------------------------------------------------------
    // Debug mode

    /**
     * Turns debug mode on or off for Deferreds created from now on (Twisted's
     * {@code defer.setDebugging}). In debug mode each Deferred records where it was created and
     * where it was first fired; {@link AlreadyCalledError} messages and unhandled-error reports
     * show both. It costs two stack captures per Deferred, so it is off by default; when off it
     * costs one static read per Deferred (none under {@code -Dtwine.diagnostics=none}).
     *
     * @param on the new setting
     * @throws IllegalStateException if {@code on} and {@code -Dtwine.diagnostics=none} locked
     *         diagnostics off for this JVM
     */
    public static void setDebugging(boolean on) {
        Instrumentation.set(Instrumentation.DEBUG, on);
    }

    /**
     * Whether debug mode is on (Twisted's {@code defer.getDebugging}).
     *
     * @return the setting
     */
    public static boolean getDebugging() {
        return (instrumentation & Instrumentation.DEBUG) != 0;
    }

    // ------------------------------------------------------------------------------------------
    // Factories

    /**
     * A Deferred that has already fired with {@code value} (Twisted's {@code succeed}). No
     * callback runs until one is added; it then runs at once, on the adding thread.
     *
     * @param value the result; a {@link Failure} makes this the same as {@link #fail}
     * @param <T> the result type
     * @return a fired Deferred
     * @throws IllegalArgumentException if {@code value} is a Deferred
     */
    public static <T> Deferred<T> succeed(T value) {
        if (value instanceof Failure f) {
            Deferred<T> d = new Deferred<>();
            d.fire(f);
            return d;
        }
        return new Deferred<>(refuseDeferred(value, "succeed"), 0);
    }

    /**
     * A Deferred that has already failed with {@code error} (Twisted's {@code fail}). Its failure
     * is tracked: if nobody adds an errback that consumes it, it is reported as unhandled.
     *
     * @param error the exception; a {@link Failure} is used as is
     * @param <T> the result type the Deferred pretends to have
     * @return a failed Deferred
     */
    public static <T> Deferred<T> fail(Throwable error) {
        Deferred<T> d = new Deferred<>();
        d.errback(error);
        return d;
    }

    /**
     * Calls {@code f} now and wraps its outcome (Twisted's {@code execute}): a value becomes a
     * fired Deferred, an exception a failed one. Unlike {@link #maybeDeferred}, a returned
     * Deferred is not passed through; Twine refuses it with an {@link IllegalArgumentException}
     * failure, since a Deferred cannot be a result.
     *
     * @param f the function, run on the calling thread
     * @param <T> its result type
     * @return a fired Deferred
     */
    public static <T> Deferred<T> execute(Callable<? extends T> f) {
        Objects.requireNonNull(f, "execute needs a function, got null");
        T value;
        try {
            value = f.call();
        } catch (Throwable t) {
            return fail(t);
        }
        if (value instanceof Deferred<?>) {
            return fail(new IllegalArgumentException(
                    "execute: the function returned a Deferred; use maybeDeferred to pass it through"));
        }
        return succeed(value);
    }

    /**
     * Calls {@code f} now and gives its outcome as a Deferred whatever it was (Twisted's
     * {@code maybeDeferred}): a returned Deferred is returned as is, a returned {@link Failure}
     * or a thrown exception gives a failed Deferred, any other value a fired one.
     *
     * @param f the function, run on the calling thread
     * @param <T> the result type
     * @return a Deferred for the outcome
     */
    @SuppressWarnings("unchecked")
    public static <T> Deferred<T> maybeDeferred(Callable<?> f) {
        Objects.requireNonNull(f, "maybeDeferred needs a function, got null");
        Object value;
        try {
            value = f.call();
        } catch (Throwable t) {
            return fail(t);
        }
        if (value instanceof Deferred<?> d) {
            return (Deferred<T>) d;
        }
        if (value instanceof Failure failure) {
            return fail(failure);
        }
        return succeed((T) value);
    }

    /**
     * Runs {@code body} as a coroutine (Twisted's {@code Deferred.fromCoroutine}): at once, on this
     * thread, until its first {@link Coroutines#await} of a Deferred that has not fired; then
     * returns a Deferred for the body's outcome. Later, the body resumes on whichever thread fires
     * the Deferred it awaits, inside that Deferred's callback chain. Cancelling the returned
     * Deferred cancels the awaited one. Same as {@link Coroutines#fromCoroutine}, where the full
     * semantics are documented.
     * {@snippet lang="java" :
     * import static io.twine.defer.Coroutines.await;
     *
     * Deferred<List<String>> getUsers(Http http) {
     *     return Deferred.fromCoroutine(() -> {
     *         try {
     *             return parseJson(await(http.makeRequest("GET", "/users")));
     *         } catch (ConnectException e) {
     *             return List.of(); // the failure of the awaited Deferred, thrown as itself
     *         }
     *     });
     * }
     * }
     *
     * @param body the coroutine's code; it may call {@code await} at any call depth
     * @param <T> the result type
     * @return a Deferred that fires with the body's return value or fails with what it threw
     */
    public static <T> Deferred<T> fromCoroutine(CoroutineBody<? extends T> body) {
        return Coroutines.fromCoroutine(body);
    }

    // ------------------------------------------------------------------------------------------
    // Adding callbacks

    /**
     * Adds a callback; failures pass it by unchanged (Twisted's {@code addCallback}). If the
     * Deferred has already fired and nothing is running it, the callback runs now, on this thread,
     * before this method returns.
     *
     * @param callback receives the current result; see {@link Callback} for what it may return
     * @param <R> the result type after the callback
     * @return this Deferred, typed for the next step
     */
    public final <R> Deferred<R> addCallback(Callback<? super T, ? extends R> callback) {
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
     * @return this Deferred
     */
    public final Deferred<T> addErrback(Errback<? extends T> errback) {
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
     * @return this Deferred, typed for the next step
     */
    public final <R> Deferred<R> addCallbacks(Callback<? super T, ? extends R> callback,
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
     * @return this Deferred, typed for the next step
     */
    public final <R> Deferred<R> addBoth(Callback<Object, ? extends R> both) {
        Objects.requireNonNull(both, "addBoth needs a function, got null");
        add(new Both(both));
        return retype();
    }

    /**
     * The statically typed form of chaining: adds a callback that returns another Deferred, whose
     * eventual result becomes this chain's result. Same behaviour as {@link #addCallback} with
     * such a callback; only the Java type differs ({@code Deferred<R>}, not
     * {@code Deferred<Deferred<R>>}). Twisted needs no such method; it is the Java spelling of
     * "a callback returned a Deferred".
     *
     * @param callback returns the Deferred to wait for
     * @param <R> the eventual result type
     * @return this Deferred, typed for the next step
     */
    public final <R> Deferred<R> addCallbackDeferred(Callback<? super T, ? extends Deferred<? extends R>> callback) {
        Objects.requireNonNull(callback, "addCallbackDeferred needs a callback, got null");
        add(callback instanceof Errback<?> ? new Pair(callback, null) : callback);
        return retype();
    }

    /**
     * The statically typed form of an errback that recovers asynchronously by returning another
     * Deferred (see {@link #addCallbackDeferred}).
     *
     * @param errback returns the Deferred to wait for
     * @return this Deferred
     */
    public final Deferred<T> addErrbackDeferred(Errback<? extends Deferred<? extends T>> errback) {
        Objects.requireNonNull(errback, "addErrbackDeferred needs an errback, got null");
        add(errback instanceof Callback<?, ?> ? new Pair(null, errback) : errback);
        return this;
    }

    /**
     * Makes {@code other} fire with this Deferred's result when it arrives (Twisted's
     * {@code chainDeferred}). One-way: firing {@code other} does not affect this one, and
     * cancelling this one does not cancel {@code other}. Afterwards this chain continues with
     * {@code null} (the return value of {@code other.callback}); if {@code other} had already
     * fired, it continues with an {@link AlreadyCalledError} failure instead. Runs without
     * recursion however deeply such chains nest.
     *
     * @param other the Deferred to fire
     * @return this Deferred, typed as Twisted's (the next callback sees {@code null})
     * @throws IllegalArgumentException if {@code other} is this Deferred
     */
    public final Deferred<Void> chainDeferred(Deferred<? super T> other) {
        Objects.requireNonNull(other, "chainDeferred needs a Deferred, got null");
        if (other == this) {
            throw new IllegalArgumentException("chainDeferred: a Deferred cannot be chained to itself");
        }
        add(new Relay(other));
        return retype();
    }

    @SuppressWarnings("unchecked")
    private <R> Deferred<R> retype() {
        return (Deferred<R>) this;
    }

    // ------------------------------------------------------------------------------------------
    // Firing

    /**
     * Fires the Deferred with a result: the callbacks run now, on this thread, unless the Deferred
     * is paused (Twisted's {@code callback}). A {@link Failure} argument is the same as
     * {@link #errback}.
     *
     * @param value the result, may be {@code null}
     * @throws AlreadyCalledError if it has already fired
     * @throws IllegalArgumentException if {@code value} is a Deferred (use {@link #chainDeferred}
     *         or return it from a callback instead)
     */
    public final void callback(T value) {
        fire(refuseDeferred(value, "callback"));
    }

    /**
     * Fires the Deferred with an error: the errbacks run now, on this thread, unless the Deferred
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
        if (value instanceof Deferred<?>) {
            throw new IllegalArgumentException(what + "(aDeferred) is refused: a Deferred cannot be the result of "
                    + "another. Return it from a callback to chain it, or use chainDeferred.");
        }
        return value;
    }

    /** In debug mode, the stack of whoever fires now; taken before locking, as it is slow. */
    private static Throwable invokerSite() {
        return (switches() & Instrumentation.DEBUG) != 0 ? new Throwable("First Invoker was") : null;
    }

    private void fire(Object r) {
        int i = switches();
        if (i != 0) {
            Instrumentation.fire(this, r, i);
            return;
        }
        fire(r, null);
    }

    /** Fires, recording {@code site} as the first invoker if not null; Instrumentation's way in. */
    final void fire(Object r, Throwable site) {
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
        recordInvoker(site);
        if ((s & PAUSES) == 0) {
            // Take the first batch under this lock, so the runner starts without another CAS.
            Object batch = chain;
            int from = next;
            int end = size;
            unlock(s | CALLED | RUNNING | extraFlags);
            run(this, r, null, batch, from, end);
        } else {
            unlock(s | CALLED | extraFlags);
        }
    }

    private void recordInvoker(Throwable site) {
        if (site != null) {
            DebugInfo dbg = debugInfo();
            if (dbg.invoker == null) {
                dbg.invoker = site;
            }
        }
    }

    private AlreadyCalledError alreadyCalled() {
        DebugInfo dbg = extra;
        String sites = dbg == null ? "" : DebugInfo.describe(dbg.creator, dbg.invoker);
        if (sites.isEmpty()) {
            return new AlreadyCalledError("Deferred has already been fired"
                    + " (turn on Deferred.setDebugging(true) to see where it was created and first fired)");
        }
        return new AlreadyCalledError("Deferred has already been fired:" + sites);
    }

    // ------------------------------------------------------------------------------------------
    // Pause, cancel, timeout

    /**
     * Stops callbacks from running until a matching {@link #unpause()} (Twisted's {@code pause}).
     * Pauses are counted. A callback that is running, and the rest of the current pass, are not
     * interrupted (as in Twisted); later passes wait.
     *
     * @throws IllegalStateException if the count would overflow
     */
    public final void pause() {
        int s = lock();
        if ((s & PAUSES) == PAUSES) {
            unlock(s);
            throw new IllegalStateException("Deferred paused too many times");
        }
        unlock(s + PAUSE_UNIT);
    }

    /**
     * Undoes one {@link #pause()}; the last one runs the pending callbacks now, on this thread,
     * if the Deferred has fired (Twisted's {@code unpause}).
     *
     * @throws IllegalStateException if there is no pause to undo (Twisted would leave the Deferred
     *         stuck at a negative count)
     */
    public final void unpause() {
        int s = lock();
        if ((s & PAUSES) == 0) {
            unlock(s);
            throw new IllegalStateException("unpause() without a matching pause()");
        }
        s -= PAUSE_UNIT;
        if ((s & BLOCKERS) == CALLED) {
            Object r = result;
            unlock(s | RUNNING);
            run(this, r, null);
        } else {
            unlock(s);
        }
    }

    /**
     * Cancels the operation this Deferred stands for (Twisted's {@code cancel}).
     * <ul>
     * <li>Not fired, with a canceller: calls it (on this thread). If it did not fire the Deferred,
     *     the Deferred fails with {@link CancelledError}. If it throws, the exception propagates
     *     and the Deferred stays unfired (as in Twisted); a later {@code cancel()} tries again.</li>
     * <li>Not fired, while the canceller is running (called by a concurrent {@code cancel()}, or
     *     this is a {@code cancel()} from inside the canceller): does nothing; the running
     *     canceller decides the outcome as above.</li>
     * <li>Not fired, no canceller: fails with {@link CancelledError}, and the first late
     *     {@code callback}/{@code errback} from the original source is silently ignored.</li>
     * <li>Fired and waiting on another Deferred returned by a callback: cancels that one, whose
     *     outcome (usually a CancelledError) then flows on in this chain.</li>
     * <li>Otherwise: does nothing.</li>
     * </ul>
     */
    @SuppressWarnings("unchecked")
    public final void cancel() {
        Throwable site = invokerSite();
        int s = lock();
        if ((s & CALLED) == 0) {
            Canceller<T> c = canceller;
            if (c == CANCELLING) {
                unlock(s); // another cancel() is running the canceller: the outcome is its to decide
                return;
            }
            if (c == null) {
                fireLocked(s, new Failure(new CancelledError()), site, SUPPRESS);
                return;
            }
            canceller = (Canceller<T>) CANCELLING; // at most one thread runs it
            unlock(s);
            try {
                c.cancel(this);
            } catch (RuntimeException | Error e) {
                int s2 = lock();
                if ((s2 & CALLED) == 0 && canceller == CANCELLING) {
                    canceller = c;
                }
                unlock(s2);
                throw e;
            }
            fireIfUnfired(new Failure(new CancelledError()), site);
            return;
        }
        if ((s & WAITING) != 0) {
            Deferred<?> inner = (Deferred<?>) result;
            unlock(s);
            inner.cancel();
            return;
        }
        unlock(s);
    }

    /**
     * Stands in for the canceller while {@link #cancel()} runs it, so that another cancel() neither
     * runs it again nor mistakes the Deferred for one without canceller (which would fail it at
     * once and swallow the canceller's own firing).
     */
    private static final Canceller<?> CANCELLING = d -> { };

    /** Fires unless some other thread (or the canceller) already did. */
    private void fireIfUnfired(Object r, Throwable site) {
        int s = lock();
        if ((s & CALLED) != 0) {
            unlock(s);
            return;
        }
        fireLocked(s, r, site, 0);
    }

    /**
     * Fails this Deferred with {@link TimeoutError} if it has not fired {@code timeout} from now
     * on {@code clock} (Twisted's {@code addTimeout}). It works by {@linkplain #cancel()
     * cancelling}: the canceller runs (on the clock's thread) and the resulting
     * {@link CancelledError} is turned into a {@link TimeoutError}. Only callbacks added before
     * this call are covered; an errback added earlier that swallows the cancellation makes the
     * Deferred succeed instead. The pending timer is cancelled as soon as the Deferred fires.
     *
     * @param timeout how long to wait
     * @param clock the clock that measures it
     * @return this Deferred
     */
    public final Deferred<T> addTimeout(Duration timeout, Clock clock) {
        return addTimeout(Clock.toSeconds(timeout), clock, null);
    }

    /**
     * As {@link #addTimeout(Duration, Clock)}, with the timeout in seconds.
     *
     * @param timeoutSeconds how long to wait, {@code >= 0}
     * @param clock the clock that measures it
     * @return this Deferred
     */
    public final Deferred<T> addTimeout(double timeoutSeconds, Clock clock) {
        return addTimeout(timeoutSeconds, clock, null);
    }

    /**
     * As {@link #addTimeout(double, Clock)}, with Twisted's {@code onTimeoutCancel}: when the
     * timeout cancelled the Deferred, {@code onTimeoutCancel} receives the result or Failure that
     * the cancellation produced and the timeout, and returns the result to go on with (throw or
     * return a Failure to fail). It is not called after a manual {@link #cancel()}.
     *
     * @param timeoutSeconds how long to wait, {@code >= 0}
     * @param clock the clock that measures it
     * @param onTimeoutCancel the conversion, or {@code null} for the default (CancelledError
     *        becomes {@link TimeoutError}, anything else is left as it is)
     * @return this Deferred
     */
    public final Deferred<T> addTimeout(double timeoutSeconds, Clock clock, OnTimeoutCancel onTimeoutCancel) {
        Clock.checkDelay(timeoutSeconds, "timeout");
        Objects.requireNonNull(clock, "addTimeout needs a clock, got null");
        OnTimeoutCancel convert = onTimeoutCancel != null ? onTimeoutCancel : Deferred::cancelledToTimeout;
        AtomicBoolean timedOut = new AtomicBoolean();
        DelayedCall call = clock.callLater(timeoutSeconds, () -> {
            timedOut.set(true);
            cancel();
        });
        add(new Pair(null, null) {
            @Override
            Object invoke(Object current) throws Exception {
                return timedOut.get() ? convert.onTimeout(current, timeoutSeconds) : current;
            }
        });
        add(new Pair(null, null) {
            @Override
            Object invoke(Object current) {
                if (call.active()) {
                    try {
                        call.cancel();
                    } catch (IllegalStateException raced) {
                        // The timer fired or was cancelled on another thread meanwhile: nothing to undo.
                    }
                }
                return current;
            }
        });
        return this;
    }

    private static Object cancelledToTimeout(Object current, double timeoutSeconds) {
        if (current instanceof Failure f && f.check(CancelledError.class) != null) {
            return new Failure(new TimeoutError(timeoutSeconds));
        }
        return current;
    }

    /**
     * Converts the outcome of a cancellation caused by {@link #addTimeout}.
     */
    @FunctionalInterface
    public interface OnTimeoutCancel {
        /**
         * Converts the outcome.
         *
         * @param resultOrFailure what the cancellation produced
         * @param timeoutSeconds the timeout that ran out
         * @return the result to go on with (a Failure to fail)
         * @throws Exception to fail
         */
        Object onTimeout(Object resultOrFailure, double timeoutSeconds) throws Exception;
    }

    // ------------------------------------------------------------------------------------------
    // Introspection

    /**
     * Whether the Deferred has fired (Twisted's {@code called}); stays {@code true} while paused
     * or waiting on a chained Deferred.
     *
     * @return {@code true} once {@code callback}/{@code errback} (or a cancel) fired it
     */
    public final boolean called() {
        return (state & CALLED) != 0;
    }

    /**
     * The pause count as Twisted's {@code paused} attribute gives it: user pauses plus one while
     * the chain waits on another Deferred.
     *
     * @return {@code 0} when callbacks may run
     */
    public final int paused() {
        int s = state;
        return (s >>> PAUSE_SHIFT) + ((s & WAITING) != 0 ? 1 : 0);
    }

    /**
     * A snapshot of the current result, without consuming it (Twisted's {@code result}): the
     * value, a {@link Failure}, or the Deferred this chain waits on. While another thread is
     * running the callbacks this is the result as of the last point where the runner looked for
     * more callbacks.
     *
     * @return the current result; {@code null} is a possible value
     * @throws IllegalStateException if the Deferred has not fired
     */
    public final Object result() {
        // Optimistic read, as StampedLock's: `result` is only ever written under the lock, so if the
        // state word showed the lock free before the read and is unchanged after it, `r` is the value
        // some lock holder left (the fence keeps the read before the re-check). An ABA in between
        // (lock taken and released with the same bits) still yields a value `result` really held,
        // published by that holder's release, which the re-read of `state` acquires.
        int s = state;
        if ((s & (LOCKED | CALLED)) == CALLED) {
            Object r = result;
            VarHandle.acquireFence();
            if (state == s) {
                return r;
            }
        }
        s = lock();
        Object r = result;
        unlock(s);
        if ((s & CALLED) == 0) {
            throw new IllegalStateException("Deferred has no result yet: it has not fired");
        }
        return r;
    }

    /**
     * The Deferred this chain waits on because a callback returned it, or {@code null}.
     *
     * @return the inner Deferred, or {@code null} when not waiting
     */
    public final Deferred<?> waitingOn() {
        int s = lock();
        Object r = result;
        unlock(s);
        return (s & WAITING) != 0 ? (Deferred<?>) r : null;
    }

    /**
     * Whether the last pass over the chain ended on a {@link Failure} that no errback has consumed
     * yet; such a failure is reported as unhandled if the Deferred is dropped.
     *
     * @return {@code true} while an unhandled failure is held
     */
    public final boolean hasUnhandledFailure() {
        DebugInfo d = extra;
        return d != null && d.unhandled() != null;
    }

    /**
     * Coroutine hook (Twisted's {@code __await__} on a fired Deferred): the current result if this
     * Deferred has fired and nothing holds its chain (not paused, not waiting on another Deferred,
     * no runner), without consuming it; a Failure read this way counts as handled from then on.
     *
     * @param notReady returned when the result cannot be read now
     * @return the result, or {@code notReady}
     */
    final Object resultForAwait(Object notReady) {
        if ((state & CALLED) == 0) {
            return notReady; // unfired at this volatile read: no need for the lock (await's common case)
        }
        int s = lock();
        if ((s & BLOCKERS) != CALLED) {
            unlock(s);
            return notReady;
        }
        Object r = result;
        unlock(s);
        if (r instanceof Failure) {
            clearUnhandled();
        }
        return r;
    }

    /**
     * Where this Deferred was created, if it was created in debug mode.
     *
     * @return a Throwable whose stack trace is the creation site, or {@code null}
     */
    public final Throwable creationSite() {
        DebugInfo d = extra;
        return d == null ? null : d.creator;
    }

    /**
     * Where this Deferred was first fired, if debug mode was on then.
     *
     * @return a Throwable whose stack trace is the firing site, or {@code null}
     */
    public final Throwable firstInvocationSite() {
        DebugInfo d = extra;
        return d == null ? null : d.invoker;
    }

    /**
     * The state as Twisted's repr shows it: {@code <Deferred at 0x… current result: R>},
     * {@code <Deferred at 0x… waiting on Deferred at 0x…>} or {@code <Deferred at 0x…>}.
     * A result whose {@code toString()} throws is shown by its class name.
     */
    @Override
    public String toString() {
        int s = lock();
        Object r = result;
        unlock(s);
        Class<?> named = getClass();
        while (named.getSimpleName().isEmpty()) { // an anonymous subclass: show what it extends
            named = named.getSuperclass();
        }
        String me = named.getSimpleName() + " at 0x" + Integer.toHexString(System.identityHashCode(this));
        if ((s & WAITING) != 0) {
            return "<" + me + " waiting on Deferred at 0x" + Integer.toHexString(System.identityHashCode(r)) + ">";
        }
        if ((s & CALLED) != 0) {
            return "<" + me + " current result: " + describe(r) + ">";
        }
        return "<" + me + ">";
    }

    private static String describe(Object r) {
        if (r instanceof Failure f) {
            return "<Failure " + f.type().getName() + ": " + f.getErrorMessage() + ">";
        }
        try {
            return String.valueOf(r);
        } catch (RuntimeException | Error e) {
            return "<" + r.getClass().getName() + " whose toString() threw " + e.getClass().getName() + ">";
        }
    }

    // ------------------------------------------------------------------------------------------
    // Interop with java.util.concurrent (implemented in Futures)

    /**
     * A Deferred that fires with the outcome of a {@code CompletionStage} (Twisted's
     * {@code Deferred.fromFuture}). It fires on the thread that completes the stage, or on this
     * thread if the stage is already complete; use {@link #fromFuture(java.util.concurrent.CompletionStage,
     * java.util.concurrent.Executor)} to fire on a reactor's loop thread instead. A failure holds
     * the real cause: {@code CompletionException} and {@code ExecutionException} wrappers are
     * removed, and a cancellation of the stage arrives as {@link CancelledError} (its cause is the
     * original {@code CancellationException}). Cancelling the Deferred cancels the stage if it is a
     * {@code Future} (a bare {@code CompletionStage} cannot be cancelled; its late outcome is then
     * ignored) and fails the Deferred with {@link CancelledError} on the cancelling thread.
     *
     * @param stage the stage to follow
     * @param <T> the result type
     * @return a Deferred for the stage's outcome
     */
    public static <T> Deferred<T> fromFuture(java.util.concurrent.CompletionStage<? extends T> stage) {
        return Futures.fromFuture(stage, null);
    }

    /**
     * As {@link #fromFuture(java.util.concurrent.CompletionStage)}, but the Deferred is fired by a
     * task handed to {@code deliverOn}: pass a {@code io.twine.reactor.Reactor} to run the
     * callbacks on its loop thread. If {@code deliverOn} refuses the task (for example a reactor
     * that has stopped), the Deferred fails with that {@code RejectedExecutionException} on the
     * thread that completed the stage.
     *
     * @param stage the stage to follow
     * @param deliverOn the executor that fires the Deferred
     * @param <T> the result type
     * @return a Deferred for the stage's outcome
     */
    public static <T> Deferred<T> fromFuture(java.util.concurrent.CompletionStage<? extends T> stage,
                                             java.util.concurrent.Executor deliverOn) {
        return Futures.fromFuture(stage, java.util.Objects.requireNonNull(deliverOn, "deliverOn"));
    }

    /**
     * A {@code CompletableFuture} completed with this Deferred's outcome when the chain reaches
     * this point (Twisted's {@code asFuture}): with the value, or exceptionally with the
     * Failure's original exception ({@link Failure#value()}). It completes on the thread that runs
     * the chain then (see the class comment), and so do its non-async dependents. Like Twisted's,
     * this consumes the result: callbacks added afterwards see {@code null}, and a failure handed
     * to the future is not reported as unhandled. {@code future.cancel(..)} cancels this Deferred;
     * cancelling this Deferred completes the future with {@link CancelledError}, so it reports
     * {@code isCancelled()}.
     *
     * @return a new future
     */
    public final java.util.concurrent.CompletableFuture<T> asFuture() {
        return Futures.asFuture(this);
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
        Object c = chain;
        if (c == null) { // empty means next == size == 0
            chain = entry;
            size = 1;
            return;
        }
        Object[] a;
        if (c instanceof Object[] array) {
            a = array;
            if (size == a.length) {
                chain = a = Arrays.copyOf(a, a.length < 8 ? 8 : a.length << 1);
            }
        } else { // the single entry (next 0, size 1) moves into an array
            chain = a = new Object[2];
            a[0] = c;
        }
        a[size++] = entry;
    }

    private void add(Object entry) {
        int s = lock();
        if ((s & (BLOCKERS | INSTRUMENTED)) == CALLED) {
            // Fired and idle: become the runner and run this entry directly, without storing it,
            // unless older entries are still pending (left after a Continuation): they go first.
            Object r = result;
            if (next < size) {
                append(entry);
                entry = null;
            }
            unlock(s | RUNNING);
            if (entry instanceof Callback<?, ?> && !(r instanceof Failure)) {
                runOne(entry, r);
            } else {
                run(this, r, entry);
            }
            return;
        }
        if (DIAGNOSTICS && (s & INSTRUMENTED) != 0) {
            int waiting = size - next;
            unlock(s);
            addUninstrumented(Instrumentation.wrap(this, entry, waiting));
            return;
        }
        append(entry);
        unlock(s);
    }

    /**
     * The fast path of adding a plain callback to a fired, idle Deferred (we own RUNNING): call it
     * and commit a plain result with one lock, without entering the general loop. A returned
     * Deferred or Failure, or entries appended by other threads meanwhile, go on in {@link #run},
     * with the callback's output handed in as an entry that returns it, so nothing runs twice.
     */
    @SuppressWarnings({"rawtypes", "unchecked"})
    private void runOne(Object entry, Object r) {
        Object out;
        try {
            out = ((Callback) entry).call(r);
        } catch (Throwable t) {
            out = Failure.of(t);
        }
        if (!(out instanceof Deferred) && !(out instanceof Failure)) {
            int s = lock();
            if (next == size) {
                result = out;
                clearUnhandled();
                unlock(s & ~RUNNING);
                return;
            }
            unlock(s);
        }
        Object computed = out;
        run(this, r, (Callback<Object, Object>) ignored -> computed);
    }

    /**
     * Coroutine hook: {@link #addBoth} for an entry that implements both {@link Callback} and
     * {@link Errback} (one function for both sides), stored as is rather than in a wrapper. The
     * engine dispatches such an entry by the side of the result, so it behaves as addBoth.
     */
    final void addBothUnwrapped(Object both) {
        add(both);
    }

    /** add() without diagnostics: for entries that Instrumentation has wrapped, or its own. */
    final void addUninstrumented(Object entry) {
        int s = lock();
        if ((s & BLOCKERS) == CALLED) {
            Object r = result;
            if (next < size) { // older pending entries go first, as in add()
                append(entry);
                entry = null;
            }
            unlock(s | RUNNING);
            run(this, r, entry);
            return;
        }
        append(entry);
        unlock(s);
    }

    /** Diagnostics: a copy of the entries waiting in the chain (callbacks, Continuations, Relays). */
    final Object[] pendingEntries() {
        int s = lock();
        Object c = chain;
        Object[] copy = c == null ? new Object[0]
                : c instanceof Object[] a ? Arrays.copyOfRange(a, next, size) : new Object[] {c};
        unlock(s);
        return copy;
    }

    /** Clears the slots of a finished batch; with the lock held. */
    private void consume(int from, int to) {
        if (to > from) {
            if (to == size) {
                // Everything taken: drop the array rather than clearing it slot by slot (callbacks
                // added to a fired, idle Deferred run without being stored, so it is rarely needed again).
                chain = null;
                next = 0;
                size = 0;
                return;
            }
            Arrays.fill((Object[]) chain, from, to, null); // size > to >= 1: an array
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
     * stored entries (it was never stored: the fast path of adding to a fired Deferred).
     */
    private static void run(Deferred<?> start, Object startResult, Object first) {
        run(start, startResult, first, null, 0, 0);
    }

    /**
     * As above, starting with the batch {@code firstBatch[firstFrom, firstEnd)} taken under the lock
     * (a batch is a chain as the lock holder saw it: an array, or its one entry).
     */
    @SuppressWarnings({"rawtypes", "unchecked"})
    private static void run(Deferred<?> start, Object startResult, Object first,
                            Object firstBatch, int firstFrom, int firstEnd) {
        Deferred cur = start;
        Object res = startResult;
        Object entry = first;
        Object batch = firstBatch;
        int from = firstFrom;
        int i = firstFrom;
        int end = firstEnd;
        Object[] stack = null;
        int sp = 0;
        boolean reentered = false;
        for (;;) {
            if (entry == null) {
                if (i < end) {
                    entry = batch instanceof Object[] a ? a[i] : batch;
                    i++;
                } else {
                    if (res instanceof Failure f) {
                        // Before letting go, so no other runner can consume it first and be undone.
                        cur.debugInfo().track(f, cur);
                    }
                    int s = cur.lock();
                    if (res == RESUME) {
                        // A Deferred left idle after a Continuation: drain what is left, unless
                        // it is paused, waiting, or some other runner has it now.
                        reentered = false;
                        if ((s & BLOCKERS) == CALLED && cur.next < cur.size) {
                            res = cur.result;
                            batch = cur.chain;
                            from = i = cur.next;
                            end = cur.size;
                            cur.unlock(s | RUNNING);
                            continue;
                        }
                        cur.unlock(s);
                        if (sp == 0) {
                            return;
                        }
                        res = stack[--sp];
                        stack[sp] = null;
                        cur = (Deferred) stack[--sp];
                        stack[sp] = null;
                        reentered = true;
                        continue;
                    }
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
                    cur = (Deferred) stack[--sp];
                    stack[sp] = null;
                    reentered = true;
                    continue;
                }
            }
            Object e = entry;
            entry = null;
            if (e instanceof Handoff h) {
                Deferred target = h.target;
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
                    // Finish or park `cur`, then continue with `target` in this same loop. A Relay
                    // is a callback of `cur` in Twisted (d.callback), so `cur` stays running until
                    // `target`'s chain is done: callbacks added to `cur` meanwhile run after it.
                    // After a Continuation, as in Twisted, `cur` is idle while `target` runs (a
                    // callback added to it meanwhile runs at once, with the rest of its chain);
                    // whatever is left then is resumed once `target` is done.
                    int s = cur.lock();
                    cur.consume(from, i);
                    boolean relay = h instanceof Relay;
                    boolean more = cur.next < cur.size;
                    if (!relay) {
                        cur.result = res; // no clearUnhandled(): done above, before acceptChained
                        cur.unlock(s & ~RUNNING);
                    } else {
                        cur.unlock(s);
                    }
                    if (more || relay) {
                        if (stack == null) {
                            stack = new Object[8];
                        } else if (sp + 2 > stack.length) {
                            stack = Arrays.copyOf(stack, stack.length << 1);
                        }
                        stack[sp++] = cur;
                        stack[sp++] = relay ? res : RESUME;
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
            if (out instanceof Deferred r) {
                if (r == cur) {
                    out = new Failure(new IllegalStateException(
                            "a callback returned the Deferred it was added to; it would wait for itself forever"));
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
                        cur = (Deferred) stack[--sp];
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
    /** On the runner's stack in place of a result: the Deferred was let go and is to be resumed. */
    private static final Object RESUME = new Object();
    private static final int RUN = 0;
    private static final int STORED = 1;
    private static final int ALREADY_CALLED = 2;

    /**
     * Called by the runner of a Deferred whose callback returned this one: takes this Deferred's
     * result if it is there to take (fired, idle, not paused), else appends a Continuation so that
     * {@code waiter} is resumed when it arrives.
     */
    private Object stealOrWaitFor(Deferred<?> waiter) {
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

    /** A Deferred we waited on hands us its result. Returns RUN if the caller must now run us. */
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
        Throwable site = invokerSite();
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
        recordInvoker(site);
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

    /** An entry that passes the result to another Deferred instead of calling user code. */
    abstract static class Handoff {
        final Deferred<?> target;

        Handoff(Deferred<?> target) {
            this.target = target;
        }
    }

    /** Left in a Deferred's chain by a Deferred waiting on it (Twisted's {@code _continuation}). */
    static final class Continuation extends Handoff {
        Continuation(Deferred<?> waiter) {
            super(waiter);
        }
    }

    /** Left by {@link #chainDeferred}: fire the target with the result, continue with null. */
    static final class Relay extends Handoff {
        Relay(Deferred<?> target) {
            super(target);
        }
    }
}
