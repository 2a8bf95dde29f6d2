package io.twine.defer;

/**
 * Thrown by {@link DeferredQueue#put} when the queue already holds its maximum number of items and
 * nobody is waiting for one (Twisted's {@code defer.QueueOverflow}). The item was not added.
 */
public class QueueOverflow extends IllegalStateException {
    private static final long serialVersionUID = 1L;

    /**
     * Creates the error.
     *
     * @param message what overflowed
     */
    public QueueOverflow(String message) {
        super(message);
    }
}
