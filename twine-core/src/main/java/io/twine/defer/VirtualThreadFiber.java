package io.twine.defer;

import java.util.concurrent.ThreadFactory;
import java.util.concurrent.locks.LockSupport;

/**
 * The fallback {@link CoroutineFiber}: the body runs on a virtual thread of its own, and control
 * passes strictly in turn between it and the thread that resumes it (a generator made of two
 * threads that never run at the same time). The resuming thread parks until the body suspends or
 * ends; the body parks until it is resumed.
 *
 * <p>Hand-offs park and unpark, never spin: spinning only looks fast by burning another core.
 * One volatile flag, {@link #bodyTurn}, says whose turn it is; each side writes everything it hands
 * over before flipping it, so the flip is the happens-before edge.
 */
final class VirtualThreadFiber implements CoroutineFiber {
    static final CoroutineFiber.Factory FACTORY = new CoroutineFiber.Factory() {
        @Override
        public CoroutineFiber create(Runnable body) {
            return new VirtualThreadFiber(body);
        }

        @Override
        public CoroutineMechanism mechanism() {
            return CoroutineMechanism.VIRTUAL_THREAD;
        }
    };

    /** Thread-safe, unlike a Thread.Builder. */
    private static final ThreadFactory THREADS = Thread.ofVirtual().name("twine-coroutine").factory();

    private final Runnable body;
    /** The body's thread; created on the first resume. */
    private volatile Thread thread;
    /** Whoever resumed the body last; the body hands control back to it. */
    private volatile Thread resumer;
    private volatile boolean bodyTurn;
    private volatile boolean ended;

    VirtualThreadFiber(Runnable body) {
        this.body = body;
    }

    @Override
    public boolean resume() {
        Thread me = Thread.currentThread();
        if (!me.isVirtual()) {
            CoroutineFibers.platformThreadResumesFallback();
        }
        resumer = me;
        Thread t = thread;
        if (t == null) {
            t = THREADS.newThread(this::main);
            thread = t;
            bodyTurn = true;
            t.start();
        } else {
            bodyTurn = true;
            LockSupport.unpark(t);
        }
        boolean interrupted = false;
        while (bodyTurn) {
            LockSupport.park(this);
            // An interrupt must neither end the wait nor make park return at once forever after.
            interrupted |= Thread.interrupted();
        }
        if (interrupted) {
            me.interrupt();
        }
        return ended;
    }

    private void main() {
        try {
            body.run();
        } finally {
            ended = true;
            handBack();
        }
    }

    @Override
    public String suspend() {
        if (inClassInitializer()) {
            // The continuation refuses to freeze such frames (Pinned: NATIVE); refuse the same way
            // here rather than park a pinned carrier, which can deadlock the scheduler.
            return "NATIVE (inside a class initializer)";
        }
        handBack();
        boolean interrupted = false;
        while (!bodyTurn) {
            LockSupport.park(this);
            interrupted |= Thread.interrupted();
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
        return null;
    }

    private void handBack() {
        Thread r = resumer;
        bodyTurn = false;
        LockSupport.unpark(r);
    }

    private static boolean inClassInitializer() {
        return StackWalker.getInstance().walk(frames -> frames.anyMatch(f -> f.getMethodName().equals("<clinit>")));
    }
}
