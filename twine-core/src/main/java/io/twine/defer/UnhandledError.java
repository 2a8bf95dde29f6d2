package io.twine.defer;

import java.util.Objects;

/**
 * One report of a {@link Failure} that no errback consumed: the Deferred holding it became
 * unreachable (or a test harness asked), and the error would otherwise be lost. Twisted logs these
 * as "Unhandled error in Deferred".
 *
 * @param failure the failure nobody handled
 * @param deferred a description of the Deferred that held it ({@code Deferred@hash})
 * @param creator where the Deferred was created, or {@code null} unless debug mode was on
 * @param invoker where the Deferred was first fired, or {@code null} unless debug mode was on
 */
public record UnhandledError(Failure failure, String deferred, Throwable creator, Throwable invoker) {
    /**
     * Checks the arguments.
     *
     * @param failure the failure, not {@code null}
     * @param deferred the description, not {@code null}
     * @param creator the creation site or {@code null}
     * @param invoker the first firing site or {@code null}
     */
    public UnhandledError {
        Objects.requireNonNull(failure, "failure");
        Objects.requireNonNull(deferred, "deferred");
    }

    /**
     * The report as Twisted prints it: the headline, the traceback and, in debug mode, where the
     * Deferred was created ({@code C:}) and first fired ({@code I:}).
     *
     * @return multi-line text
     */
    public String describe() {
        StringBuilder sb = new StringBuilder("Unhandled error in Deferred (").append(deferred).append("):\n");
        sb.append(failure.getTraceback());
        String debug = DebugInfo.describe(creator, invoker);
        if (!debug.isEmpty()) {
            sb.append("(debug: ").append(debug).append(")\n");
        }
        return sb.toString();
    }
}
