package io.twine.defer;

/**
 * Thrown by {@link DeferredQueue#get} when the queue is empty and its maximum number of waiting
 * {@code get()}s is already reached (Twisted's {@code defer.QueueUnderflow}). No waiter was added.
 */
public class QueueUnderflow extends IllegalStateException {
    private static final long serialVersionUID = 1L;

    /**
     * Creates the error.
     *
     * @param message what underflowed
     */
    public QueueUnderflow(String message) {
        super(message);
    }
}
