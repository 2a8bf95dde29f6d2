package io.twine.task;

import io.twine.internal.TimerQueue;
import java.time.Duration;
import java.util.List;

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
    /** Guards writes of {@link #now}; never held while calling into {@link #calls}. */
    private final Object lock = new Object();
    private final TimerQueue calls = new TimerQueue(this::seconds, () -> { });
    private volatile double now;

    /** Creates a clock at time {@code 0.0} with nothing scheduled. */
    public ManualClock() {
    }

    @Override
    public double seconds() {
        return now;
    }

    @Override
    public DelayedCall callLater(double delaySeconds, Runnable f) {
        return calls.schedule(delaySeconds, f);
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
        return calls.pending();
    }

    private void runDue() {
        // Long.MAX_VALUE: calls scheduled for "now" while advancing run in this same advance.
        TimerQueue.Call due;
        while ((due = calls.pollDue(now, Long.MAX_VALUE)) != null) {
            due.function().run();
        }
    }

    @Override
    public String toString() {
        return "ManualClock[now=" + now + ", pending=" + calls.size() + "]";
    }
}
