package io.twine.testing;

import io.twine.defer.Deferred;
import io.twine.defer.Failure;
import java.util.Arrays;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * What a Deferred holds right now, as the assertions see it, and the wording of their messages.
 * Shared by {@link DeferredAssertions} and {@link DeferredAssert} so both say the same thing.
 *
 * <p>"Has a result" means what it means in Twisted: a callback added now would run at once,
 * i.e. the Deferred has fired and is neither paused nor waiting on another Deferred. The value is
 * read with {@link Deferred#result()}, which consumes nothing.
 */
final class Outcome {
    enum Kind { NO_RESULT, SUCCESS, FAILURE }

    final Kind kind;
    /** The value (SUCCESS), the Failure (FAILURE) or null. */
    final Object value;
    /** The Deferred's description, taken before anything was consumed. */
    final String deferred;
    /** Why there is no result (NO_RESULT), else null. */
    final String noResultReason;

    private Outcome(Kind kind, Object value, String deferred, String noResultReason) {
        this.kind = kind;
        this.value = value;
        this.deferred = deferred;
        this.noResultReason = noResultReason;
    }

    static Outcome of(Deferred<?> d) {
        Objects.requireNonNull(d, "expected a Deferred, got null");
        String description = d.toString();
        if (!d.called()) {
            return new Outcome(Kind.NO_RESULT, null, description, "it has not fired");
        }
        Deferred<?> inner = d.waitingOn();
        if (inner != null) {
            return new Outcome(Kind.NO_RESULT, null, description,
                    "it has fired but its chain is waiting on " + inner);
        }
        int paused = d.paused();
        if (paused != 0) {
            return new Outcome(Kind.NO_RESULT, null, description,
                    "it has fired but is paused (pause count " + paused + ")");
        }
        Object r = d.result();
        return r instanceof Failure f
                ? new Outcome(Kind.FAILURE, f, description, null)
                : new Outcome(Kind.SUCCESS, r, description, null);
    }

    Failure failure() {
        return (Failure) value;
    }

    /**
     * Consumes the Deferred's failure: its result becomes {@code null}, as after Twisted's
     * {@code failureResultOf}. An assertion that has looked at a failure reports it itself (in
     * its return value or its error message), so the failure must not also be reported as
     * unhandled. The Deferred has a result, so the errback runs now, on this thread.
     */
    @SuppressWarnings("unchecked")
    static void consumeFailure(Deferred<?> d) {
        ((Deferred<Object>) d).addErrback(f -> null);
    }

    // ------------------------------------------------------------------------------------------
    // Messages

    String noResult(String expected) {
        return "Expected " + expected + " from " + deferred + ", but it has no result yet: " + noResultReason + ".";
    }

    String failed(String expected) {
        return failed(deferred, expected, failure());
    }

    String succeeded(String expected) {
        return succeeded(deferred, expected, value);
    }

    static String failed(String deferred, String expected, Failure f) {
        return "Expected " + expected + " from " + deferred + ", but it failed with "
                + f.type().getName() + ": " + f.getErrorMessage() + "\n" + Tracebacks.trim(f.getTraceback());
    }

    static String succeeded(String deferred, String expected, Object value) {
        return "Expected " + expected + " from " + deferred + ", but it succeeded with: " + show(value);
    }

    /** Whether the failure's exception is an instance of one of {@code types}. */
    static boolean matches(Failure f, Class<?>[] types) {
        for (Class<?> t : types) {
            if (t.isInstance(f.value())) {
                return true;
            }
        }
        return false;
    }

    static String typeList(Class<?>[] types) {
        return Arrays.stream(types).map(Class::getName).collect(Collectors.joining(" or "));
    }

    /** {@code String.valueOf}, surviving a {@code toString()} that throws. */
    static String show(Object o) {
        try {
            return String.valueOf(o);
        } catch (RuntimeException e) {
            return "<" + o.getClass().getName() + " whose toString() threw " + e.getClass().getName() + ">";
        }
    }

    /** An AssertionError for {@code message} whose cause is the failure's exception, if any. */
    static AssertionError error(String message, Failure cause) {
        return cause == null ? new AssertionError(message) : new AssertionError(message, cause.value());
    }
}
