package io.twine.testing;

import io.twine.defer.Deferred;
import io.twine.defer.Failure;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Blocks the calling thread until a Deferred has a result, for the waiting assertions of
 * {@link DeferredAssertions}. The Deferred learns of the waiter through one callback/errback pair
 * added to its chain, which runs on whatever thread fires the Deferred (or on this one, if it
 * already has a result) and hands the result over through a latch.
 *
 * <p>Who owns the result is settled by one compare-and-set: either the callback takes it (and,
 * when asked to, consumes a failure, because the waiting assertion reports it), or the waiter
 * gives up first on timeout or interrupt, and then the callback passes the result on untouched,
 * so a failure arriving after a timed-out wait is still seen as unhandled.
 */
final class Waiting {
    private static final int WAITING = 0;
    private static final int TAKEN = 1;
    private static final int ABANDONED = 2;

    private final AtomicInteger state = new AtomicInteger(WAITING);
    private final CountDownLatch arrived = new CountDownLatch(1);
    /** Written before the latch opens, read after it (the latch orders the two). */
    private Object result;

    private Waiting() {
    }

    /**
     * Waits for {@code deferred}'s result and returns it: the value, or the {@link Failure}.
     *
     * @param consumeFailure whether a failure taken by the waiter is consumed (the chain goes on
     *        with {@code null}), as the assertions that report a failure do
     * @param expected what the assertion expected, for the timeout message
     */
    @SuppressWarnings("unchecked")
    static Object resultOf(Deferred<?> deferred, Duration timeout, boolean consumeFailure, String expected) {
        Objects.requireNonNull(deferred, "expected a Deferred, got null");
        Objects.requireNonNull(timeout, "expected a timeout, got null");
        if (timeout.isNegative()) {
            throw new IllegalArgumentException("the timeout must not be negative, got " + timeout);
        }
        String description = deferred.toString();
        Waiting w = new Waiting();
        ((Deferred<Object>) deferred).addBoth(r -> {
            if (!w.state.compareAndSet(WAITING, TAKEN)) {
                if (r instanceof Failure f) {
                    throw f; // the waiter gave up: leave the failure to whoever comes next
                }
                return r;
            }
            w.result = r;
            w.arrived.countDown();
            if (r instanceof Failure f && !consumeFailure) {
                throw f;
            }
            return r instanceof Failure ? null : r;
        });
        if (w.arrived.getCount() > 0 && ReactorResource.isLoopThread(Thread.currentThread())
                && w.state.compareAndSet(WAITING, ABANDONED)) {
            throw new IllegalStateException("Waiting for " + expected + " from " + description + " on the injected"
                    + " Reactor's loop thread, which would wait for itself: wait from the test thread instead");
        }
        try {
            if (!w.arrived.await(nanos(timeout), TimeUnit.NANOSECONDS) && w.state.compareAndSet(WAITING, ABANDONED)) {
                throw new AssertionError("Expected " + expected + " from " + description + " within "
                        + show(timeout) + ", but it has no result yet: " + reason(deferred) + ".");
            }
        } catch (InterruptedException e) {
            if (w.state.compareAndSet(WAITING, ABANDONED)) {
                Thread.currentThread().interrupt();
                throw new AssertionError("Interrupted while waiting for " + expected + " from " + description, e);
            }
            Thread.currentThread().interrupt(); // the result is in; keep the interrupt for the caller
        }
        awaitUninterruptibly(w.arrived); // the callback has taken the result and is about to hand it over
        return w.result;
    }

    private static String reason(Deferred<?> d) {
        Outcome o = Outcome.of(d);
        return o.kind == Outcome.Kind.NO_RESULT ? o.noResultReason
                : "its chain was still running on another thread when the wait ended";
    }

    private static void awaitUninterruptibly(CountDownLatch latch) {
        boolean interrupted = false;
        while (true) {
            try {
                latch.await();
                break;
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    /** The duration in nanoseconds, saturated for the very long ones. */
    static long nanos(Duration d) {
        try {
            return d.toNanos();
        } catch (ArithmeticException tooLong) {
            return Long.MAX_VALUE;
        }
    }

    /** "5 s", "250 ms": easier to read in a message than {@code PT0.25S}. */
    static String show(Duration d) {
        try {
            long ms = d.toMillis();
            return ms % 1000 == 0 ? ms / 1000 + " s" : ms + " ms";
        } catch (ArithmeticException tooLong) {
            return d.toString();
        }
    }
}
