package io.twine.defer;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * Delivers {@link DiagnosticReport}s: to {@link System.Logger} {@code io.twine.diagnostics} at
 * WARNING, to each observer, and as a Flight Recorder event when JFR events are on. Runs on the
 * thread that noticed (the one running the chain or adding the callback).
 */
final class Reports {
    private static final System.Logger LOG = System.getLogger("io.twine.diagnostics");
    static final List<Consumer<? super DiagnosticReport>> OBSERVERS = new CopyOnWriteArrayList<>();

    private Reports() {
    }

    static void slowCallback(Deferred<?> owner, Object callback, StackTraceElement[] addedAt, long nanos) {
        String deferred = name(owner);
        Duration took = Duration.ofNanos(nanos);
        StackTraceElement[] site = addedAt != null ? addedAt : Sites.of(owner.creationSite());
        String where = addedAt != null ? "added at " + Sites.first(addedAt)
                : callback.getClass().getName() + " (turn on debug mode to see where it was added)";
        String message = "A callback of " + deferred + " held its thread for " + PendingText.format(took)
                + " (threshold " + PendingText.format(Duration.ofNanos(Instrumentation.slowCallbackNanos)) + "): " + where;
        deliver(new DiagnosticReport(DiagnosticReport.Kind.SLOW_CALLBACK, deferred, message, took, 0,
                AsyncTrace.frames(site)));
    }

    static void longChain(Deferred<?> owner, int callbacks) {
        String deferred = name(owner);
        StackTraceElement[] site = Sites.capture();
        String message = deferred + " has " + callbacks + " callbacks waiting in its chain (threshold "
                + Instrumentation.longChainCallbacks + "); the latest was added at " + Sites.first(site);
        deliver(new DiagnosticReport(DiagnosticReport.Kind.LONG_CHAIN, deferred, message, null, callbacks,
                AsyncTrace.frames(site)));
    }

    private static String name(Deferred<?> d) {
        return "Deferred at 0x" + Integer.toHexString(System.identityHashCode(d));
    }

    static void deliver(DiagnosticReport r) {
        try {
            LOG.log(System.Logger.Level.WARNING, r.message());
        } catch (RuntimeException e) {
            System.err.println("Twine: " + r.message());
        }
        if ((Deferred.instrumentation & Instrumentation.JFR) != 0) {
            JfrSupport.report(r);
        }
        for (Consumer<? super DiagnosticReport> o : OBSERVERS) {
            try {
                o.accept(r);
            } catch (RuntimeException | Error e) {
                LOG.log(System.Logger.Level.ERROR, "Diagnostics observer " + o + " threw", e);
            }
        }
    }
}
