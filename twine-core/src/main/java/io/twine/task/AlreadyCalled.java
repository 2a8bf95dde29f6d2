package io.twine.task;

/** Thrown when cancelling or moving a {@link DelayedCall} that has already run (Twisted's {@code error.AlreadyCalled}). */
public class AlreadyCalled extends IllegalStateException {
    private static final long serialVersionUID = 1L;

    /**
     * Creates the error.
     *
     * @param message what was attempted
     */
    public AlreadyCalled(String message) {
        super(message);
    }
}
