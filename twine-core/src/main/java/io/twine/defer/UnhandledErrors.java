package io.twine.defer;

import java.util.List;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * Where reports of lost errors go: a Deferred that becomes unreachable while its chain ended on
 * a {@link Failure} that no errback consumed is reported here, exactly once.
 *
 * <p>By default each report is logged through {@link System.Logger} (logger {@code io.twine.defer},
 * level {@code ERROR}) with its full traceback, as Twisted logs "Unhandled error in Deferred".
 * Observers added with {@link #addObserver} see every report as well; they run on the JDK's
 * {@link java.lang.ref.Cleaner} thread that noticed the lost Deferred. An observer that throws
 * (an exception or an {@link Error}) is itself logged and does not stop the others; a logger that
 * throws does not stop the observers either (the report then goes to standard error). Nothing
 * thrown by a logger or an observer escapes {@link #report}, {@link VirtualMachineError}s included:
 * the report runs on a Cleaner or test-harness thread where a rethrow would only lose the rest of
 * the report.
 *
 * <p>When a report happens depends on the garbage collector. Tests that want a deterministic
 * answer use the {@code twine-testing} module, which forces the check at the end of each test.
 */
public final class UnhandledErrors {
    private static final System.Logger LOG = System.getLogger("io.twine.defer");
    private static final List<Consumer<? super UnhandledError>> OBSERVERS = new CopyOnWriteArrayList<>();
    private static volatile boolean logging = true;

    private UnhandledErrors() {
    }

    /**
     * Adds an observer of unhandled-error reports.
     *
     * @param observer called once per report, on the reporting thread
     * @return a handle whose {@code close()} removes the observer again
     */
    public static AutoCloseable addObserver(Consumer<? super UnhandledError> observer) {
        Objects.requireNonNull(observer, "observer");
        OBSERVERS.add(observer);
        return () -> OBSERVERS.remove(observer);
    }

    /**
     * Removes an observer added before.
     *
     * @param observer the observer
     * @return whether it was there
     */
    public static boolean removeObserver(Consumer<? super UnhandledError> observer) {
        return OBSERVERS.remove(observer);
    }

    /**
     * Turns the default logging of reports on or off (observers are called either way).
     *
     * @param on {@code true} to log through {@code System.Logger}
     */
    public static void setLogging(boolean on) {
        logging = on;
    }

    /**
     * Whether reports are logged.
     *
     * @return the setting
     */
    public static boolean isLogging() {
        return logging;
    }

    /**
     * Reports an unhandled error: logs it (unless logging is off) and tells every observer.
     * Called by Twine itself; public so that other schedulers and harnesses built on Twine can
     * report the errors they find the same way.
     *
     * @param error the report
     */
    public static void report(UnhandledError error) {
        Objects.requireNonNull(error, "error");
        if (logging) {
            try {
                LOG.log(System.Logger.Level.ERROR, error.describe());
            } catch (RuntimeException | Error e) {
                // A broken logger must not hide the report from the observers below.
                fallback(() -> "Twine: logging an unhandled Deferred error failed with " + e
                        + "; the error was:\n" + error.failure().getTraceback());
            }
        }
        for (Consumer<? super UnhandledError> o : OBSERVERS) {
            try {
                o.accept(error);
            } catch (RuntimeException | Error e) {
                try {
                    LOG.log(System.Logger.Level.ERROR, "Unhandled-error observer " + o + " threw", e);
                } catch (RuntimeException | Error ignored) {
                    fallback(() -> "Twine: unhandled-error observer " + o + " threw " + e);
                }
            }
        }
    }

    /** Last resort when the logger itself fails: standard error, and never a throw from here. */
    private static void fallback(java.util.function.Supplier<String> message) {
        try {
            System.err.println(message.get());
        } catch (RuntimeException | Error e) {
            System.err.println("Twine: an unhandled Deferred error could not be described (" + e.getClass().getName() + ")");
        }
    }
}
