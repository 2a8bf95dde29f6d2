package io.twine.task;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A deterministic {@link Clock} whose time moves only when told to: Twisted's {@code task.Clock}.
 *
 * <p>Time starts at {@code 0.0}. {@link #advance} moves it forward and then runs, in time order
 * (ties in the order they were scheduled), every call that is due, including calls scheduled for
 * "now" while advancing. Calls run on the thread that calls {@code advance}/{@link #pump}. An
 * exception thrown by a call propagates out of {@code advance} and leaves later calls queued, as in
 * Twisted.
 *
 * <p>Thread-safe: any thread may schedule, cancel or advance; scheduled calls never run while the
 * clock's internal lock is held.
 */
public final class ManualClock implements Clock {
    private final Object lock = new Object();
    /** Pending calls sorted by (time, seq); guarded by {@code lock}. */
    private final List<Call> calls = new ArrayList<>();
    private double now;
    private long seq;

    /** Creates a clock at time {@code 0.0} with nothing scheduled. */
    public ManualClock() {
    }

    @Override
    public double seconds() {
        synchronized (lock) {
            return now;
        }
    }

    @Override
    public DelayedCall callLater(double delaySeconds, Runnable f) {
        Clock.checkDelay(delaySeconds, "delay");
        Objects.requireNonNull(f, "callLater needs a function to call, got null");
        synchronized (lock) {
            Call c = new Call(now + delaySeconds, seq++, f);
            insert(c);
            return c;
        }
    }

    /**
     * Moves time forward by {@code amount} and runs every call that is then due.
     *
     * @param amount seconds, {@code >= 0}
     * @throws IllegalArgumentException if {@code amount} is negative or not a number
     */
    public void advance(double amount) {
        Clock.checkDelay(amount, "advance amount");
        synchronized (lock) {
            now += amount;
        }
        runDue();
    }

    /**
     * Moves time forward by {@code amount}.
     *
     * @param amount how much, not negative
     */
    public void advance(Duration amount) {
        advance(Clock.toSeconds(amount));
    }

    /**
     * Advances by each amount in turn, running due calls after each step (Twisted's {@code pump}).
     *
     * @param timings seconds per step
     */
    public void pump(double... timings) {
        for (double t : timings) {
            advance(t);
        }
    }

    /**
     * The calls still pending, in the order they will run.
     *
     * @return a snapshot, not a live view
     */
    public List<DelayedCall> getDelayedCalls() {
        synchronized (lock) {
            return List.copyOf(calls);
        }
    }

    private void runDue() {
        for (;;) {
            Call due;
            synchronized (lock) {
                if (calls.isEmpty() || calls.get(0).time > now) {
                    return;
                }
                due = calls.remove(0);
                due.state = Call.CALLED;
            }
            due.f.run();
        }
    }

    private void insert(Call c) {
        int i = calls.size();
        while (i > 0 && calls.get(i - 1).compareTo(c) > 0) {
            i--;
        }
        calls.add(i, c);
    }

    @Override
    public String toString() {
        synchronized (lock) {
            return "ManualClock[now=" + now + ", pending=" + calls.size() + "]";
        }
    }

    private final class Call implements DelayedCall, Comparable<Call> {
        static final int PENDING = 0;
        static final int CALLED = 1;
        static final int CANCELLED = 2;

        double time;
        long order;
        final Runnable f;
        int state; // guarded by ManualClock.this.lock

        Call(double time, long order, Runnable f) {
            this.time = time;
            this.order = order;
            this.f = f;
        }

        @Override
        public int compareTo(Call o) {
            int c = Double.compare(time, o.time);
            return c != 0 ? c : Long.compare(order, o.order);
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
                calls.remove(this);
            }
        }

        @Override
        public void delay(double secondsLater) {
            Clock.checkDelay(secondsLater, "delay");
            synchronized (lock) {
                checkPending("delay");
                calls.remove(this);
                time += secondsLater;
                insert(this);
            }
        }

        @Override
        public void reset(double secondsFromNow) {
            Clock.checkDelay(secondsFromNow, "reset delay");
            synchronized (lock) {
                checkPending("reset");
                calls.remove(this);
                time = now + secondsFromNow;
                order = seq++;
                insert(this);
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
