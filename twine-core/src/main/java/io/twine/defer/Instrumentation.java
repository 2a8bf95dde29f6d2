package io.twine.defer;

import java.time.Duration;
import java.util.Locale;
import java.util.function.LongSupplier;

/**
 * The switches behind {@link Deferreds} and debug mode, and the slow paths that {@link Deferred}
 * takes only when one of them is on.
 *
 * <p>Why one int: the constructor and {@code fire} already paid one static volatile read for the
 * old debug flag. All switches live in that same word ({@link Deferred#instrumentation}), so with
 * everything off the engine pays exactly what it paid before: one read, one never-taken branch.
 * Per-callback work (async traces, timing) is decided once per Deferred, at birth, and recorded
 * as a state bit that {@code add} tests on the state word it has already loaded.
 */
final class Instrumentation {
    /** Debug mode: creation/invoker sites, async traces. */
    static final int DEBUG = 1;
    /** The registry of pending Deferreds. */
    static final int PENDING = 1 << 1;
    /** JDK Flight Recorder events. */
    static final int JFR = 1 << 2;
    /** Report callbacks that run longer than a threshold. */
    static final int SLOW_CALLBACKS = 1 << 3;
    /** Report Deferreds whose chain of waiting callbacks grows past a threshold. */
    static final int LONG_CHAINS = 1 << 4;
    /** The switches that need a hook on every added callback. */
    static final int ENTRY_HOOKS = DEBUG | SLOW_CALLBACKS | LONG_CHAINS;

    static final String PROPERTY = "twine.diagnostics";
    private static final System.Logger LOG = System.getLogger("io.twine.diagnostics");
    private static final Object LOCK = new Object();

    static volatile long slowCallbackNanos = Duration.ofMillis(100).toNanos();
    static volatile int longChainCallbacks = 1000;
    static volatile long longPendingNanos = Duration.ofSeconds(30).toNanos();
    /** The clock for ages and callback timing; replaced by tests only. */
    static volatile LongSupplier clock = System::nanoTime;

    private Instrumentation() {
    }

    static long now() {
        return clock.getAsLong();
    }

    /** The value that locks diagnostics off for the whole JVM ({@link Deferred#DIAGNOSTICS}). */
    static final String NONE = "none";

    private static String property() {
        try {
            return System.getProperty(PROPERTY);
        } catch (SecurityException e) {
            return null;
        }
    }

    /** False when {@code -Dtwine.diagnostics=none}: no diagnostic can be turned on in this JVM. */
    static boolean availableFromSystemProperty() {
        return available(property());
    }

    static boolean available(String spec) {
        return spec == null || !spec.trim().equalsIgnoreCase(NONE);
    }

    /**
     * The initial switches, from {@code -Dtwine.diagnostics=...}. Runs in Deferred's class
     * initializer, so a bad value is logged and skipped rather than thrown.
     */
    static int fromSystemProperty() {
        String spec = property();
        if (spec == null || spec.isBlank() || !available(spec)) {
            return 0;
        }
        int bits = 0;
        for (String raw : spec.split(",")) {
            String token = raw.trim().toLowerCase(Locale.ROOT);
            if (token.isEmpty()) {
                continue;
            }
            try {
                bits |= parse(token);
            } catch (IllegalArgumentException e) {
                LOG.log(System.Logger.Level.WARNING, "Ignoring -D" + PROPERTY + " entry '" + token + "': "
                        + e.getMessage());
            }
        }
        if ((bits & JFR) != 0) {
            try {
                activateJfr();
            } catch (IllegalStateException noJfr) {
                bits &= ~JFR;
                LOG.log(System.Logger.Level.WARNING, "Ignoring -D" + PROPERTY + " entry 'jfr': " + noJfr.getMessage());
            }
        }
        return bits;
    }

    /** One entry of the property: {@code name} or {@code name=value}. */
    static int parse(String token) {
        int eq = token.indexOf('=');
        String name = eq < 0 ? token : token.substring(0, eq).trim();
        String value = eq < 0 ? null : token.substring(eq + 1).trim();
        switch (name) {
            case "debug" -> {
                noValue(name, value);
                return DEBUG;
            }
            case "pending" -> {
                noValue(name, value);
                return PENDING;
            }
            case "jfr" -> {
                noValue(name, value);
                return JFR;
            }
            case "slow-callbacks" -> {
                if (value != null) {
                    slowCallbackNanos = positive(parseDuration(value), name).toNanos();
                }
                return SLOW_CALLBACKS;
            }
            case "long-chains" -> {
                if (value != null) {
                    try {
                        longChainCallbacks = positive(Integer.parseInt(value), name);
                    } catch (NumberFormatException e) {
                        throw new IllegalArgumentException("long-chains needs a number of callbacks, got '" + value + "'");
                    }
                }
                return LONG_CHAINS;
            }
            case "long-pending" -> {
                if (value == null) {
                    throw new IllegalArgumentException("long-pending needs a duration, e.g. long-pending=10s");
                }
                longPendingNanos = positive(parseDuration(value), name).toNanos();
                return 0;
            }
            case "all" -> {
                noValue(name, value);
                return DEBUG | PENDING | JFR | SLOW_CALLBACKS | LONG_CHAINS;
            }
            case NONE -> throw new IllegalArgumentException(
                    "none locks every diagnostic off and must be the property's only entry");
            default -> throw new IllegalArgumentException("unknown diagnostic '" + name
                    + "' (known: debug, pending, jfr, slow-callbacks[=50ms], long-chains[=1000], long-pending=10s, all; or none alone)");
        }
    }

