package io.twine.defer;

/**
 * Thrown by {@link Deferred#callback} and {@link Deferred#errback} when the Deferred has already
 * fired (Twisted's {@code defer.AlreadyCalledError}). In {@linkplain Deferred#setDebugging debug
 * mode} the message shows where the Deferred was created and where it was first fired.
 */
public class AlreadyCalledError extends IllegalStateException {
    private static final long serialVersionUID = 1L;

    /**
     * Creates the error.
     *
     * @param message what happened, possibly with debug stacks
     */
    public AlreadyCalledError(String message) {
        super(message);
    }
}
