package io.twine.defer;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;

/**
 * An exception travelling down a {@link Deferred}'s chain: Twisted's
 * {@code twisted.python.failure.Failure}.
 *
 * <p>A Failure wraps the original {@link Throwable} ({@link #value()}) with its stack trace. It is
 * itself an unchecked exception that carries no stack of its own, so that an errback can pass an
 * error on with {@code throw failure} or {@link #trap} and the next errback receives the same
 * Failure object, not a wrapper. {@link #getCause()} is the original exception, so loggers that
 * print cause chains show it in full.
 *
 * <p>The usual errback handles some errors and passes the others on. {@link #trap} throws this
 * Failure back into the chain when the error is none of the given types, like a {@code catch}
 * clause that does not apply:
 * {@snippet lang="java" :
 * Deferred<List<String>> names = x.getNamesLater().addErrback(failure -> {
 *     failure.trap(IOException.class); // any other error goes on down the chain
 *     log.println("could not read the names: " + failure.getErrorMessage());
 *     return List.of();
 * });
 * }
 *
 * <p>Failures are immutable apart from {@link #cleanFailure()} and safe to share between threads.
 *
 * <p>Twisted mapping: {@code value}, {@code type}, {@code check}, {@code trap},
 * {@code getErrorMessage}, {@code getTraceback(detail=...)}, {@code getBriefTraceback},
 * {@code printTraceback}, {@code raiseException}, {@code cleanFailure}, {@code count} keep their
 * names. Twisted's {@code captureVars}, {@code frames} (locals and globals) and
 * {@code throwExceptionIntoGenerator} have no Java counterpart: a Java stack trace holds no locals,
 * and coroutines rethrow with {@link #raiseException()}.
 */
