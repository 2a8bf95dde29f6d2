package io.twine.internal;

import io.twine.task.AlreadyCalled;
import io.twine.task.AlreadyCancelled;
import io.twine.task.Clock;
import io.twine.task.DelayedCall;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.function.DoubleSupplier;

/**
 * Timed calls of a clock (the reactor's and {@code ManualClock}'s): a binary min-heap ordered by
 * (time, sequence number), guarded by one lock so that any thread may schedule, cancel, delay or
 * reset. Public only so that both packages can share it: the package is not exported.
 *
 * <p>Why a hand-written heap: each {@link Call} remembers its index, so cancel, delay and reset
 * are O(log n) removals or re-sifts instead of {@code PriorityQueue.remove}'s linear scan, and a
 * cancelled call leaves the heap at once (no tombstones piling up under heavy timeout churn).
 * The sequence number breaks ties so that calls due at the same time run in the order they were
 * scheduled (or last reset).
 *
 * <p>The queue never runs a call itself: its owner polls due calls and runs them outside the lock.
 */
public final class TimerQueue {
    private final Object lock = new Object();
    private final DoubleSupplier clock;
    private final Runnable movedEarlier;
    /** heap[0..size) is a min-heap; guarded by {@code lock}. */
    private Call[] heap = new Call[16];
    private int size;
    private long seq;

    /**
     * Creates an empty queue.
     *
     * @param clock the owner's current time in seconds; called with the queue's lock held, so it
     *     must not call back into the queue
     * @param movedEarlier run (outside the lock) whenever a schedule or reset made a call the
     *     earliest, so that a sleeping owner can wake sooner
     */
    public TimerQueue(DoubleSupplier clock, Runnable movedEarlier) {
        this.clock = Objects.requireNonNull(clock, "clock");
        this.movedEarlier = Objects.requireNonNull(movedEarlier, "movedEarlier");
    }

    /**
     * Schedules {@code f} to be due {@code delaySeconds} from now.
     *
     * @param delaySeconds how long from now, {@code >= 0}
     * @param f what the owner will run
     * @return the handle, usable from any thread
     * @throws IllegalArgumentException if the delay is negative, infinite or not a number
     */
    public Call schedule(double delaySeconds, Runnable f) {
        Clock.checkDelay(delaySeconds, "delay");
        Objects.requireNonNull(f, "callLater needs a function to call, got null");
        Call c;
        boolean earliest;
        synchronized (lock) {
            c = new Call(clock.getAsDouble() + delaySeconds, seq++, f);
            add(c);
            earliest = heap[0] == c;
        }
        if (earliest) {
            movedEarlier.run();
        }
        return c;
    }

    /**
     * The sequence number the next scheduled call will get: calls from now on are "new".
     *
     * @return the number
     */
    public long nextSeq() {
        synchronized (lock) {
            return seq;
        }
    }

    /**
     * Takes the earliest call if it is due at {@code now} and older than {@code seqLimit}, marking
     * it called; else {@code null}. Calls scheduled during this pass of the loop get a sequence
     * number at or above the limit and wait for the next pass, so a call that reschedules itself
     * with delay 0 cannot starve the rest of the loop (Twisted defers such calls the same way).
     * Pass {@link Long#MAX_VALUE} to take every due call, new ones included.
     *
     * @param now the owner's current time
     * @param seqLimit calls numbered at or above this wait
     * @return the call whose {@link Call#function} to run outside any lock, or {@code null}
     */
    public Call pollDue(double now, long seqLimit) {
        synchronized (lock) {
            if (size == 0) {
                return null;
            }
            Call top = heap[0];
            if (top.time > now || top.seq >= seqLimit) {
                return null;
            }
            removeAt(0);
            top.state = Call.CALLED;
            return top;
        }
    }

    /**
     * Seconds until the earliest call is due.
     *
     * @param now the owner's current time
     * @return 0 if overdue, {@code -1} when nothing is pending
     */
    public double secondsUntilNext(double now) {
        synchronized (lock) {
            return size == 0 ? -1 : Math.max(0, heap[0].time - now);
        }
    }

    /**
     * Whether no call is pending.
     *
     * @return {@code true} when empty
     */
    public boolean isEmpty() {
        synchronized (lock) {
            return size == 0;
        }
    }

    /**
     * How many calls are pending.
     *
     * @return the count
     */
    public int size() {
        synchronized (lock) {
            return size;
        }
    }

