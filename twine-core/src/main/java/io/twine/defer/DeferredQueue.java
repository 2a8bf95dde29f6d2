package io.twine.defer;

import java.util.ArrayDeque;
import java.util.Iterator;
import java.util.LinkedHashSet;

/**
 * A queue whose {@link #get()} returns a Deferred: Twisted's {@code defer.DeferredQueue}. Items
 * put while nobody waits are kept (up to {@link #size()}); a {@code get()} on an empty queue
 * waits (up to {@link #backlog()} waiters at once) and fires when an item is put:
 *
 * <pre>{@code
 * DeferredQueue<Job> jobs = new DeferredQueue<>();
 * jobs.get().addCallback(job -> handle(job));   // fires when a job arrives
 * jobs.put(new Job(...));
 * }</pre>
 *
 * <ul>
 * <li>Items go out in the order they were put; waiters are served first come, first served.</li>
 * <li>{@link #put} beyond {@code size} throws {@link QueueOverflow}, and {@link #get} beyond
 *     {@code backlog} throws {@link QueueUnderflow}, synchronously, leaving the queue as it
 *     was.</li>
 * <li>Cancelling a waiting {@code get()} removes it from the waiters (it fails with
 *     {@link CancelledError}); cancelling one that already has its item does nothing. A getter
 *     has its item from the moment the {@code put} that serves it takes effect, even if its
 *     Deferred has not fired yet because another thread is still firing earlier getters; a cancel
 *     then fires it at once, on the cancelling thread, with its item. If the cancel races with a
 *     {@code put} on another thread, exactly one of the two happens: the item is never lost,
 *     delivered twice or reordered.</li>
 * <li>A waiting {@code get()} Deferred that its caller fires itself stops waiting: the next
 *     {@code put} serves the next getter or keeps the item (Twisted's {@code put} would raise
 *     {@code AlreadyCalledError} and lose the item).</li>
 * <li>Items may be {@code null}. A {@link Failure} put in the queue makes the getter's Deferred
 *     fail with it (as {@link Deferred#callback} does); a Deferred cannot be put.</li>
 * </ul>
 *
 * <h2>Threads</h2>
 * Any thread may put and get. The state is guarded by an internal monitor never held while user
 * code runs. A waiter is fired by the thread whose {@code put} served it, unless a thread is
 * already firing waiters of this queue; then that thread fires it, once its current callback
 * returns (or a thread that cancels it first fires it). So a {@code put} made inside a getter's
 * callback does not recurse (Twisted would fire the next getter nested inside it), and any
 * number of chained hand-offs run at constant stack depth.
 *
 * @param <T> the item type
 */
public final class DeferredQueue<T> {
    /** The {@code size} or {@code backlog} that means "no limit" (Twisted's {@code None}). */
    public static final int UNBOUNDED = Integer.MAX_VALUE;

    /** Stands for a null item in the ArrayDeques, which refuse nulls. */
    private static final Object NULL = new Object();

    private final Object lock = new Object();
    private final int size;
    private final int backlog;
    /** Items nobody has asked for yet, oldest first; guarded by lock. */
    private final ArrayDeque<Object> pending = new ArrayDeque<>();
    /** Waiting getters, oldest first; guarded by lock. Invariant: non-empty only if pending is empty. */
    private final LinkedHashSet<Deferred<T>> waiting = new LinkedHashSet<>();
    /** Getters given an item but not fired yet, in order; guarded by lock. */
    private final ArrayDeque<Delivery<T>> delivering = new ArrayDeque<>();
    /** Whether some thread is firing deliveries; guarded by lock. */
    private boolean handing;
    /** The delivery the handing thread is firing right now, or null; guarded by lock. */
    private Delivery<T> firing;

    /** An item given to a getter; fired once, by whichever thread claims it first. */
    private static final class Delivery<T> {
        final Deferred<T> getter;
        final Object item;
        /** Whether a thread has taken it on to fire it; guarded by lock. */
        boolean claimed;

        Delivery(Deferred<T> getter, Object item) {
            this.getter = getter;
            this.item = item;
        }
    }

    /** Creates a queue without limits (Twisted's {@code DeferredQueue()}). */
    public DeferredQueue() {
        this(UNBOUNDED, UNBOUNDED);
    }

    /**
     * Creates a queue with limits.
     *
     * @param size how many items it keeps while nobody waits, {@code >= 0}; 0 means every
     *        {@code put} needs a waiting getter; {@link #UNBOUNDED} for no limit
     * @param backlog how many {@code get()}s may wait at once, {@code >= 0}; 0 means {@code get()}
     *        only succeeds when an item is there; {@link #UNBOUNDED} for no limit
     * @throws IllegalArgumentException if either is negative
     */
    public DeferredQueue(int size, int backlog) {
        if (size < 0) {
            throw new IllegalArgumentException("DeferredQueue size must be >= 0 (or UNBOUNDED), got " + size);
        }
        if (backlog < 0) {
            throw new IllegalArgumentException("DeferredQueue backlog must be >= 0 (or UNBOUNDED), got " + backlog);
        }
        this.size = size;
        this.backlog = backlog;
    }

