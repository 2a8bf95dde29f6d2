package io.twine.defer;

import java.util.ArrayDeque;
import java.util.LinkedHashSet;
import java.util.Objects;
import java.util.concurrent.Callable;

/**
 * What {@link DeferredLock} and {@link DeferredSemaphore} share (Twisted's
 * {@code _ConcurrencyPrimitive}): a pool of tokens, a first-come-first-served queue of waiters, and
 * {@link #run}.
 *
 * <h2>Threads</h2>
 * All methods may be called from any thread. The state is guarded by an internal monitor that is
 * never held while user code runs: waiters' Deferreds are fired outside it. Tokens are granted
 * strictly in the order {@code acquire()} was called. A granted waiter is fired by the thread
 * whose {@code release()} granted it, unless that thread (or another) is already firing waiters of
 * this primitive; then that thread fires it, once the callback it is running returns (or a thread
 * that cancels it first fires it, see below). This is what
 * keeps a release from inside a waiter's callback from recursing: ten thousand waiters that each
 * release at once are served in a loop, at constant stack depth.
 * <br><b>Difference from Twisted:</b> a {@code release()} made inside a waiter's callback
 * therefore fires the next waiter after that callback returns, not nested inside it.
 *
 * <h2>Cancellation</h2>
 * Cancelling the Deferred of an {@code acquire()} that is still waiting removes it from the queue;
 * it fails with {@link CancelledError} and never holds a token. Cancelling one that has acquired
 * does nothing (it holds the token, and must release it). It has acquired from the moment the
 * {@code release()} that grants it the token takes effect, even if its Deferred has not fired yet
 * because another thread is still firing earlier waiters; a cancel then fires it at once, on the
 * cancelling thread, with the token. If the cancel races with a grant on another thread, exactly
 * one of the two outcomes happens, and no token is lost.
 *
 * @param <P> the concrete primitive, which is what {@code acquire()} fires with
 */
abstract class ConcurrencyPrimitive<P extends ConcurrencyPrimitive<P>> {
    private final Object lock = new Object();
    private final int limit;
    /** Free tokens; guarded by lock. Invariant: tokens > 0 implies waiting is empty. */
    private int tokens;
    /** Not yet granted, in arrival order; guarded by lock. */
    private final LinkedHashSet<Deferred<P>> waiting = new LinkedHashSet<>();
    /** Granted a token but not fired yet, in grant order; guarded by lock. */
    private final ArrayDeque<Deferred<P>> granted = new ArrayDeque<>();
    /** Whether some thread is firing granted waiters; guarded by lock. */
    private boolean handing;

    ConcurrencyPrimitive(int limit) {
        this.limit = limit;
        this.tokens = limit;
    }

    @SuppressWarnings("unchecked")
    private P self() {
        return (P) this;
    }

    /** The name used in messages. */
    abstract String what();

    /**
     * Asks for a token. The Deferred fires with this primitive once the token is held: at once,
     * on this thread, if one is free, otherwise when a {@link #release()} hands one on (see the
     * class description for the thread). Waiters are served first come, first served.
     * Cancelling the Deferred while it waits withdraws the request (it fails with
     * {@link CancelledError}).
     *
     * @return a Deferred that fires with this primitive when the token is held
     */
    public final Deferred<P> acquire() {
        Deferred<P> d = new Deferred<>(this::cancelAcquire);
        boolean now;
        synchronized (lock) {
            now = tokens > 0;
            if (now) {
                tokens--;
            } else {
                waiting.add(d);
            }
        }
        if (now) {
            d.callback(self());
        }
        return d;
    }

    /**
     * Gives a token back. If someone is waiting, the token goes straight to the first waiter,
     * whose Deferred then fires (see the class description for the thread).
     *
     * @throws IllegalStateException if no token is held: more releases than acquisitions
     */
    public final void release() {
        synchronized (lock) {
            if (tokens >= limit) {
                throw new IllegalStateException(what() + " released more times than it was acquired");
            }
            tokens++;
            grantLocked();
            if (handing || granted.isEmpty()) {
                return;
            }
            handing = true;
        }
        handOut();
    }

