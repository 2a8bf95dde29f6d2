package io.twine.reactor;

import io.twine.defer.Deferred;
import io.twine.defer.Failure;
import java.util.Objects;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;

/**
 * Helpers for threads that are not the loop thread: Twisted's {@code twisted.internet.threads}.
 * ({@code deferToThread} and {@code callInThread} are methods of {@link Reactor}.)
 */
public final class Threads {
    private Threads() {
    }

    /**
     * Runs {@code f} on the reactor's loop thread, waits for the Deferred it returns to fire, and
     * gives its result (Twisted's {@code threads.blockingCallFromThread}). For code on a worker
     * or other foreign thread that needs something only the loop may touch.
     *
     * <p>{@code f} is queued with {@link Reactor#callFromThread}, so it runs once the loop gets to
     * it (after {@link Reactor#run()} if the reactor has not started yet). Use
     * {@code Deferred.succeed(value)} for a result that is at hand at once. If {@code f} throws,
     * returns a failed Deferred or {@code null}, or its Deferred fails, this method throws the
     * original exception (the Failure's {@link Failure#value()}, checked or not, not a wrapper).
     *
     * @param reactor the reactor whose loop runs {@code f}
     * @param f the function to run on the loop thread
     * @param <T> the result type
     * @return the result the Deferred fired with
     * @throws Exception whatever {@code f} or its Deferred failed with
     * @throws InterruptedException if this thread is interrupted while waiting; {@code f} and its
     *         Deferred carry on regardless
     * @throws IllegalStateException if called on the loop thread itself, where waiting would
     *         deadlock the loop
     * @throws ReactorNotRunning if the reactor has stopped
     */
    public static <T> T blockingCallFromThread(Reactor reactor, Callable<? extends Deferred<? extends T>> f)
            throws Exception {
        Objects.requireNonNull(reactor, "reactor");
        Objects.requireNonNull(f, "blockingCallFromThread needs a function to call, got null");
        if (reactor.isInLoopThread()) {
            throw new IllegalStateException("blockingCallFromThread must not be called on the reactor's loop thread:"
                    + " it would wait for the loop while blocking it");
        }
        CountDownLatch done = new CountDownLatch(1);
        Object[] outcome = new Object[1];
        reactor.callFromThread(() -> {
            Deferred<? extends T> d = Deferred.maybeDeferred(() -> {
                Deferred<? extends T> r = f.call();
                if (r == null) {
                    throw new IllegalStateException("blockingCallFromThread: the function returned null instead of a Deferred");
                }
                return r;
            });
            d.addBoth(r -> {
                outcome[0] = r; // published to the waiter by the latch (countDown happens-before await)
                done.countDown();
                return null;
            });
        });
        done.await();
        Object r = outcome[0];
        if (r instanceof Failure failure) {
            Throwable t = failure.value();
            if (t instanceof Exception e) {
                throw e;
            }
            if (t instanceof Error e) {
                throw e;
            }
            throw new Exception(t);
        }
        @SuppressWarnings("unchecked")
        T value = (T) r;
        return value;
    }
}
