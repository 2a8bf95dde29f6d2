package io.twine.defer;

/**
 * {@link DeferredFilesystemLock#deferUntilLocked} was called while an earlier call on the same
 * lock was still waiting for it (Twisted's {@code defer.AlreadyTryingToLockError}). The earlier
 * call is not affected.
 */
public class AlreadyTryingToLockError extends IllegalStateException {
    private static final long serialVersionUID = 1L;

    /**
     * Creates the error.
     *
     * @param message what was attempted
     */
    public AlreadyTryingToLockError(String message) {
        super(message);
    }
}
