package io.twine.defer;

import java.time.Duration;
import java.util.EnumSet;
import java.util.Objects;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Diagnostics for Deferreds: finding the chain that hangs and the place an error came from. None
 * of this exists in Twisted; all of it is off by default and costs nothing when off (the engine
 * reads one switch word per Deferred created and per firing, as it always did for debug mode).
 *
 * <p>Switch features on at start-up with {@code -Dtwine.diagnostics=pending,debug,jfr} (a comma
 * list; also {@code slow-callbacks[=100ms]}, {@code long-chains[=1000]}, {@code long-pending=30s},
 * {@code all}; an unknown entry is logged and skipped), or at run time with {@link #enable}.
 * Switches apply to Deferreds created (and, for {@link Diagnostic#JFR}, fired) after they are
 * turned on.
 *
 * <ul>
 * <li>{@link Diagnostic#PENDING}: a registry of Deferreds, held weakly. {@link #dumpPending()}
 *     lists those that have not delivered their result, with where each was created, its age and
 *     what it waits on; {@link #toDot()} draws the same as a Graphviz graph; cycles and dead ends
 *     are named. Waiters that are not Deferred callbacks (coroutines) join through
 *     {@link #awaiting}.</li>
 * <li>{@link Diagnostic#DEBUG}: Twisted's debug mode ({@link Deferred#setDebugging}) plus async
 *     tracebacks: an error's {@link AsyncTrace} lists where the failing callback was added and
 *     each Deferred and await it crossed afterwards.</li>
 * <li>{@link Diagnostic#JFR}: JDK Flight Recorder events (category "Twine"): Deferred fired,
 *     unhandled error, long-pending Deferred (periodic, needs {@code PENDING}), coroutine
 *     suspended/resumed, slow callback, long chain.</li>
 * <li>{@link Diagnostic#SLOW_CALLBACKS} and {@link Diagnostic#LONG_CHAINS}: warnings
 *     ({@link DiagnosticReport}) about callbacks that hold their thread too long and chains that
 *     grow too long; logged to {@link System.Logger} {@code io.twine.diagnostics} and passed to
 *     {@linkplain #addObserver observers}.</li>
 * </ul>
 *
 * <p>Every method is thread-safe. Costs when on are stated on each {@link Diagnostic}.
 */
public final class Deferreds {

    /** The features, each switched on and off on its own. */
    public enum Diagnostic {
        /**
         * Debug mode: creation and first-firing sites (as Twisted's), plus the site of every
         * added callback for async traces. Costs stack captures on each Deferred, firing and
         * added callback (microseconds each).
         */
        DEBUG(Instrumentation.DEBUG),
        /** Track Deferreds for {@link #dumpPending()}: one weak entry and one short stack capture per Deferred. */
        PENDING(Instrumentation.PENDING),
        /** Emit Flight Recorder events; per firing, an event object and JFR's own enabled check. */
        JFR(Instrumentation.JFR),
        /** Time each callback and report those over the threshold: two clock reads per callback. */
        SLOW_CALLBACKS(Instrumentation.SLOW_CALLBACKS),
        /** Report a Deferred whose waiting callbacks reach the threshold: a comparison per added callback. */
        LONG_CHAINS(Instrumentation.LONG_CHAINS);

        final int bit;

        Diagnostic(int bit) {
            this.bit = bit;
        }
    }

    private Deferreds() {
    }

    /**
     * Turns features on, for Deferreds created from now on.
     *
     * @param features the features
     * @throws IllegalStateException when {@code JFR} is asked for and the runtime has no
     *         {@code jdk.jfr} module, or when {@code -Dtwine.diagnostics=none} locked diagnostics
     *         off for this JVM
     */
    public static void enable(Diagnostic... features) {
        Instrumentation.set(bits(features), true);
    }

    /**
     * Turns features off. Deferreds created while a feature was on keep what it recorded, and
     * tracked ones stay listed until collected or {@link #clearPending() cleared}.
     *
     * @param features the features
     */
    public static void disable(Diagnostic... features) {
        Instrumentation.set(bits(features), false);
    }

    /**
     * Whether a feature is on.
     *
     * @param feature the feature
     * @return the setting
     */
    public static boolean isEnabled(Diagnostic feature) {
        Objects.requireNonNull(feature, "feature");
        return (Deferred.instrumentation & feature.bit) != 0;
    }

    /**
     * The features that are on.
     *
     * @return a new set
     */
    public static Set<Diagnostic> enabled() {
        Set<Diagnostic> on = EnumSet.noneOf(Diagnostic.class);
        for (Diagnostic d : Diagnostic.values()) {
            if (isEnabled(d)) {
                on.add(d);
            }
        }
        return on;
    }

    private static int bits(Diagnostic... features) {
        int bits = 0;
        for (Diagnostic f : features) {
            bits |= Objects.requireNonNull(f, "features must not contain null").bit;
        }
        return bits;
    }

    /**
     * Turns on slow-callback reports: a callback of a Deferred created from now on that runs for
     * longer than {@code threshold} on its thread is reported once it returns.
     *
     * @param threshold the longest acceptable run, positive
     * @throws IllegalArgumentException if {@code threshold} is not positive
     */
    public static void reportSlowCallbacks(Duration threshold) {
        Objects.requireNonNull(threshold, "threshold");
        Instrumentation.slowCallbackNanos = Instrumentation.positive(threshold, "slow-callback threshold").toNanos();
        enable(Diagnostic.SLOW_CALLBACKS);
    }

    /**
     * Turns on long-chain reports: a Deferred created from now on is reported when the number of
     * callbacks waiting in its chain reaches {@code callbacks} (again each time it grows back to it).
     *
     * @param callbacks the threshold, positive
     * @throws IllegalArgumentException if {@code callbacks} is not positive
     */
    public static void reportLongChains(int callbacks) {
        if (callbacks <= 0) {
            throw new IllegalArgumentException("long-chain threshold must be positive, got " + callbacks);
        }
        Instrumentation.longChainCallbacks = callbacks;
        enable(Diagnostic.LONG_CHAINS);
    }

    /**
     * Sets the age from which a tracked pending Deferred is reported by the periodic
     * {@code io.twine.LongPendingDeferred} Flight Recorder event (default 30 s).
     *
     * @param threshold positive
     * @throws IllegalArgumentException if {@code threshold} is not positive
     */
    public static void setLongPendingThreshold(Duration threshold) {
        Objects.requireNonNull(threshold, "threshold");
        Instrumentation.longPendingNanos = Instrumentation.positive(threshold, "long-pending threshold").toNanos();
    }

    /**
     * The current long-pending threshold.
     *
     * @return the threshold
     */
    public static Duration longPendingThreshold() {
        return Duration.ofNanos(Instrumentation.longPendingNanos);
    }

    /**
     * Adds an observer of slow-callback and long-chain reports. It runs on the thread that
     * noticed (the one running the chain or adding the callback); one that throws is logged and
     * does not stop the others.
     *
     * @param observer the observer
     * @return a handle whose {@code close()} removes it
     */
    public static AutoCloseable addObserver(Consumer<? super DiagnosticReport> observer) {
        Objects.requireNonNull(observer, "observer");
        Reports.OBSERVERS.add(observer);
        return () -> Reports.OBSERVERS.remove(observer);
    }

    // ------------------------------------------------------------------------------------------
    // Pending Deferreds

    /**
     * The wait-for graph of pending tracked Deferreds now. Each Deferred is looked at under its own
     * lock, one after the other, so a graph that is changing while it is taken may mix moments;
     * a hung graph does not change.
     *
     * @return the snapshot (empty when nothing was tracked)
     */
    public static PendingSnapshot snapshot() {
        return WaitGraph.capture();
    }

    /**
     * The pending Deferreds as text: {@code snapshot().toText()}.
     *
     * @return multi-line text
     */
    public static String dumpPending() {
        return snapshot().toText();
    }

    /**
     * The wait-for graph as Graphviz DOT: {@code snapshot().toDot()}.
     *
     * @return DOT source
     */
    public static String toDot() {
        return snapshot().toDot();
    }

    /**
     * Forgets every tracked Deferred and registered wait (tracking itself stays as it is).
     */
    public static void clearPending() {
        PendingRegistry.clear();
        WaitRegistration.clear();
    }

    // ------------------------------------------------------------------------------------------
    // SPI for waiters that are not callbacks

    /**
     * Registers that {@code waiter} is suspended until {@code awaited} fires: the service
     * provider interface for coroutine implementations and any other code that parks something
     * on a Deferred outside its callback chain. Call it where the waiter suspends (its stack is
     * taken as the await site), and call {@link WaitRegistration#resumed()} on the result when it
     * resumes or gives up.
     *
     * <p>What it does depends on the switches: with {@code PENDING} the wait appears in
     * snapshots (waiter node, {@code AWAITS} edge, {@code RESULT_OF} edge from
     * {@code waiterResult}); with {@code JFR} an {@code io.twine.CoroutineSuspended} event now and
     * {@code io.twine.CoroutineResumed} at resume; with {@code DEBUG} a failure of
     * {@code awaited} gets an {@link AsyncTrace} hop naming the waiter and its await site (by a
     * pass-through entry added to {@code awaited}'s chain now, so call this before adding the
     * waiter's own callback). With everything off it returns a shared inert registration at the
     * cost of one volatile read, and {@code waiter.toString()} is not called.
     *
     * <p>Nothing is held strongly: the Deferreds weakly, the waiter only as its
     * {@code toString()}, taken now.
     *
     * @param waiter what waits, described by its {@code toString()} (e.g. {@code coroutine loadUser})
     * @param waiterResult the Deferred that fires when the waiter finishes, or {@code null}
     * @param awaited the Deferred it waits for
     * @return the registration to end with {@link WaitRegistration#resumed()}
     */
    public static WaitRegistration awaiting(Object waiter, Deferred<?> waiterResult, Deferred<?> awaited) {
        Objects.requireNonNull(waiter, "waiter");
        Objects.requireNonNull(awaited, "awaited");
        int bits = Deferred.instrumentation;
        if ((bits & (Instrumentation.PENDING | Instrumentation.JFR | Instrumentation.DEBUG)) == 0) {
            return WaitRegistration.NONE;
        }
        return WaitRegistration.begin(bits, waiter, waiterResult, awaited);
    }
}
