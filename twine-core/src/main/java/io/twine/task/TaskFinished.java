package io.twine.task;

/**
 * The operation is impossible because the task has finished for good: its iterator ran out,
 * it was stopped, or it failed (Twisted's {@code task.TaskFinished}). Thrown by
 * {@link CooperativeTask#pause()} and {@link CooperativeTask#stop()} on a finished task, as one of
 * the three subclasses.
 */
public class TaskFinished extends SchedulerError {
    private static final long serialVersionUID = 1L;

    /**
     * Creates the error.
     *
     * @param message what was attempted, and why it is impossible
     */
    protected TaskFinished(String message) {
        super(message);
    }
}
