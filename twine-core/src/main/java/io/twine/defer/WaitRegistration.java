package io.twine.defer;

import java.lang.ref.WeakReference;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One wait of something that is not a Deferred callback, typically a suspended coroutine, on a
 * Deferred: the handle returned by {@link Deferreds#awaiting}. Call {@link #resumed()} when the
 * wait is over (the awaited Deferred delivered its result, or the waiter gave up).
 *
 * <p>While the wait is registered, {@linkplain Deferreds#snapshot() snapshots} of pending
 * Deferreds show the waiter as a node with an edge to the Deferred it awaits and, if given, an
 * edge from the waiter's own result Deferred to it, so a chain of coroutines awaiting each other
 * reads as one path and a cycle through coroutines is found like any other.
 *
 * <p>The registration holds both Deferreds weakly and the waiter only as a description, so it
 * never keeps anything alive; a registration whose awaited Deferred was collected disappears
 * by itself. Thread-safe; {@link #resumed()} may be called from any thread, and more than once.
 */
public final class WaitRegistration {
    /** Returned when every diagnostic is off: no state, nothing to undo. */
    static final WaitRegistration NONE = new WaitRegistration();
    private static final Set<WaitRegistration> LIVE = ConcurrentHashMap.newKeySet();
    private static final AtomicLong IDS = new AtomicLong();

    final long id;
    final String waiter;
    final WeakReference<Deferred<?>> waiterResult;
    final WeakReference<Deferred<?>> awaited;
    final long sinceNanos;
    final StackTraceElement[] site;
    private final boolean jfr;
    private final String awaitedName;
    private final AtomicBoolean ended = new AtomicBoolean();

    private WaitRegistration() {
        this.id = 0;
        this.waiter = "";
        this.waiterResult = null;
        this.awaited = null;
        this.sinceNanos = 0;
        this.site = null;
        this.jfr = false;
        this.awaitedName = "";
        this.ended.set(true);
    }

    private WaitRegistration(String waiter, Deferred<?> waiterResult, Deferred<?> awaited,
                             StackTraceElement[] site, boolean jfr) {
        this.id = IDS.incrementAndGet();
        this.waiter = waiter;
        this.waiterResult = waiterResult == null ? null : new WeakReference<>(waiterResult);
        this.awaited = new WeakReference<>(awaited);
        this.sinceNanos = Instrumentation.now();
        this.site = site;
        this.jfr = jfr;
        this.awaitedName = "Deferred at 0x" + Integer.toHexString(System.identityHashCode(awaited));
    }

    /** {@link Deferreds#awaiting}'s work, once it knows some switch is on. */
    static WaitRegistration begin(int bits, Object waiter, Deferred<?> waiterResult, Deferred<?> awaited) {
        String name = describe(waiter);
        boolean debug = (bits & Instrumentation.DEBUG) != 0;
        boolean pending = (bits & Instrumentation.PENDING) != 0;
        boolean jfr = (bits & Instrumentation.JFR) != 0;
        StackTraceElement[] site = debug || pending ? Sites.capture() : null;
        if (debug) {
            AsyncTraces.awaits(name, awaited, site);
        }
        if (!pending && !jfr) {
            return NONE;
        }
        WaitRegistration w = new WaitRegistration(name, waiterResult, awaited, site, jfr);
        if (pending) {
            LIVE.add(w);
        }
        if (jfr) {
            JfrSupport.suspended(name, w.awaitedName);
        }
        return w;
    }

    private static String describe(Object waiter) {
        try {
            return String.valueOf(waiter);
        } catch (RuntimeException e) {
            return waiter.getClass().getName() + " (whose toString() threw " + e.getClass().getName() + ")";
        }
    }

    /**
     * Ends the wait: removes it from the registry and, when Flight Recorder events are on,
     * records a {@code io.twine.CoroutineResumed} event with how long the waiter was suspended.
     * Calling it again does nothing.
     */
    public void resumed() {
        if (!ended.compareAndSet(false, true)) {
            return;
        }
        LIVE.remove(this);
        if (jfr) {
            JfrSupport.resumed(waiter, awaitedName, Instrumentation.now() - sinceNanos);
        }
    }

    /**
     * Whether this wait is still registered (not yet {@linkplain #resumed() resumed}).
     *
     * @return {@code false} after {@link #resumed()}, and always for the registration returned
     *         while diagnostics are off
     */
    public boolean isActive() {
        return !ended.get();
    }

    /** The registered waits whose awaited Deferred is still alive; drops the others. */
    static List<WaitRegistration> live() {
        List<WaitRegistration> out = new ArrayList<>();
        for (WaitRegistration w : LIVE) {
            if (w.awaited.get() == null) {
                LIVE.remove(w);
            } else {
                out.add(w);
            }
        }
        return out;
    }

    static void clear() {
        LIVE.clear();
    }

    @Override
    public String toString() {
        return this == NONE ? "WaitRegistration[none]" : "WaitRegistration[" + waiter + " awaits " + awaitedName + "]";
    }
}
