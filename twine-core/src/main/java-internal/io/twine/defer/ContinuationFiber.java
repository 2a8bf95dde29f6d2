package io.twine.defer;

import jdk.internal.vm.Continuation;
import jdk.internal.vm.ContinuationScope;

/**
 * The fast {@link CoroutineFiber}: the JDK's internal one-shot continuation, run on the stack of
 * whichever thread resumes it.
 *
 * <p>This is the only class of Twine compiled against {@code jdk.internal.vm} (in a separate
 * compiler execution with {@code --add-exports}, since the rest is built with {@code --release 21}).
 * The rest of Twine reaches it only by name, through {@link CoroutineFibers}, so Twine still loads
 * when the JVM does not export that package to it: loading this class then fails with
 * {@link IllegalAccessError} and Twine falls back to {@link VirtualThreadFiber}.
 *
 * <p>{@link #onPinned} is overridden so that a suspension that cannot happen (inside a class
 * initializer or under a native frame) makes {@code Continuation.yield} return {@code false}, which
 * {@link #suspend()} reports, instead of throwing from deep inside the JDK.
 */
final class ContinuationFiber extends Continuation implements CoroutineFiber {
    private static final ContinuationScope SCOPE = new ContinuationScope("twine-coroutine");

    /** Set by onPinned during a failed yield; only touched by the thread running the body. */
    private Pinned pinned;

    ContinuationFiber(Runnable body) {
        super(SCOPE, body);
    }

    @Override
    public boolean resume() {
        run();
        return isDone();
    }

    @Override
    public String suspend() {
        // `pinned` is null here: only a failed yield sets it, and that is cleared right below.
        if (Continuation.yield(SCOPE)) {
            return null;
        }
        Pinned why = pinned;
        pinned = null;
        return why == null ? "pinned" : why.name();
    }

    @Override
    protected void onPinned(Pinned reason) {
        pinned = reason;
    }

    /** Instantiated reflectively by {@link CoroutineFibers}. */
    static final class Factory implements CoroutineFiber.Factory {
        Factory() {
            // Fail here, not at the first coroutine, if the JVM does not let us subclass Continuation.
            new ContinuationFiber(() -> { });
        }

        @Override
        public CoroutineFiber create(Runnable body) {
            return new ContinuationFiber(body);
        }

        @Override
        public CoroutineMechanism mechanism() {
            return CoroutineMechanism.CONTINUATION;
        }
    }
}
