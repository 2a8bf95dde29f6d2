package io.twine.defer;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.WeakHashMap;

/**
 * Where an error travelled across Deferreds and awaits: the async traceback of debug mode
 * ({@link Deferred#setDebugging}). A Java stack trace shows only the synchronous stack of the
 * moment the exception was thrown, which in callback code is the engine that ran the callback;
 * the async trace adds the places that led there: where the failing callback was added, which
 * Deferred it belonged to and where that was created, and each Deferred or coroutine that the
 * error was then handed to, in the order it travelled.
 *
 * <p>It is attached to the original exception ({@link Failure#value()}) as a
 * {@linkplain Throwable#addSuppressed suppressed exception}, so it survives being rethrown by a
 * coroutine and wrapped in a new Failure, and it appears in {@link Failure#getTraceback()},
 * in unhandled-error reports and in any logger that prints stack traces, with no change to them
 * (Project Reactor's debug mode attaches its assembly traces the same way). An exception
 * created with suppression disabled cannot carry it; {@link #of} still finds the trace.
 *
 * <p>Twisted mapping: none. Twisted's debug mode records only where each Deferred was created and
 * first fired; this is the same idea followed across hops. Thread-safe: hops may be added from
 * any thread that runs a chain. It has no stack trace of its own.
 */
public final class AsyncTrace extends RuntimeException {
    private static final long serialVersionUID = 1L;
    /** Hops kept per error; an error passing through a very long chain records the first ones. */
    static final int MAX_HOPS = 64;
    /** For exceptions that refuse suppressed exceptions; weak, so the exception can be collected. */
    private static final Map<Throwable, AsyncTrace> DETACHED = Collections.synchronizedMap(new WeakHashMap<>());

    /**
     * One place on the error's way.
     *
     * @param what what happened there, e.g. {@code raised in a callback of Deferred at 0x1b2c (created at ...)}
     * @param site the user code of that place, innermost frame first, Twine's own frames removed
     */
    public record Hop(String what, List<StackTraceElement> site) {
        /**
         * Copies the site.
         *
         * @param what the description, not {@code null}
         * @param site the frames, not {@code null}
         */
        public Hop {
            java.util.Objects.requireNonNull(what, "what");
            site = List.copyOf(site);
        }
    }

    /** Guarded by {@code this}. */
    private final List<Hop> hops = new ArrayList<>();
    /** Guarded by {@code this}. */
    private int dropped;

    private AsyncTrace() {
        super(null, null, false, false);
    }

    /**
     * The async trace recorded for an exception, if any.
     *
     * @param error an exception or a {@link Failure} (its original exception is looked at)
     * @return the trace, or {@code null} when none was recorded (debug mode off, or never crossed
     *         an instrumented Deferred)
     */
    public static AsyncTrace of(Throwable error) {
        Throwable t = error instanceof Failure f ? f.value() : error;
        if (t == null) {
            return null;
        }
        for (Throwable s : t.getSuppressed()) {
            if (s instanceof AsyncTrace a) {
                return a;
            }
        }
        return DETACHED.get(t);
    }

    /** The trace of {@code t}, attached on first use. */
    static AsyncTrace attach(Throwable t) {
        synchronized (t) { // Throwable's own suppressed list is guarded by the same monitor
            AsyncTrace a = of(t);
            if (a != null) {
                return a;
            }
            a = new AsyncTrace();
            t.addSuppressed(a);
            if (t.getSuppressed().length == 0) {
                DETACHED.put(t, a); // suppression disabled on this exception
            }
            return a;
        }
    }

    synchronized void add(Hop hop) {
        if (hops.size() < MAX_HOPS) {
            hops.add(hop);
        } else {
            dropped++;
        }
    }

    /**
     * The hops so far, in the order the error travelled.
     *
     * @return an immutable copy
     */
    public synchronized List<Hop> hops() {
        return List.copyOf(hops);
    }

    /**
     * The hops as text, one per line with up to three frames each: this is what stack traces show.
     *
     * @return the rendering, starting with a headline
     */
    @Override
    public synchronized String getMessage() {
        StringBuilder sb = new StringBuilder("async trace (debug mode), where the error travelled, first to last:");
        int n = 1;
        for (Hop h : hops) {
            sb.append("\n\t  ").append(n++).append(". ").append(h.what());
            List<StackTraceElement> site = h.site();
            for (int i = 0; i < Math.min(3, site.size()); i++) {
                sb.append("\n\t       at ").append(Sites.format(site.get(i)));
            }
        }
        if (dropped > 0) {
            sb.append("\n\t  ... ").append(dropped).append(" more hops not kept");
        }
        return sb.toString();
    }

    /** Frames of a hop, for building one. */
    static List<StackTraceElement> frames(StackTraceElement[] site) {
        return site == null ? List.of() : Arrays.asList(site);
    }
}
