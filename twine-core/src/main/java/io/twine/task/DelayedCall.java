package io.twine.task;

/**
 * A call scheduled by {@link Clock#callLater}: Twisted's {@code IDelayedCall}. Safe to use from
 * any thread.
 */
public interface DelayedCall {
    /**
     * When the call is due, delays included.
     *
     * @return the clock time in seconds
     */
    double getTime();

    /**
     * Stops the call from running.
     *
     * @throws AlreadyCalled if it has already run
     * @throws AlreadyCancelled if it was already cancelled
     */
    void cancel();

    /**
     * Moves the call later by {@code secondsLater}.
     *
     * @param secondsLater how much later, {@code >= 0}
     * @throws AlreadyCalled if it has already run
     * @throws AlreadyCancelled if it was cancelled
     */
    void delay(double secondsLater);

    /**
     * Reschedules the call to {@code secondsFromNow} from the clock's current time.
     *
     * @param secondsFromNow the new delay, {@code >= 0}
     * @throws AlreadyCalled if it has already run
     * @throws AlreadyCancelled if it was cancelled
     */
    void reset(double secondsFromNow);

    /**
     * Whether the call is still going to run.
     *
     * @return {@code true} until it runs or is cancelled
     */
    boolean active();

    /**
     * Whether the call has run (or started running).
     *
     * @return {@code true} once it was called
     */
    boolean called();

    /**
     * Whether the call was cancelled.
     *
     * @return {@code true} once cancelled
     */
    boolean cancelled();
}
