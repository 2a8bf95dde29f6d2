package io.twine.defer;

import java.util.function.Consumer;
import jdk.jfr.Category;
import jdk.jfr.Description;
import jdk.jfr.Event;
import jdk.jfr.FlightRecorder;
import jdk.jfr.Label;
import jdk.jfr.Name;
import jdk.jfr.Period;
import jdk.jfr.StackTrace;
import jdk.jfr.Timespan;

/**
 * Twine's JDK Flight Recorder events, emitted while the {@code jfr} switch is on; whether each is
 * recorded is then up to the running recordings' settings, as for the JDK's own events
 * ({@code jcmd <pid> JFR.start}, or {@code -XX:StartFlightRecording}). They appear in JDK Mission
 * Control under the category "Twine". Only this class touches {@code jdk.jfr}, and it is loaded
 * only when the switch is turned on.
 */
final class JfrSupport {
    private static final Consumer<UnhandledError> UNHANDLED = JfrSupport::unhandled;
    private static final Runnable LONG_PENDING = JfrSupport::emitLongPending;
    private static boolean active; // guarded by Instrumentation's lock (activate/deactivate only)

    private JfrSupport() {
    }

    static void activate() {
        if (active) {
            return;
        }
        // The recorder first: without jdk.jfr it fails here, before anything has changed.
        FlightRecorder.addPeriodicEvent(LongPendingEvent.class, LONG_PENDING);
        UnhandledErrors.addObserver(UNHANDLED);
        active = true;
    }

    static void deactivate() {
        if (!active) {
            return;
        }
        active = false;
        UnhandledErrors.removeObserver(UNHANDLED);
        FlightRecorder.removePeriodicEvent(LONG_PENDING);
    }

    /** Fires {@code d}; the event's duration is the time its callbacks ran on this thread. */
    static void fire(Deferred<?> d, Object result, Throwable site) {
        DeferredFiredEvent e = new DeferredFiredEvent();
        if (!e.isEnabled()) {
            d.fire(result, site);
            return;
        }
        e.begin();
        d.fire(result, site); // AlreadyCalledError propagates and no event is committed
        e.end();
        if (e.shouldCommit()) {
            e.deferred = name(d);
            if (result instanceof Failure f) {
                e.failed = true;
                e.resultType = f.type().getName();
            } else {
                e.resultType = result == null ? "null" : result.getClass().getName();
            }
            e.commit();
        }
    }

    static void suspended(String waiter, String awaited) {
        CoroutineSuspendedEvent e = new CoroutineSuspendedEvent();
        if (e.shouldCommit()) {
            e.waiter = waiter;
            e.awaited = awaited;
            e.commit();
        }
    }

    static void resumed(String waiter, String awaited, long suspendedNanos) {
        CoroutineResumedEvent e = new CoroutineResumedEvent();
        if (e.shouldCommit()) {
            e.waiter = waiter;
            e.awaited = awaited;
            e.suspendedFor = suspendedNanos;
            e.commit();
        }
    }

    static void report(DiagnosticReport r) {
        if (r.kind() == DiagnosticReport.Kind.SLOW_CALLBACK) {
            SlowCallbackEvent e = new SlowCallbackEvent();
            if (e.shouldCommit()) {
                e.deferred = r.deferred();
                e.callbackDuration = r.duration().toNanos();
                e.addedAt = r.site().isEmpty() ? null : Sites.format(r.site().get(0));
                e.commit();
            }
        } else {
            LongChainEvent e = new LongChainEvent();
            if (e.shouldCommit()) {
                e.deferred = r.deferred();
                e.callbacks = r.callbacks();
                e.commit();
            }
        }
    }

    private static void unhandled(UnhandledError u) {
        UnhandledErrorEvent e = new UnhandledErrorEvent();
        if (e.shouldCommit()) {
            e.deferred = u.deferred();
            e.failureType = u.failure().type().getName();
            e.message = u.failure().getErrorMessage();
            e.createdAt = u.creator() == null ? null : Sites.first(Sites.of(u.creator()));
            e.commit();
        }
    }