    /**
     * Adds an item: the oldest waiting {@code get()} receives it (its Deferred fires, see the
     * class description for the thread), or, if nobody waits, it is kept for the next
     * {@code get()}.
     *
     * @param item the item, may be {@code null}
     * @throws QueueOverflow if nobody waits and {@link #size()} items are already kept
     * @throws IllegalArgumentException if {@code item} is a Deferred
     */
    public void put(T item) {
        if (item instanceof Deferred<?>) {
            throw new IllegalArgumentException("DeferredQueue.put: a Deferred cannot be an item (it cannot be a result)");
        }
        Object boxed = item == null ? NULL : item;
        synchronized (lock) {
            Deferred<T> getter = nextWaiter();
            if (getter != null) {
                delivering.add(new Delivery<>(getter, boxed));
                if (handing) {
                    return;
                }
                handing = true;
            } else if (pending.size() < size) {
                pending.add(boxed);
                return;
            } else {
                throw new QueueOverflow("DeferredQueue is full: " + pending.size() + " items kept, size " + size);
            }
        }
        handOut();
    }

    /**
     * Takes the oldest item. If there is one, the Deferred has already fired with it; otherwise
     * it fires when an item is put. Cancelling it while it waits withdraws it.
     *
     * @return a Deferred of the item
     * @throws QueueUnderflow if the queue is empty and {@link #backlog()} getters already wait
     */
    public Deferred<T> get() {
        Object item;
        synchronized (lock) {
            item = pending.poll();
            if (item == null) {
                if (waiting.size() >= backlog) {
                    waiting.removeIf(Deferred::called); // fired by their callers: no longer waiting
                    if (waiting.size() >= backlog) {
                        throw new QueueUnderflow("DeferredQueue is empty and " + waiting.size()
                                + " gets already wait (backlog " + backlog + ")");
                    }
                }
                Deferred<T> d = new Deferred<>(this::cancelGet);
                waiting.add(d);
                return d;
            }
        }
        return Deferred.succeed(unbox(item));
    }

    @SuppressWarnings("unchecked")
    private T unbox(Object item) {
        return item == NULL ? null : (T) item;
    }

    private void handOut() {
        boolean done = false;
        try {
            for (;;) {
                Delivery<T> next;
                synchronized (lock) {
                    next = delivering.poll();
                    firing = next;
                    if (next == null) {
                        handing = false;
                        done = true;
                        return;
                    }
                }
                deliver(next);
            }
        } finally {
            if (!done) {
                synchronized (lock) {
                    handing = false;
                    firing = null;
                }
            }
        }
    }

    /** The oldest waiting getter nobody else has fired, removed from the waiters; guarded by lock. */
    private Deferred<T> nextWaiter() {
        while (!waiting.isEmpty()) {
            Deferred<T> g = waiting.removeFirst();
            if (!g.called()) {
                return g;
            }
            // Its caller fired it: it no longer waits for an item (Twisted would raise
            // AlreadyCalledError from put() and lose the item).
        }
        return null;
    }

    private void deliver(Delivery<T> delivery) {
        synchronized (lock) {
            if (delivery.claimed) {
                return; // a cancel on another thread found it served and fires it itself
            }
            delivery.claimed = true;
        }
        try {
            delivery.getter.callback(unbox(delivery.item));
        } catch (AlreadyCalledError firedByItsCaller) {
            // Fired from outside between the put and now: the item goes to the next getter, or
            // back to the front of the kept items, so that it is not lost.
            redeliver(delivery.item);
        }
    }

    private void redeliver(Object item) {
        boolean start = false;
        synchronized (lock) {
            Deferred<T> getter = nextWaiter();
            if (getter != null) {
                delivering.addFirst(new Delivery<>(getter, item));
                if (!handing) {
                    handing = true;
                    start = true;
                }
            } else {
                pending.addFirst(item); // may exceed size by one: the put that brought it was accepted
            }
        }
        if (start) {
            handOut();
        }
    }

    /** The canceller of every waiting get(); runs only while that Deferred is unfired. */
    private void cancelGet(Deferred<T> d) {
        Delivery<T> served = null;
        synchronized (lock) {
            if (waiting.remove(d)) {
                return; // the Deferred now fails with CancelledError
            }
            // Served already (a put() gave it an item, maybe one that has returned), but perhaps
            // not fired yet: the cancel is too late. Taking the item back would undo a completed
            // put() and could reorder items; instead fire it here, so that cancel() finds it fired.
            for (Iterator<Delivery<T>> it = delivering.iterator(); it.hasNext(); ) {
                Delivery<T> dv = it.next();
                if (dv.getter == d) {
                    it.remove();
                    served = dv;
                    break;
                }
            }
            if (served == null && firing != null && firing.getter == d) {
                served = firing; // the handing thread is about to fire it
            }
        }
        if (served != null) {
            deliver(served); // whichever of the two claims it first fires it
        }
        // Otherwise it has fired meanwhile, and cancel() will leave it alone.
    }

    /**
     * The most items kept while nobody waits.
     *
     * @return the size given at construction, or {@link #UNBOUNDED}
     */
    public int size() {
        return size;
    }

    /**
     * The most {@code get()}s that may wait at once.
     *
     * @return the backlog given at construction, or {@link #UNBOUNDED}
     */
    public int backlog() {
        return backlog;
    }

    /**
     * How many items are kept, waiting for a {@code get()} (the length of Twisted's
     * {@code pending}).
     *
     * @return a snapshot of the count
     */
    public int pendingCount() {
        synchronized (lock) {
            return pending.size();
        }
    }

    /**
     * How many {@code get()}s are waiting for an item (the length of Twisted's {@code waiting}).
     *
     * @return a snapshot of the count
     */
    public int waitingCount() {
        synchronized (lock) {
            waiting.removeIf(Deferred::called); // fired by their callers: no longer waiting
            return waiting.size();
        }
    }

    @Override
    public String toString() {
        synchronized (lock) {
            return "DeferredQueue[pending=" + pending.size() + ", waiting=" + waiting.size() + "]";
        }
    }
}
