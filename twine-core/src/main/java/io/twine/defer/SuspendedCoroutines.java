package io.twine.defer;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A window, opened by a test harness, that lists the coroutines which suspended in it and have
 * not resumed since: those still waiting for a Deferred that has not fired. Twisted trial has no
 * such check (its coroutines are generators that simply get collected); Twine adds it because a
 * coroutine left suspended at the end of a test usually means a Deferred the test forgot to fire.
 * Application code has no use for it; {@code twine-testing}'s JUnit extension opens one around
 * every test.
 *
 * <p>While a window is open, each coroutine that suspends in {@link Coroutines#await} (on an
 * unfired Deferred, on any thread) is remembered, with the Deferred it awaits and the call stack
 * of that await; it is forgotten as soon as it resumes (the Deferred fired, or was cancelled). A
 * coroutine that finishes without suspending in the window is never seen.
 * {@link #suspended()} answers "which coroutines are suspended now, since this window opened?".
 *
 * <p>Windows nest like {@link UnhandledErrorRecording}'s: only the newest open window remembers a
 * suspension, so each suspension belongs to exactly one window.
 *
 * <p>Cost: when no window is open, a suspending await pays one static volatile read, and nothing
 * else does (Deferreds are untouched). While one is open, each suspension captures a stack trace
 * and holds the coroutine and its awaited Deferred until it resumes or the window closes.
 *
 * <p>Windows are global, not per thread, because coroutines resume on any thread. Thread-safe.
 */
public final class SuspendedCoroutines implements AutoCloseable {

    /** Whether any window is open; read by {@link Coroutine#suspendOn} only. */
    static volatile boolean active;
    /** Open windows, oldest first. */
    private static final List<SuspendedCoroutines> OPEN = new CopyOnWriteArrayList<>();
    /** The coroutine machinery between the await call site and Twine's caller: left out of the site. */
    private static final Set<String> MACHINERY = Set.of(Coroutine.class.getName(), Coroutines.class.getName(),
            SuspendedCoroutines.class.getName());

    /** Guarded by {@code this}. Insertion order, so coroutines are listed in the order they suspended. */
    private final Map<Coroutine<?>, Suspension> suspended = new LinkedHashMap<>();
    private boolean closed;

    private SuspendedCoroutines() {
    }

    /**
     * Opens a window. Close it when the window ends (try-with-resources), or suspensions keep
     * being remembered by it.
     *
     * @return the open window
     */
    public static SuspendedCoroutines start() {
        SuspendedCoroutines w = new SuspendedCoroutines();
        synchronized (OPEN) {
            OPEN.add(w);
            active = true;
        }
        return w;
    }

    /**
     * Called by {@link Coroutine#suspendOn} (only while {@link #active}), on the body's thread,
     * just before the coroutine suspends on {@code awaited}.
     *
     * @return what to pass to {@link #resumed}, or {@code null} if every window has closed meanwhile
     */
    static Suspension suspending(Coroutine<?> coroutine, Deferred<?> awaited) {
        Object[] open = OPEN.toArray(); // a snapshot: closes racing with us only skip entries
        for (int i = open.length - 1; i >= 0; i--) {
            SuspendedCoroutines w = (SuspendedCoroutines) open[i];
            synchronized (w) {
                if (!w.closed) {
                    Suspension s = new Suspension(w, coroutine, awaited, site());
                    w.suspended.put(coroutine, s);
                    return s;
                }
            }
        }
        return null;
    }

    /** Called by {@link Coroutine#suspendOn} when the body runs again after {@link #suspending}. */
    static void resumed(Suspension s) {
        SuspendedCoroutines w = s.window;
        synchronized (w) {
            w.suspended.remove(s.coroutine, s);
        }
    }

    /** The await call site: the body's frames only, without the coroutine machinery above and below. */
    private static Throwable site() {
        Throwable t = new Throwable("coroutine suspended here");
        StackTraceElement[] frames = t.getStackTrace();
        int from = 0;
        while (from < frames.length && isMachinery(frames[from])) {
            from++;
        }
        int to = from;
        // Below the body: Coroutine.run, then the fiber (a continuation or a virtual thread).
        while (to < frames.length && !isMachinery(frames[to])) {
            to++;
        }
        t.setStackTrace(Arrays.copyOfRange(frames, from, to));
        return t;
    }

    private static boolean isMachinery(StackTraceElement e) {
        String c = e.getClassName();
        int nested = c.indexOf('$');
        return MACHINERY.contains(nested < 0 ? c : c.substring(0, nested));
    }

    /**
     * The coroutines that suspended in this window and have not resumed since, in the order they
     * suspended. A snapshot: it does not change as coroutines resume later.
     *
     * @return the suspended coroutines; empty when there are none or the window is closed
     */
    public synchronized List<Suspension> suspended() {
        return new ArrayList<>(suspended.values());
    }

    /**
     * Whether {@link #close()} has been called.
     *
     * @return {@code true} once closed
     */
    public synchronized boolean isClosed() {
        return closed;
    }

    /**
     * Ends the window: it forgets what it remembered and remembers nothing more. The coroutines
     * themselves are untouched (still suspended, resumed as usual if their Deferred fires).
     * Idempotent.
     */
    @Override
    public void close() {
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
            suspended.clear();
        }
        synchronized (OPEN) {
            OPEN.remove(this);
            active = !OPEN.isEmpty();
        }
    }

    /**
     * One coroutine suspended in a window: what it is, what it awaits, and where it awaits it.
     * Immutable, except that the awaited Deferred's state moves on.
     */
    public static final class Suspension {
        private final SuspendedCoroutines window;
        private final Coroutine<?> coroutine;
        private final Deferred<?> awaited;
        private final Throwable site;

        private Suspension(SuspendedCoroutines window, Coroutine<?> coroutine, Deferred<?> awaited, Throwable site) {
            this.window = window;
            this.coroutine = coroutine;
            this.awaited = awaited;
            this.site = site;
        }

        /**
         * Names the coroutine by the class of its body, e.g. {@code coroutine
         * com.example.Client$$Lambda/0x...}.
         *
         * @return the coroutine's description
         */
        public String coroutine() {
            return coroutine.toString();
        }

        /**
         * The Deferred the coroutine awaits; its {@code toString} shows its state now.
         *
         * @return the awaited Deferred
         */
        public Deferred<?> awaited() {
            return awaited;
        }

        /**
         * Where the coroutine suspended: a Throwable (never thrown) whose stack trace is the body's
         * frames from the {@code await} call down, without Twine's coroutine machinery.
         *
         * @return the suspension site
         */
        public Throwable site() {
            return site;
        }

        /**
         * Describes the suspension for a report: the coroutine, the awaited Deferred, and the
         * stack of the await.
         *
         * @return a multi-line description ending in a newline
         */
        public String describe() {
            StringBuilder sb = new StringBuilder(coroutine()).append(" is suspended awaiting ").append(awaited)
                    .append('\n');
            for (StackTraceElement e : site.getStackTrace()) {
                sb.append("\tat ").append(e).append('\n');
            }
            return sb.toString();
        }

        @Override
        public String toString() {
            return coroutine() + " awaiting " + awaited;
        }
    }
}