    /** Periodic hook: one event per tracked Deferred pending for longer than the threshold. */
    private static void emitLongPending() {
        long threshold = Instrumentation.longPendingNanos;
        PendingSnapshot s = WaitGraph.capture();
        for (PendingSnapshot.Node n : s.nodes()) {
            if (n.kind() != PendingSnapshot.Kind.DEFERRED || n.age() == null || n.age().toNanos() < threshold) {
                continue;
            }
            LongPendingEvent e = new LongPendingEvent();
            e.deferred = n.name() + " Deferred at 0x" + Integer.toHexString(n.identity());
            e.state = PendingText.state(n);
            e.age = n.age().toNanos();
            e.createdAt = n.site().isEmpty() ? null : Sites.format(n.site().get(0));
            StringBuilder waits = new StringBuilder();
            for (PendingSnapshot.Edge edge : s.outgoing(n.name())) {
                waits.append(waits.isEmpty() ? "" : ", ").append(edge.relation().words()).append(' ').append(edge.to());
            }
            e.waitsFor = waits.toString();
            e.commit();
        }
    }

    private static String name(Deferred<?> d) {
        return "Deferred at 0x" + Integer.toHexString(System.identityHashCode(d));
    }

    // ------------------------------------------------------------------------------------------
    // The events

    @Name("io.twine.DeferredFired")
    @Label("Deferred Fired")
    @Category("Twine")
    @Description("callback() or errback() was called; the duration is the time the callbacks then ran on the firing thread")
    static final class DeferredFiredEvent extends Event {
        @Label("Deferred")
        String deferred;
        @Label("Failed")
        boolean failed;
        @Label("Result Type")
        String resultType;
    }

    @Name("io.twine.UnhandledError")
    @Label("Unhandled Error in Deferred")
    @Category("Twine")
    @Description("A Deferred was dropped while holding a failure no errback consumed")
    @StackTrace(false)
    static final class UnhandledErrorEvent extends Event {
        @Label("Deferred")
        String deferred;
        @Label("Failure Type")
        String failureType;
        @Label("Message")
        String message;
        @Label("Created At")
        String createdAt;
    }

    @Name("io.twine.LongPendingDeferred")
    @Label("Long-Pending Deferred")
    @Category("Twine")
    @Description("A tracked Deferred still pending after the long-pending threshold (needs pending tracking)")
    @Period("5 s")
    @StackTrace(false)
    static final class LongPendingEvent extends Event {
        @Label("Deferred")
        String deferred;
        @Label("State")
        String state;
        @Label("Age")
        @Timespan(Timespan.NANOSECONDS)
        long age;
        @Label("Created At")
        String createdAt;
        @Label("Waits For")
        String waitsFor;
    }

    @Name("io.twine.CoroutineSuspended")
    @Label("Coroutine Suspended")
    @Category("Twine")
    @Description("A coroutine (or other registered waiter) suspended until a Deferred fires")
    static final class CoroutineSuspendedEvent extends Event {
        @Label("Waiter")
        String waiter;
        @Label("Awaited Deferred")
        String awaited;
    }

    @Name("io.twine.CoroutineResumed")
    @Label("Coroutine Resumed")
    @Category("Twine")
    @Description("A suspended coroutine (or other registered waiter) resumed")
    static final class CoroutineResumedEvent extends Event {
        @Label("Waiter")
        String waiter;
        @Label("Awaited Deferred")
        String awaited;
        @Label("Suspended For")
        @Timespan(Timespan.NANOSECONDS)
        long suspendedFor;
    }

    @Name("io.twine.SlowCallback")
    @Label("Slow Deferred Callback")
    @Category("Twine")
    @Description("A callback held its thread longer than the slow-callback threshold")
    static final class SlowCallbackEvent extends Event {
        @Label("Deferred")
        String deferred;
        @Label("Callback Duration")
        @Timespan(Timespan.NANOSECONDS)
        long callbackDuration;
        @Label("Added At")
        String addedAt;
    }

    @Name("io.twine.LongChain")
    @Label("Long Deferred Chain")
    @Category("Twine")
    @Description("A Deferred's chain of waiting callbacks reached the long-chain threshold")
    static final class LongChainEvent extends Event {
        @Label("Deferred")
        String deferred;
        @Label("Callbacks")
        int callbacks;
    }
}
