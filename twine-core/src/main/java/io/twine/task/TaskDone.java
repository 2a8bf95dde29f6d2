package io.twine.task;

/**
 * The task has already finished normally: its iterator ran out (Twisted's
 * {@code task.TaskDone}).
 */
public class TaskDone extends TaskFinished {
    private static final long serialVersionUID = 1L;

    /**
     * Creates the error.
     *
     * @param message what was attempted, and why it is impossible
     */
    public TaskDone(String message) {
        super(message);
    }
}