    /** Passes a free token to the first waiter, if any; with the lock held. */
    private void grantLocked() {
        if (tokens > 0 && !waiting.isEmpty()) {
            tokens--;
            granted.add(waiting.removeFirst());
        }
    }

    /** Fires granted waiters until none is left; the caller has set {@code handing}. */
    private void handOut() {
        boolean done = false;
        try {
            for (;;) {
                Deferred<P> d;
                synchronized (lock) {
                    d = granted.poll();
                    if (d == null) {
                        handing = false;
                        done = true;
                        return;
                    }
                }
                fireGranted(d);
            }
        } finally {
            if (!done) {
                // Only reachable if a VM error escaped; do not leave the primitive wedged.
                synchronized (lock) {
                    handing = false;
                }
            }
        }
    }

    private void fireGranted(Deferred<P> d) {
        try {
            d.callback(self());
        } catch (AlreadyCalledError firedByCanceller) {
            // A cancel on another thread found it granted and fired it with the token itself.
        }
    }

    /** The canceller of every acquire() Deferred; runs only while that Deferred is unfired. */
    private void cancelAcquire(Deferred<P> d) {
        synchronized (lock) {
            if (waiting.remove(d)) {
                return; // the Deferred now fails with CancelledError
            }
            // Granted already (a release() gave it the token, maybe one that has returned), but
            // perhaps not fired yet: the cancel is too late. Taking the grant back would undo a
            // completed release(); instead fire it here, so that cancel() finds it fired.
            granted.remove(d);
        }
        fireGranted(d); // a no-op if the thread handing out fired it first
    }

    /**
     * Acquires, calls {@code f}, and releases once its result is in, on success and on failure
     * alike (Twisted's {@code run}). The returned Deferred fires with {@code f}'s result or
     * failure. {@code f} runs on the thread on which the token is granted.
     *
     * <p>For a function that returns a Deferred, use {@link #runDeferred}, which holds the token
     * until that Deferred fires; {@code run} refuses such a function with an
     * {@link IllegalArgumentException} failure (and releases), because the Java type would be
     * wrong.
     *
     * @param f the function to call while holding a token
     * @param <R> its result type
     * @return a Deferred of {@code f}'s outcome
     */
    public final <R> Deferred<R> run(Callable<? extends R> f) {
        Objects.requireNonNull(f, "run needs a function, got null");
        return acquire().addCallbackDeferred(held -> {
            Deferred<R> outcome = Deferred.execute(f);
            return outcome.addBoth(this::releaseAndPass);
        });
    }

    /**
     * As {@link #run}, for a function that returns a Deferred: the token is held until that
     * Deferred fires, and is released on success and on failure alike (Twisted's {@code run} with
     * a function returning a Deferred).
     *
     * @param f the function to call while holding a token
     * @param <R> the result type of the Deferred it returns
     * @return a Deferred of the outcome of {@code f}'s Deferred
     */
    public final <R> Deferred<R> runDeferred(Callable<? extends Deferred<? extends R>> f) {
        Objects.requireNonNull(f, "runDeferred needs a function, got null");
        return acquire().addCallbackDeferred(held -> {
            Deferred<R> outcome = Deferred.maybeDeferred(f::call);
            return outcome.addBoth(this::releaseAndPass);
        });
    }

    @SuppressWarnings("unchecked")
    private <R> R releaseAndPass(Object resultOrFailure) {
        release();
        return (R) resultOrFailure;
    }

    /**
     * How many acquisitions are waiting for a token (the length of Twisted's {@code waiting}).
     *
     * @return a snapshot of the count
     */
    public final int waitingCount() {
        synchronized (lock) {
            return waiting.size();
        }
    }

    /** Free tokens right now; see the subclasses. */
    final int freeTokens() {
        synchronized (lock) {
            return tokens;
        }
    }

    final int limitTokens() {
        return limit;
    }

    @Override
    public String toString() {
        synchronized (lock) {
            return what() + "[free=" + tokens + "/" + limit + ", waiting=" + waiting.size() + "]";
        }
    }
}
