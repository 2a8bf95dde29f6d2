package io.twine.task;

/**
 * The task was stopped with {@link CooperativeTask#stop()} (Twisted's {@code task.TaskStopped}).
 * {@link CooperativeTask#whenDone()} fails with it after a stop, and a later {@code stop()} or
 * {@code pause()} throws it.
 */
public class TaskStopped extends TaskFinished {
    private static final long serialVersionUID = 1L;

    /**
     * Creates the error.
     *
     * @param message what was attempted, and why it is impossible
     */
    public TaskStopped(String message) {
        super(message);
    }
}