    private static void noValue(String name, String value) {
        if (value != null) {
            throw new IllegalArgumentException(name + " takes no value, got '" + value + "'");
        }
    }

    static Duration positive(Duration d, String what) {
        if (d.isNegative() || d.isZero()) {
            throw new IllegalArgumentException(what + " must be a positive duration, got " + d);
        }
        return d;
    }

    private static int positive(int n, String what) {
        if (n <= 0) {
            throw new IllegalArgumentException(what + " must be positive, got " + n);
        }
        return n;
    }

    /** {@code 250ms}, {@code 2s}, {@code 1.5s}, {@code 3m}, or ISO-8601 ({@code PT2S}). */
    static Duration parseDuration(String s) {
        String t = s.trim().toLowerCase(Locale.ROOT);
        try {
            if (t.startsWith("pt")) {
                return Duration.parse(t.toUpperCase(Locale.ROOT));
            }
            if (t.endsWith("ms")) {
                return Duration.ofNanos(Math.round(Double.parseDouble(t.substring(0, t.length() - 2)) * 1e6));
            }
            if (t.endsWith("s")) {
                return Duration.ofNanos(Math.round(Double.parseDouble(t.substring(0, t.length() - 1)) * 1e9));
            }
            if (t.endsWith("m")) {
                return Duration.ofNanos(Math.round(Double.parseDouble(t.substring(0, t.length() - 1)) * 60e9));
            }
        } catch (RuntimeException e) {
            // fall through to the message below
        }
        throw new IllegalArgumentException("'" + s + "' is not a duration (examples: 250ms, 2s, 1.5s, 3m, PT2S)");
    }

    /** Turns {@code bits} on or off; side effects of switching JFR happen here, once. */
    static void set(int bits, boolean on) {
        if (on && bits != 0 && !Deferred.DIAGNOSTICS) {
            throw new IllegalStateException("diagnostics are locked off for this JVM by -D" + PROPERTY + "=" + NONE);
        }
        synchronized (LOCK) {
            int old = Deferred.instrumentation;
            int now = on ? old | bits : old & ~bits;
            if ((now & JFR) != 0 && (old & JFR) == 0) {
                activateJfr();
            } else if ((now & JFR) == 0 && (old & JFR) != 0) {
                JfrSupport.deactivate();
            }
            Deferred.instrumentation = now;
        }
    }

    private static void activateJfr() {
        try {
            JfrSupport.activate();
        } catch (LinkageError e) {
            throw new IllegalStateException("JDK Flight Recorder (module jdk.jfr) is not available in this runtime", e);
        }
    }

    // ------------------------------------------------------------------------------------------
    // Hooks called by Deferred, only when a switch is on

    /** At birth: registers {@code d} if tracking; returns whether its callbacks need wrapping. */
    static boolean onCreate(Deferred<?> d, int bits) {
        if ((bits & PENDING) != 0) {
            PendingRegistry.register(d);
        }
        return (bits & ENTRY_HOOKS) != 0;
    }

    /** {@code callback}/{@code errback} with some switch on. */
    static void fire(Deferred<?> d, Object result, int bits) {
        Throwable site = null;
        if ((bits & DEBUG) != 0) {
            site = new Throwable("First Invoker was");
            if (result instanceof Failure f) {
                AsyncTraces.errbacked(d, f, site);
            }
        }
        if ((bits & JFR) != 0) {
            JfrSupport.fire(d, result, site);
        } else {
            d.fire(result, site);
        }
    }

    /**
     * {@code add} on a Deferred born instrumented: reports a long chain, and wraps the entry to
     * trace and time it. {@code waiting} is how many entries were already in the chain.
     */
    static Object wrap(Deferred<?> owner, Object entry, int waiting) {
        int bits = Deferred.instrumentation;
        if ((bits & LONG_CHAINS) != 0 && waiting + 1 == longChainCallbacks) {
            Reports.longChain(owner, waiting + 1);
        }
        if (entry instanceof Deferred.Handoff || entry instanceof AsyncTraces.Marker) {
            return entry;
        }
        boolean debug = (bits & DEBUG) != 0;
        boolean slow = (bits & SLOW_CALLBACKS) != 0;
        if (!debug && !slow) {
            return entry;
        }
        return new InstrumentedEntry(owner, entry, debug ? Sites.capture() : null, slow);
    }
}
