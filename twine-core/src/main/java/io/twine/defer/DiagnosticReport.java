package io.twine.defer;

import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * A warning about a Deferred from the optional checks of {@link Deferreds}: a callback that held
 * its thread longer than the threshold ({@link Kind#SLOW_CALLBACK}), or a Deferred whose chain of
 * waiting callbacks grew to the threshold ({@link Kind#LONG_CHAIN}, often a loop that keeps adding
 * callbacks to a Deferred that never fires).
 *
 * @param kind which check
 * @param deferred the Deferred, as {@code Deferred at 0x…}
 * @param message one line for humans, naming the threshold
 * @param duration how long the callback ran ({@link Kind#SLOW_CALLBACK}), else {@code null}
 * @param callbacks how many callbacks wait in the chain ({@link Kind#LONG_CHAIN}), else 0
 * @param site where the callback was added (debug mode) or where the Deferred was created, Twine's
 *        own frames removed; empty when unknown
 */
public record DiagnosticReport(Kind kind, String deferred, String message, Duration duration, int callbacks,
                               List<StackTraceElement> site) {
    /** Which check made the report. */
    public enum Kind {
        /** A callback ran for longer than {@link Deferreds#reportSlowCallbacks}' threshold. */
        SLOW_CALLBACK,
        /** A chain reached {@link Deferreds#reportLongChains}' number of waiting callbacks. */
        LONG_CHAIN
    }

    /**
     * Checks and copies.
     *
     * @param kind not null
     * @param deferred not null
     * @param message not null
     * @param duration may be null
     * @param callbacks at least 0
     * @param site not null
     */
    public DiagnosticReport {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(deferred, "deferred");
        Objects.requireNonNull(message, "message");
        site = List.copyOf(site);
    }
}