public final class Failure extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private static final AtomicLong COUNTER = new AtomicLong();

    /** How much a traceback shows; Twisted's {@code detail} argument. */
    public enum Detail {
        /** One line a frame: {@code file:line:method}, after a one-line header. */
        BRIEF,
        /** The Java stack trace of the original exception, causes and suppressed ones included. */
        DEFAULT,
        /** {@link #DEFAULT} framed by Twisted's {@code *--- Failure #N ---} markers. */
        VERBOSE
    }

    /** The original exception this Failure wraps. */
    private final Throwable value;
    /** Assigned on first use: failures on the error path never touch the global counter. */
    private volatile long count;
    /** Set by {@link #cleanFailure()}: the default traceback, frozen. */
    private volatile String frozenTraceback;

    /**
     * Wraps an exception. Wrapping a Failure wraps its original exception instead, so a Failure
     * never nests (Twisted copies the other Failure's state in that case).
     *
     * @param value the exception, never {@code null}
     * @throws NullPointerException if {@code value} is {@code null}
     */
    public Failure(Throwable value) {
        this(unwrap(Objects.requireNonNull(value, "Failure needs an exception, got null")), true);
    }

    private Failure(Throwable original, boolean unused) {
        // The message is built lazily (getMessage): most Failures are handled without ever being printed.
        super(null, original, false, false);
        this.value = original;
    }

    private static Throwable unwrap(Throwable t) {
        return t instanceof Failure f ? f.value : t;
    }

    /**
     * The Failure for an exception: the exception itself if it already is a Failure, otherwise a
     * new Failure wrapping it.
     *
     * @param t the exception, never {@code null}
     * @return a Failure whose {@link #value()} is the original exception
     */
    public static Failure of(Throwable t) {
        return t instanceof Failure f ? f : new Failure(t);
    }

    /**
     * The original exception.
     *
     * @return the wrapped exception, never a Failure
     */
    public Throwable value() {
        return value;
    }

    /**
     * The original exception's class.
     *
     * @return {@code value().getClass()}
     */
    public Class<? extends Throwable> type() {
        return value.getClass();
    }

    /**
     * A serial number, unique to this Failure in this JVM (Twisted's {@code count}). Numbers are
     * handed out on first request, so they order Failures by when they were first asked for, not
     * by creation.
     *
     * @return a positive number
     */
    public long count() {
        long c = count;
        if (c == 0) {
            synchronized (this) {
                c = count;
                if (c == 0) {
                    count = c = COUNTER.incrementAndGet();
                }
            }
        }
        return c;
    }

    /**
     * Which of the given types the original exception is an instance of.
     *
     * @param types exception classes to try, in order
     * @return the first of {@code types} that matches (by {@code isInstance}), or {@code null}
     */
    @SafeVarargs
    public final Class<? extends Throwable> check(Class<? extends Throwable>... types) {
        for (Class<? extends Throwable> t : types) {
            if (t != null && t.isInstance(value)) {
                return t;
            }
        }
        return null;
    }

    /**
     * Lets the error through only if it is one of the given types: the idiom at the top of an
     * errback that handles some errors and passes the others on.
     *
     * @param types exception classes the caller handles
     * @return the first of {@code types} that matches
     * @throws Failure this very Failure when nothing matches, so the chain goes on with it
     */
    @SafeVarargs
    public final Class<? extends Throwable> trap(Class<? extends Throwable>... types) {
        Class<? extends Throwable> hit = check(types);
        if (hit == null) {
            throw this;
        }
        return hit;
    }

    /**
     * Throws the original exception, checked or not, unwrapped. Declared to return an exception
     * so that callers can write {@code throw failure.raiseException();} and satisfy the compiler.
     *
     * @return never returns
     */
    public RuntimeException raiseException() {
        throw Failure.<RuntimeException>sneaky(value);
    }

    @SuppressWarnings("unchecked")
    private static <X extends Throwable> X sneaky(Throwable t) throws X {
        throw (X) t;
    }

    /**
     * The original exception's message, never {@code null} (Twisted's {@code getErrorMessage}).
     * An exception whose {@code getMessage()} throws gives a message saying so.
     *
     * @return the message, or the empty string when it has none
     */
    public String getErrorMessage() {
        try {
            String m = value.getMessage();
            return m == null ? "" : m;
        } catch (RuntimeException | Error e) {
            return "<getMessage() of " + value.getClass().getName() + " threw " + e.getClass().getName() + ">";
        }
    }

    /**
     * The traceback in the default form: the original exception's Java stack trace.
     *
     * @return the traceback text
     */
    public String getTraceback() {
        return getTraceback(Detail.DEFAULT);
    }

    /**
     * The traceback in the given form.
     *
     * @param detail how much to show
     * @return the traceback text, ending with a newline
     */
    public String getTraceback(Detail detail) {
        Objects.requireNonNull(detail, "detail");
        return switch (detail) {
            case BRIEF -> brief();
            case DEFAULT -> standard();
            case VERBOSE -> "*--- Failure #" + count() + " ---\n" + standard() + "*--- End of Failure #" + count()
                    + " ---\n";
        };
    }

    /**
     * The brief traceback (Twisted's {@code getBriefTraceback}).
     *
     * @return {@code getTraceback(Detail.BRIEF)}
     */
    public String getBriefTraceback() {
        return brief();
    }

    /**
     * Prints the default traceback.
     *
     * @param out where to print
     */
    public void printTraceback(PrintWriter out) {
        out.print(getTraceback(Detail.DEFAULT));
        out.flush();
    }

    /**
     * Freezes the traceback text so that later changes to the original exception (for example
     * {@code setStackTrace}) no longer show (Twisted's {@code cleanFailure}). A Java stack trace holds
     * no frame locals, so unlike Twisted there is nothing else to release; Deferreds never call it.
     *
     * @return this Failure
     */
    public Failure cleanFailure() {
        if (frozenTraceback == null) {
            frozenTraceback = render(value);
        }
        return this;
    }

    private String standard() {
        String frozen = frozenTraceback;
        return frozen != null ? frozen : render(value);
    }

    private static String render(Throwable t) {
        if (t.getStackTrace().length == 0 && t.getCause() == null && t.getSuppressed().length == 0) {
            return "Failure: " + headline(t) + "\n";
        }
        StringWriter sw = new StringWriter();
        try (PrintWriter pw = new PrintWriter(sw)) {
            t.printStackTrace(pw);
        } catch (RuntimeException | Error e) {
            return "Failure: " + t.getClass().getName() + " (printing its stack trace threw " + e + ")\n";
        }
        return sw.toString();
    }

    private String brief() {
        StackTraceElement[] frames = value.getStackTrace();
        StringBuilder sb = new StringBuilder();
        sb.append(frames.length == 0 ? "Traceback (failure with no frames): " : "Traceback: ")
                .append(value.getClass().getName()).append(": ").append(getErrorMessage()).append('\n');
        for (StackTraceElement f : frames) {
            sb.append(f.getFileName()).append(':').append(f.getLineNumber()).append(':')
                    .append(f.getClassName()).append('.').append(f.getMethodName()).append('\n');
        }
        return sb.toString();
    }

    private static String headline(Throwable t) {
        String m;
        try {
            m = t.getMessage();
        } catch (RuntimeException | Error e) {
            m = "<getMessage() threw " + e.getClass().getName() + ">";
        }
        return m == null ? t.getClass().getName() : t.getClass().getName() + ": " + m;
    }

    /**
     * A serialized copy keeps the serial number, so it is assigned before writing.
     *
     * @param out the stream written to
     * @throws java.io.IOException if writing fails
     */
    private void writeObject(java.io.ObjectOutputStream out) throws java.io.IOException {
        count();
        out.defaultWriteObject();
    }

    /**
     * The original exception's class name and message, {@code "type: message"} (or the class name
     * alone when it has no message), computed when asked for.
     *
     * @return the headline
     */
    @Override
    public String getMessage() {
        return headline(value);
    }

    /**
     * Twisted's {@code str(failure)}: {@code [Failure instance: <brief traceback>]}.
     *
     * @return the description
     */
    @Override
    public String toString() {
        return "[Failure instance: " + brief() + "]";
    }
}
