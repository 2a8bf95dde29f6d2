package io.twine.testing;

import io.twine.defer.Failure;
import java.util.ArrayList;
import java.util.List;
import java.util.ResourceBundle;
import java.util.function.Supplier;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * The logger given to an injected Reactor: passes everything on to the reactor's usual logger
 * ({@code io.twine.reactor}), and also keeps each error the reactor logs with an exception (a
 * callback, timed call or {@code callInThread} function that threw) so that the test fails for
 * it, as trial fails a test that logged an error. A reactor goes on after such an error, so
 * without this an assertion failing inside a callback on the loop thread would pass unnoticed.
 *
 * <p>Errors are kept until {@link #close()}, which the end-of-test check calls on the loop thread
 * just before it stops the reactor: what is logged while stopping (the dropped outcome of work
 * the extension gave up on) is the extension's doing. Thread-safe.
 */
final class ReactorErrorLog implements System.Logger {
    /** One error the reactor logged. */
    record Entry(String message, Throwable error) {
    }

    private final System.Logger delegate = System.getLogger("io.twine.reactor");
    /** Guarded by {@code this}. */
    private final List<Entry> entries = new ArrayList<>();
    /** Guarded by {@code this}. */
    private boolean closed;

    @Override
    public String getName() {
        return delegate.getName();
    }

    @Override
    public boolean isLoggable(Level level) {
        return level == Level.ERROR || delegate.isLoggable(level);
    }

    @Override
    public void log(Level level, ResourceBundle bundle, String msg, Throwable thrown) {
        keep(level, msg, thrown);
        delegate.log(level, bundle, msg, thrown);
    }

    @Override
    public void log(Level level, ResourceBundle bundle, String format, Object... params) {
        delegate.log(level, bundle, format, params);
    }

    @Override
    public void log(Level level, Supplier<String> msgSupplier, Throwable thrown) {
        keep(level, thrown == null ? null : msgSupplier.get(), thrown);
        delegate.log(level, msgSupplier, thrown);
    }

    private synchronized void keep(Level level, String msg, Throwable thrown) {
        if (level == Level.ERROR && thrown != null && !closed) {
            entries.add(new Entry(msg, thrown));
        }
    }

    /** Stops keeping errors. */
    synchronized void close() {
        closed = true;
    }

    /** The errors kept, oldest first. */
    synchronized List<Entry> entries() {
        return List.copyOf(entries);
    }

    /** The kept errors the scope does not {@linkplain AllowUnhandledErrors allow}, as leftovers. */
    static List<Leftover> leftovers(List<Entry> entries, ExtensionContext context) {
        List<Class<? extends Throwable>> allowed = Annotations.allowedErrors(context);
        List<Leftover> out = new ArrayList<>();
        for (Entry e : entries) {
            if (allowed.stream().noneMatch(t -> t.isInstance(e.error))) {
                String trace = Tracebacks.trim(new Failure(e.error).getTraceback());
                out.add(new Leftover("The injected Reactor logged an error and went on: " + e.message + "\n"
                        + trace + (trace.endsWith("\n") ? "" : "\n")
                        + "Catch it where it is thrown, or mark the test @AllowUnhandledErrors("
                        + e.error.getClass().getSimpleName() + ".class).", e.error));
            }
        }
        return out;
    }
}
