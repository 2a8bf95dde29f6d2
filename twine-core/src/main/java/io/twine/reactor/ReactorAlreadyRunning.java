package io.twine.reactor;

/** Thrown by {@link Reactor#run()} when the reactor is already running (Twisted's {@code error.ReactorAlreadyRunning}). */
public class ReactorAlreadyRunning extends IllegalStateException {
    private static final long serialVersionUID = 1L;

    /**
     * Creates the error.
     *
     * @param message what was attempted and why it cannot be done
     */
    public ReactorAlreadyRunning(String message) {
        super(message);
    }
}
