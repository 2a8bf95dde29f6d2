package io.twine.bench;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.Arrays;
import java.util.function.Function;

/**
 * The thread-safe floor: {@link MiniDeferred} plus what thread safety needs at the least, the
 * design Twine's engine uses stripped of everything else. One state word holds a lock bit (taken
 * with a CAS, released with setRelease; never held while a callback runs), a fired flag and a
 * running flag. Whoever finds the Deferred fired and idle becomes the single runner and drains
 * the chain, so callbacks never run concurrently and run in the order added, on the firing thread
 * or, once fired, on the adding thread. No chaining, pause, cancellation or error tracking.
 */
final class MiniCasDeferred {

    private static final int LOCKED = 1;
    private static final int CALLED = 2;
    private static final int RUNNING = 4;
    private static final VarHandle STATE;

    static {
        try {
            STATE = MethodHandles.lookup().findVarHandle(MiniCasDeferred.class, "state", int.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private volatile int state;
    private Object result;
    private Object[] chain;
    private int size;

    static MiniCasDeferred succeed(Object value) {
        MiniCasDeferred d = new MiniCasDeferred();
        d.result = value;
        d.state = CALLED;
        return d;
    }

    MiniCasDeferred addCallback(Function<Object, Object> fn) {
        return add(fn);
    }

    MiniCasDeferred addErrback(Function<Throwable, Object> fn) {
        return add(new MiniDeferred.Recover(fn));
    }

    private MiniCasDeferred add(Object entry) {
        int s = lock();
        if ((s & (CALLED | RUNNING)) == CALLED) {
            Object r = result;
            unlock(s | RUNNING);
            drain(MiniDeferred.step(entry, r));
            return this;
        }
        Object[] a = chain;
        if (a == null) {
            chain = a = new Object[4];
        } else if (size == a.length) {
            chain = a = Arrays.copyOf(a, size << 1);
        }
        a[size++] = entry;
        unlock(s);
        return this;
    }

    void callback(Object value) {
        int s = lock();
        if ((s & CALLED) != 0) {
            unlock(s);
            throw new IllegalStateException("already called");
        }
        unlock(s | CALLED | RUNNING);
        drain(value);
    }

    /** The runner's loop: takes what was added, runs it unlocked, until nothing is left. */
    private void drain(Object r) {
        for (;;) {
            int s = lock();
            Object[] a = chain;
            int n = size;
            if (n == 0) {
                result = r;
                unlock(s & ~RUNNING);
                return;
            }
            chain = null;
            size = 0;
            unlock(s);
            for (int i = 0; i < n; i++) {
                r = MiniDeferred.step(a[i], r);
            }
        }
    }

    boolean called() {
        return (state & CALLED) != 0;
    }

    Object result() {
        int s = lock();
        Object r = result;
        unlock(s);
        return r;
    }

    private int lock() {
        for (int spins = 0; ; spins++) {
            int s = state;
            if ((s & LOCKED) == 0 && STATE.weakCompareAndSetAcquire(this, s, s | LOCKED)) {
                return s;
            }
            if (spins < 100) {
                Thread.onSpinWait();
            } else {
                // Same policy as Twine's lock: the holder may have been descheduled.
                Thread.yield();
            }
        }
    }

    private void unlock(int s) {
        STATE.setRelease(this, s & ~LOCKED);
    }
}
