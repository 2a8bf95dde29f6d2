package io.twine.reactor;

/** Thrown when an operation needs a running {@link Reactor} that is not running, or no longer accepts work: stopping a reactor that is not running, or scheduling on one that has stopped (Twisted's {@code error.ReactorNotRunning}). */
public class ReactorNotRunning extends IllegalStateException {
    private static final long serialVersionUID = 1L;

    /**
     * Creates the error.
     *
     * @param message what was attempted and why it cannot be done
     */
    public ReactorNotRunning(String message) {
        super(message);
    }
}
