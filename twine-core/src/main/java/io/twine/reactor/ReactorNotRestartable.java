package io.twine.reactor;

/** Thrown by {@link Reactor#run()} when the reactor has already run and stopped: a reactor runs once (Twisted's {@code error.ReactorNotRestartable}). */
public class ReactorNotRestartable extends IllegalStateException {
    private static final long serialVersionUID = 1L;

    /**
     * Creates the error.
     *
     * @param message what was attempted and why it cannot be done
     */
    public ReactorNotRestartable(String message) {
        super(message);
    }
}
