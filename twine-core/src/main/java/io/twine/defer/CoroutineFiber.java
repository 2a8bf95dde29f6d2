package io.twine.defer;

/**
 * The suspend/resume primitive under a {@link Coroutine}: a body that can stop in the middle and
 * be continued later, on any thread. Two implementations with the same contract:
 * {@code ContinuationFiber} (compiled separately against {@code jdk.internal.vm}) and
 * {@link VirtualThreadFiber}.
 *
 * <p>Not thread-safe by itself: the owning {@link Coroutine} guarantees that at most one thread
 * calls {@link #resume()} at a time and only while the body is not running.
 */
interface CoroutineFiber {
    /**
     * Runs the body until it calls {@link #suspend()} or ends. The calling thread goes on only
     * then. Everything the body did happens-before this method returns.
     *
     * @return {@code true} if the body has ended
     */
    boolean resume();

    /**
     * Called by the body (only from within it): hands control back to the thread in
     * {@link #resume()} and returns when the body is resumed again.
     *
     * @return {@code null} after a suspension and a resume; otherwise why the body cannot be
     *         suspended at this point (for example inside a class initializer), in which case
     *         nothing happened and the body simply goes on
     */
    String suspend();

    /** Makes fibers of one mechanism. */
    interface Factory {
        /**
         * A new fiber that will run {@code body} on its first {@link #resume()}.
         *
         * @param body the code to run
         * @return the fiber, not started
         */
        CoroutineFiber create(Runnable body);

        /**
         * Which mechanism this factory's fibers use.
         *
         * @return the mechanism
         */
        CoroutineMechanism mechanism();
    }
}
