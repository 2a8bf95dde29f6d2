package io.twine.defer;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.lang.ref.Cleaner;

/**
 * The rarely needed part of a Deferred's state, allocated only when needed: the debug-mode
 * creation and first-firing sites, and the failure that is still unhandled at the end of a pass
 * (Twisted's {@code DebugInfo} with its {@code failResult}).
 *
 * <p>It doubles as the {@link Cleaner} action that reports the unhandled failure once the owning
 * Deferred is unreachable, so it must never refer to that Deferred.
 */
final class DebugInfo implements Runnable {
    private static final Cleaner CLEANER = Cleaner.create(r -> {
        Thread t = new Thread(r, "twine-unhandled-error-reporter");
        t.setDaemon(true);
        return t;
    });

    /** Where the Deferred was created; {@code null} unless debug mode was on then. */
    final Throwable creator;
    /** Where it was first fired; set once, in debug mode. */
    volatile Throwable invoker;
    /** The failure the last pass ended on, not yet handled; {@code null} otherwise. */
    private volatile Failure unhandled;
    private String owner;
    private Cleaner.Cleanable cleanable;
    private volatile boolean registered;

    DebugInfo(Throwable creator) {
        this.creator = creator;
    }

    /** Records that the owner's pass ended on {@code f}; registers for reporting at most once. */
    void track(Failure f, Object ownerDeferred) {
        unhandled = f;
        if (UnhandledErrorRecording.active) {
            // Only on the failure path, and only while a test harness records.
            UnhandledErrorRecording.remember(this);
        }
        if (registered) {
            return;
        }
        synchronized (this) {
            if (cleanable == null) {
                registered = true;
                owner = "Deferred@" + Integer.toHexString(System.identityHashCode(ownerDeferred));
                cleanable = CLEANER.register(ownerDeferred, this);
            }
        }
    }

    void clear() {
        unhandled = null;
    }

    Failure unhandled() {
        return unhandled;
    }

    /**
     * Takes the unhandled failure, leaving none. Atomic, so that the Cleaner and a harness
     * flushing an {@link UnhandledErrorRecording} never both report the same failure.
     */
    synchronized Failure take() {
        Failure f = unhandled;
        unhandled = null;
        return f;
    }

    /** The owner's description ({@code Deferred@hash}), or {@code null} before it was tracked. */
    synchronized String owner() {
        return owner;
    }

    /** Cleaner action: the owner is unreachable. */
    @Override
    public void run() {
        Failure f = take();
        if (f != null) {
            UnhandledErrors.report(new UnhandledError(f, owner(), creator, invoker));
        }
    }

    static String describe(Throwable creator, Throwable invoker) {
        StringBuilder sb = new StringBuilder();
        if (creator != null) {
            sb.append("\n C: Deferred was created:\n").append(stack(creator));
        }
        if (invoker != null) {
            sb.append("\n I: First Invoker was:\n").append(stack(invoker));
        }
        return sb.toString();
    }

    private static String stack(Throwable t) {
        StringWriter sw = new StringWriter();
        try (PrintWriter pw = new PrintWriter(sw)) {
            for (StackTraceElement e : t.getStackTrace()) {
                pw.println("  " + e);
            }
        }
        return sw.toString();
    }
}
