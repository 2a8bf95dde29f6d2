package io.twine.defer;

/**
 * The failure of a {@link Deferred} whose {@linkplain Deferred#addTimeout timeout} ran out
 * (Twisted's {@code defer.TimeoutError(timeout, "Deferred")}).
 */
public class TimeoutError extends RuntimeException {
    private static final long serialVersionUID = 1L;
    /** The timeout that ran out, in seconds. */
    private final double timeoutSeconds;

    /**
     * Creates the error for a Deferred that timed out.
     *
     * @param timeoutSeconds the timeout that ran out, in seconds
     */
    public TimeoutError(double timeoutSeconds) {
        this(timeoutSeconds, "Deferred timed out after " + timeoutSeconds + " seconds");
    }

    /**
     * Creates the error with a message of one's own.
     *
     * @param timeoutSeconds the timeout that ran out, in seconds
     * @param message the message
     */
    public TimeoutError(double timeoutSeconds, String message) {
        super(message);
        this.timeoutSeconds = timeoutSeconds;
    }

    /**
     * The timeout that ran out.
     *
     * @return seconds
     */
    public double timeoutSeconds() {
        return timeoutSeconds;
    }
}
