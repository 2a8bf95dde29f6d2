package io.twine.task;

/**
 * {@link CooperativeTask#resume()} was called more often than {@link CooperativeTask#pause()}
 * (Twisted's {@code task.NotPaused}). The task's state is left unchanged.
 */
public class NotPaused extends SchedulerError {
    private static final long serialVersionUID = 1L;

    /**
     * Creates the error.
     *
     * @param message what was attempted, and why it is impossible
     */
    public NotPaused(String message) {
        super(message);
    }
}
