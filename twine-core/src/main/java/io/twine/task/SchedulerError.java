package io.twine.task;

/**
 * The base of every error about the state of a {@link Cooperator} or one of its
 * {@link CooperativeTask}s (Twisted's {@code task.SchedulerError}). Twine never throws it
 * directly; it exists so that callers can catch or {@linkplain io.twine.defer.Failure#trap trap}
 * the whole family at once.
 */
public class SchedulerError extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /**
     * Creates the error.
     *
     * @param message what was attempted, and why it is impossible
     */
    protected SchedulerError(String message) {
        super(message);
    }
}
