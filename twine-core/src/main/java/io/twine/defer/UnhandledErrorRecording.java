package io.twine.defer;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * A window, opened by a test harness, in which lost Deferred errors are found deterministically
 * instead of whenever the garbage collector gets round to it: the hook behind Twisted trial's
 * rule that a test which leaves an error unhandled fails (trial's {@code _Janitor} and
 * {@code flushLoggedErrors}). Application code has no use for it; {@code twine-testing}'s JUnit
 * extension opens one around every test.
 *
 * <p>While a recording is open, every Deferred whose pass over its chain ends on a
 * {@link Failure} is remembered by it (on whatever thread the chain ran), and every report made
 * through {@link UnhandledErrors#report} is collected by it. {@link #flush()} then answers "which
 * errors were lost in this window?": the collected reports plus each remembered failure that is
 * <em>still</em> unhandled, whether or not its Deferred is still reachable.
 *
 * <p>Windows nest: while several recordings are open, only the newest (the innermost, such as a
 * test inside its class) remembers and collects; the others see only what happens while they are
 * the newest again. So each lost error belongs to exactly one window.
 *
 * <p>Cost: when no recording is open, Deferreds pay one static volatile read, and only when a
 * pass ends on a Failure; the success path is untouched. While one is open, remembering holds
 * the Deferred's small tracking record (never the Deferred itself, so it can still be collected).
 *
 * <p>Recordings are global, not per thread, because Deferreds fire on any thread: with two
 * windows open at the same time (tests run in parallel), the newer one gets the failures of
 * both. Thread-safe.
 */
public final class UnhandledErrorRecording implements AutoCloseable {

    /** Whether any recording is open; read by {@link DebugInfo#track} on the failure path only. */
    static volatile boolean active;
    /** Open recordings, oldest first. */
    private static final List<UnhandledErrorRecording> OPEN = new CopyOnWriteArrayList<>();
    /** Observes reports while any recording is open; registered with the first one, removed with the last. */
    private static final Consumer<UnhandledError> OBSERVER = UnhandledErrorRecording::collect;

    /** Guarded by {@code this}. Insertion order, so a flush lists failures in the order they happened. */
    private final Set<DebugInfo> remembered = new LinkedHashSet<>();
    /** Guarded by {@code this}. */
    private final List<UnhandledError> reported = new ArrayList<>();
    private volatile boolean closed;

    private UnhandledErrorRecording() {
    }

    /**
     * Opens a recording. Close it when the window ends (try-with-resources), or failures keep
     * being remembered by it.
     *
     * @return the open recording
     */
    public static UnhandledErrorRecording start() {
        UnhandledErrorRecording r = new UnhandledErrorRecording();
        synchronized (OPEN) {
            if (OPEN.isEmpty()) {
                UnhandledErrors.addObserver(OBSERVER);
            }
            OPEN.add(r);
            active = true;
        }
        return r;
    }

    /** Called from {@link DebugInfo#track}: a pass of {@code info}'s Deferred ended on a Failure. */
    static void remember(DebugInfo info) {
        Object[] open = OPEN.toArray(); // a snapshot: closes racing with us only skip entries
        for (int i = open.length - 1; i >= 0; i--) {
            UnhandledErrorRecording r = (UnhandledErrorRecording) open[i];
            synchronized (r) {
                if (!r.closed) {
                    r.remembered.add(info);
                    return;
                }
            }
        }
    }

    /** Observer of {@link UnhandledErrors}: a report goes to the newest open recording. */
    private static void collect(UnhandledError e) {
        Object[] open = OPEN.toArray();
        for (int i = open.length - 1; i >= 0; i--) {
            UnhandledErrorRecording r = (UnhandledErrorRecording) open[i];
            synchronized (r) {
                if (!r.closed) {
                    r.reported.add(e);
                    return;
                }
            }
        }
    }

    /**
     * Takes every error lost so far in this window: first the reports made through
     * {@link UnhandledErrors#report} since the recording opened or was last flushed (for example
     * by the garbage collector, for a Deferred that became unreachable), then every failure that
     * ended a pass in this window and that no errback has consumed by now.
     *
     * <p>Taking a failure counts as handling it: its Deferred no longer
     * {@linkplain Deferred#hasUnhandledFailure() holds an unhandled failure}, and it will never be
     * reported through {@link UnhandledErrors} (not logged, not seen by observers), because the
     * caller now owns the report. Its result is unchanged: an errback added later still receives
     * the Failure. Each error is returned by at most one flush of at most one recording.
     *
     * @return the lost errors, oldest first; empty when there are none
     */
    public List<UnhandledError> flush() {
        List<DebugInfo> infos;
        List<UnhandledError> out;
        synchronized (this) {
            out = new ArrayList<>(reported);
            reported.clear();
            infos = new ArrayList<>(remembered);
            remembered.clear();
        }
        for (DebugInfo info : infos) {
            Failure f = info.take();
            if (f != null) {
                String owner = info.owner();
                out.add(new UnhandledError(f, owner != null ? owner : "Deferred", info.creator, info.invoker));
            }
        }
        return out;
    }

    /**
     * Whether {@link #close()} has been called.
     *
     * @return {@code true} once closed
     */
    public boolean isClosed() {
        return closed;
    }

    /**
     * Ends the window without flushing: failures not taken stay tracked as usual and are
     * reported when their Deferred is collected. Idempotent.
     */
    @Override
    public void close() {
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
            remembered.clear();
            reported.clear();
        }
        synchronized (OPEN) {
            OPEN.remove(this);
            active = !OPEN.isEmpty();
            if (!active) {
                UnhandledErrors.removeObserver(OBSERVER);
            }
        }
    }
}
