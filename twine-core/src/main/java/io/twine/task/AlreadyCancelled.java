package io.twine.task;

/** Thrown when cancelling or moving a {@link DelayedCall} that was cancelled (Twisted's {@code error.AlreadyCancelled}). */
public class AlreadyCancelled extends IllegalStateException {
    private static final long serialVersionUID = 1L;

    /**
     * Creates the error.
     *
     * @param message what was attempted
     */
    public AlreadyCancelled(String message) {
        super(message);
    }
}
