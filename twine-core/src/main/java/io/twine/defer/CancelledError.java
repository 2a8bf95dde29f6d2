package io.twine.defer;

import java.util.concurrent.CancellationException;

/**
 * The failure a {@link Deferred} fires with when it is {@linkplain Deferred#cancel() cancelled}
 * and its canceller (if any) did not fire it (Twisted's {@code defer.CancelledError}).
 *
 * <p>It extends {@link CancellationException}, so code written for {@code java.util.concurrent}
 * recognises it.
 */
public class CancelledError extends CancellationException {
    private static final long serialVersionUID = 1L;

    /** Creates the error with a default message. */
    public CancelledError() {
        super("Deferred was cancelled");
    }

    /**
     * Creates the error.
     *
     * @param message what was cancelled
     */
    public CancelledError(String message) {
        super(message);
    }
}
