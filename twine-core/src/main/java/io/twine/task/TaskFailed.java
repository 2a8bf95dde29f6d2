package io.twine.task;

/**
 * The task has already died: its iterator threw, or a Deferred it yielded failed (Twisted's
 * {@code task.TaskFailed}). Thrown by {@code stop()} and {@code pause()} on such a task; the
 * original error is its {@linkplain #getCause() cause}. ({@link CooperativeTask#whenDone()} fails
 * with the original error itself, not with this.)
 */
public class TaskFailed extends TaskFinished {
    private static final long serialVersionUID = 1L;

    /**
     * Creates the error.
     *
     * @param message what was attempted
     * @param cause the error the task died of, may be {@code null}
     */
    public TaskFailed(String message, Throwable cause) {
        super(message);
        initCause(cause);
    }
}
