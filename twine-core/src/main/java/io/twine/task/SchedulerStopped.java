package io.twine.task;

/**
 * The task could not run, or could not finish, because its {@link Cooperator} was stopped,
 * either while the task was pending or before it was added (Twisted's
 * {@code task.SchedulerStopped}). {@link CooperativeTask#whenDone()} fails with it.
 */
public class SchedulerStopped extends SchedulerError {
    private static final long serialVersionUID = 1L;

    /**
     * Creates the error.
     *
     * @param message what was attempted, and why it is impossible
     */
    public SchedulerStopped(String message) {
        super(message);
    }
}