    /**
     * A snapshot of the pending calls, earliest first.
     *
     * @return an immutable list
     */
    public List<DelayedCall> pending() {
        Call[] copy;
        synchronized (lock) {
            copy = Arrays.copyOf(heap, size);
        }
        Arrays.sort(copy, ORDER);
        return List.of(copy);
    }

    private static final Comparator<Call> ORDER = (a, b) -> {
        int c = Double.compare(a.time, b.time);
        return c != 0 ? c : Long.compare(a.seq, b.seq);
    };

    // -- heap operations, all with the lock held ---------------------------------------------

    private void add(Call c) {
        if (size == heap.length) {
            heap = Arrays.copyOf(heap, size * 2);
        }
        c.index = size;
        heap[size++] = c;
        siftUp(c.index);
    }

    private void removeAt(int i) {
        Call gone = heap[i];
        gone.index = -1;
        int last = --size;
        if (i != last) {
            heap[i] = heap[last];
            heap[i].index = i;
            heap[last] = null;
            resift(i);
        } else {
            heap[last] = null;
        }
    }

    private void resift(int i) {
        if (!siftUp(i)) {
            siftDown(i);
        }
    }

    private boolean siftUp(int i) {
        int start = i;
        Call c = heap[i];
        while (i > 0) {
            int parent = (i - 1) >>> 1;
            Call p = heap[parent];
            if (ORDER.compare(c, p) >= 0) {
                break;
            }
            heap[i] = p;
            p.index = i;
            i = parent;
        }
        heap[i] = c;
        c.index = i;
        return i != start;
    }

    private void siftDown(int i) {
        Call c = heap[i];
        int half = size >>> 1;
        while (i < half) {
            int child = 2 * i + 1;
            int right = child + 1;
            if (right < size && ORDER.compare(heap[right], heap[child]) < 0) {
                child = right;
            }
            if (ORDER.compare(c, heap[child]) <= 0) {
                break;
            }
            heap[i] = heap[child];
            heap[i].index = i;
            i = child;
        }
        heap[i] = c;
        c.index = i;
    }

    /** One timed call: Twisted's {@code base.DelayedCall}. All fields guarded by the heap lock. */
    public final class Call implements DelayedCall {
        static final int PENDING = 0;
        static final int CALLED = 1;
        static final int CANCELLED = 2;

        double time;
        long seq;
        final Runnable f;
        int state;
        int index = -1;

        Call(double time, long seq, Runnable f) {
            this.time = time;
            this.seq = seq;
            this.f = f;
        }

        /**
         * The scheduled function, for the owner to run after {@link #pollDue} returned this call.
         *
         * @return the function given to {@link #schedule}
         */
        public Runnable function() {
            return f;
        }

        @Override
        public double getTime() {
            synchronized (lock) {
                return time;
            }
        }

        @Override
        public void cancel() {
            synchronized (lock) {
                checkPending("cancel");
                state = CANCELLED;
                removeAt(index);
            }
        }

        @Override
        public void delay(double secondsLater) {
            Clock.checkDelay(secondsLater, "delay");
            synchronized (lock) {
                checkPending("delay");
                time += secondsLater;
                resift(index);
            }
        }

        @Override
        public void reset(double secondsFromNow) {
            Clock.checkDelay(secondsFromNow, "reset delay");
            boolean earliest;
            synchronized (lock) {
                checkPending("reset");
                time = clock.getAsDouble() + secondsFromNow;
                seq = TimerQueue.this.seq++;
                resift(index);
                earliest = heap[0] == this;
            }
            if (earliest) {
                movedEarlier.run();
            }
        }

        private void checkPending(String what) {
            if (state == CALLED) {
                throw new AlreadyCalled("cannot " + what + " a delayed call that has already run");
            }
            if (state == CANCELLED) {
                throw new AlreadyCancelled("cannot " + what + " a delayed call that was cancelled");
            }
        }

        @Override
        public boolean active() {
            synchronized (lock) {
                return state == PENDING;
            }
        }

        @Override
        public boolean called() {
            synchronized (lock) {
                return state == CALLED;
            }
        }

        @Override
        public boolean cancelled() {
            synchronized (lock) {
                return state == CANCELLED;
            }
        }

        @Override
        public String toString() {
            synchronized (lock) {
                String s = state == PENDING ? "pending" : state == CALLED ? "called" : "cancelled";
                return "DelayedCall[time=" + time + ", " + s + ", " + f + "]";
            }
        }
    }
}
