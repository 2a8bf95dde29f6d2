package io.twine.testing;

import io.twine.defer.CancelledError;
import io.twine.defer.UnhandledError;
import io.twine.defer.UnhandledErrorRecording;
import io.twine.reactor.Reactor;
import io.twine.reactor.ReactorNotRunning;
import io.twine.task.DelayedCall;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Injects a running {@link Reactor}: a fresh one per scope, running on its own daemon loop thread
 * before the test gets it. At the end of the scope it fails the test when delayed calls or
 * thread-pool work were left behind (unless {@link AllowPendingCalls}), then stops the reactor and
 * waits, boundedly, for its loop thread to end; a reactor that does not stop fails the test too.
 * An exception that escaped one of the reactor's callbacks (which the reactor logs and goes on
 * from) fails the test as well, unless {@link AllowUnhandledErrors} allows its type (see
 * {@link ReactorErrorLog}).
 *
 * <p>The end of a test, step by step:
 * <ol>
 * <li>Unless pending work is allowed, wait (up to a second, or the timeout if shorter) for the
 *     pool to finish the work it has: a test learns that its pool work is done from inside that
 *     work (a latch, a Deferred fired by it), a moment before the pool does, and must not fail for
 *     that. Work still unfinished after the wait is left behind.</li>
 * <li>On the loop thread, between two passes of the loop (so after whatever callback the loop was
 *     running when the test ended, such as the one that woke the test): list the pending delayed
 *     calls and the unfinished pool work, cancel those calls, and stop the reactor. The reactor
 *     is built with a zero shutdown timeout, so unfinished pool work is given up at once: its
 *     workers are interrupted and its Deferreds fail with {@link CancelledError}. Those
 *     CancelledErrors are the extension's doing, not the test's, so they are not reported as
 *     unhandled; any other error lost while stopping is (subject to {@link AllowUnhandledErrors}).</li>
 * <li>Wait for the loop thread to end. The whole of this step and the previous one is bounded by
 *     the timeout; a loop that does not take the check or does not end in time (a callback that
 *     blocks it) is reported with the loop thread's stack.</li>
 * </ol>
 * The timeout is {@value #DEFAULT_TIMEOUT_SECONDS} seconds, or the configuration parameter
 * {@value TwineExtension#REACTOR_TIMEOUT_PARAMETER}.
 */
final class ReactorResource implements TestResource<Reactor> {
    static final long DEFAULT_TIMEOUT_SECONDS = 5;
    /** Starting a thread never takes long; this bound only keeps a broken JVM from hanging the test. */
    private static final Duration START_TIMEOUT = Duration.ofSeconds(30);
    /** The longest wait for pool work to finish: its last moments after signalling the test, not real work. */
    private static final Duration SETTLE = Duration.ofSeconds(1);
    private static final int STACK_FRAMES_SHOWN = 12;

    /** The loop of each reactor handed out and not yet finished. */
    private final Map<Reactor, Loop> loops = new ConcurrentHashMap<>();
    /** The loop threads of injected reactors, so that a wait on one can be refused (it would wait for itself). */
    private static final Set<Thread> LOOP_THREADS = ConcurrentHashMap.newKeySet();

    /** Whether {@code t} is the loop thread of a reactor injected by the extension. */
    static boolean isLoopThread(Thread t) {
        return LOOP_THREADS.contains(t);
    }

    /** The loop thread of one injected reactor, and what happened to it. */
    private static final class Loop {
        final Thread thread;
        final Duration timeout;
        final AtomicReference<Throwable> escaped = new AtomicReference<>();
        final ReactorErrorLog errors;

        Loop(Reactor reactor, Duration timeout, ReactorErrorLog errors) {
            this.timeout = timeout;
            this.errors = errors;
            thread = new Thread(() -> {
                try {
                    reactor.run();
                } catch (Throwable t) {
                    escaped.set(t); // reported when the test ends
                } finally {
                    LOOP_THREADS.remove(Thread.currentThread());
                }
            }, reactor.name());
            LOOP_THREADS.add(thread);
            // A loop stuck in a test's callback must not keep the JVM alive after the test run.
            thread.setDaemon(true);
        }
    }

    @Override
    public Class<Reactor> type() {
        return Reactor.class;
    }

    @Override
    public Reactor create(ExtensionContext context) {
        Duration timeout = timeout(context);
        ReactorErrorLog errors = new ReactorErrorLog();
        Reactor reactor = Reactor.builder()
                .name("twine-test-reactor[" + context.getDisplayName() + "]")
                .shutdownTimeout(Duration.ZERO)
                .logger(errors)
                .build();
        CountDownLatch running = new CountDownLatch(1);
        reactor.callWhenRunning(running::countDown);
        Loop loop = new Loop(reactor, timeout, errors);
        loops.put(reactor, loop);
        loop.thread.start();
        boolean started;
        try {
            started = running.await(START_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            started = false;
        }
        if (!started) {
            loops.remove(reactor);
            stopQuietly(reactor);
            throw new IllegalStateException("Twine: the injected Reactor's loop thread did not start running within "
                    + Waiting.show(START_TIMEOUT) + (loop.escaped.get() != null ? "; it failed with " + loop.escaped.get() : ""),
                    loop.escaped.get());
        }
        return reactor;
    }

    @Override
    public List<Leftover> finish(Reactor reactor, ExtensionContext context) {
        Loop loop = loops.remove(reactor);
        if (loop == null) {
            return List.of(); // not ours: never handed out by create
        }
        boolean allowed = Annotations.allows(context, AllowPendingCalls.class);
        if (!allowed) {
            awaitPoolWork(reactor, loop.timeout.compareTo(SETTLE) < 0 ? loop.timeout : SETTLE);
        }
        List<Leftover> out = new ArrayList<>();
        List<UnhandledError> lost;
        Snapshot seen;
        // Errors lost while stopping are collected apart, to drop the CancelledErrors of abandoned work.
        try (UnhandledErrorRecording stopping = UnhandledErrorRecording.start()) {
            seen = stop(reactor, loop, out);
            lost = stopping.flush();
        }
        if (!allowed) {
            if (!seen.calls.isEmpty()) {
                out.add(0, new Leftover(describeCalls(seen), null));
            }
            if (!seen.work.isEmpty()) {
                out.add(seen.calls.isEmpty() ? 0 : 1, new Leftover(describeWork(seen), null));
            }
        }
        out.addAll(ReactorErrorLog.leftovers(loop.errors.entries(), context));
        if (loop.escaped.get() != null) {
            out.add(new Leftover("The injected Reactor's loop ended with " + loop.escaped.get(), loop.escaped.get()));
        }
        List<UnhandledError> reported = new ArrayList<>();
        for (UnhandledError e : lost) {
            if (seen.work.isEmpty() || !(e.failure().value() instanceof CancelledError)) {
                reported.add(e);
            }
        }
        out.addAll(UnhandledErrorJanitor.leftovers(reported, context));
        return out;
    }

    /** What was pending when the loop took the end-of-test check. */
    private record Snapshot(double now, List<String> calls, List<String> work) {
        static Snapshot of(Reactor reactor) {
            // Described before they are cancelled, so the report shows them as they were.
            List<DelayedCall> pending = reactor.getDelayedCalls();
            List<String> calls = pending.stream().map(c -> "due at " + c.getTime() + "s: " + Outcome.show(c)).toList();
            Snapshot s = new Snapshot(reactor.seconds(), calls, reactor.getPendingThreadWork());
            for (DelayedCall c : pending) {
                try {
                    c.cancel();
                } catch (RuntimeException alreadyGone) {
                    // Run or cancelled since the snapshot: nothing left to cancel.
                }
            }
            return s;
        }
    }

    /** Waits, up to {@code timeout}, until the pool has no unfinished work. */
    private static void awaitPoolWork(Reactor reactor, Duration timeout) {
        long deadline = deadline(timeout);
        long pause = TimeUnit.MICROSECONDS.toNanos(100);
        // Polling: the pool has no completion signal, and the usual wait is a worker's last microseconds.
        while (!reactor.getPendingThreadWork().isEmpty() && deadline - System.nanoTime() > 0) {
            LockSupport.parkNanos(Math.min(pause, Math.max(1, deadline - System.nanoTime())));
            pause = Math.min(pause * 2, TimeUnit.MILLISECONDS.toNanos(10));
        }
    }

    /** Takes the snapshot on the loop, stops the reactor and joins its thread, all within the timeout. */
    private static Snapshot stop(Reactor reactor, Loop loop, List<Leftover> out) {
        long deadline = deadline(loop.timeout);
        AtomicReference<Snapshot> taken = new AtomicReference<>();
        CountDownLatch checked = new CountDownLatch(1);
        Runnable check = () -> {
            loop.errors.close(); // what is logged from here on is the stop's doing
            try {
                taken.set(Snapshot.of(reactor));
            } finally {
                stopQuietly(reactor);
                checked.countDown();
            }
        };
        boolean interrupted = false;
        try {
            try {
                reactor.callFromThread(check);
            } catch (ReactorNotRunning stoppedByTheTest) {
                check.run(); // the loop is gone: nothing runs on it any more, so look from here
            }
            if (!checked.await(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS)) {
                loop.errors.close();
                stopQuietly(reactor);
                out.add(stuck(reactor, loop, "did not take the end-of-test check"));
                return Snapshot.of(reactor); // the best view there is, from this thread
            }
            loop.thread.join(Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime())));
        } catch (InterruptedException e) {
            interrupted = true;
        }
        if (loop.thread.isAlive()) {
            out.add(stuck(reactor, loop, interrupted ? "had not stopped when the wait for it was interrupted"
                    : "did not stop"));
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
        Snapshot s = taken.get();
        return s != null ? s : Snapshot.of(reactor);
    }

    /** {@code System.nanoTime()} {@code timeout} from now; capped, so that a huge timeout cannot overflow. */
    private static long deadline(Duration timeout) {
        return System.nanoTime() + Math.min(Waiting.nanos(timeout), Long.MAX_VALUE / 4);
    }

    private static void stopQuietly(Reactor reactor) {
        try {
            reactor.stop();
        } catch (ReactorNotRunning alreadyStopping) {
            // The test stopped it, or the check already did.
        }
    }

    private static Leftover stuck(Reactor reactor, Loop loop, String what) {
        StringBuilder sb = new StringBuilder("The injected Reactor ").append(what).append(" within ")
                .append(Waiting.show(loop.timeout)).append(": its loop thread \"").append(loop.thread.getName())
                .append("\" is busy");
        StackTraceElement[] stack = loop.thread.getStackTrace();
        if (stack.length == 0) {
            sb.append(".\n");
        } else {
            sb.append(" at:\n");
            for (int i = 0; i < Math.min(stack.length, STACK_FRAMES_SHOWN); i++) {
                sb.append("\tat ").append(stack[i]).append('\n');
            }
            if (stack.length > STACK_FRAMES_SHOWN) {
                sb.append("\t... ").append(stack.length - STACK_FRAMES_SHOWN).append(" more\n");
            }
        }
        sb.append("A callback must not block the loop: run blocking work with deferToThread. The thread is left")
                .append(" running (it is a daemon); the configuration parameter ")
                .append(TwineExtension.REACTOR_TIMEOUT_PARAMETER).append(" sets the wait.");
        return new Leftover(sb.toString(), null);
    }

    private static String describeCalls(Snapshot s) {
        StringBuilder sb = new StringBuilder("The injected Reactor (now at ").append(s.now).append("s) still has ")
                .append(s.calls.size()).append(s.calls.size() == 1 ? " delayed call" : " delayed calls")
                .append(" pending:\n");
        for (String c : s.calls) {
            sb.append("  ").append(c).append('\n');
        }
        sb.append("Wait until they have run, cancel them, or mark the test @AllowPendingCalls. They were cancelled.");
        return sb.toString();
    }

    private static String describeWork(Snapshot s) {
        StringBuilder sb = new StringBuilder("The injected Reactor's thread pool still has ").append(s.work.size())
                .append(" unfinished ").append(s.work.size() == 1 ? "task" : "tasks")
                .append(" (deferToThread/callInThread):\n");
        for (String w : s.work) {
            sb.append("  ").append(w).append('\n');
        }
        sb.append("Wait for them (resultOf, await), or mark the test @AllowPendingCalls. They were given up: their")
                .append(" threads interrupted, their Deferreds cancelled.");
        return sb.toString();
    }

    /** The configured timeout: ISO-8601 ({@code PT0.5S}) or a number of seconds ({@code 0.5}). */
    private static Duration timeout(ExtensionContext context) {
        return context.getConfigurationParameter(TwineExtension.REACTOR_TIMEOUT_PARAMETER)
                .map(ReactorResource::parseTimeout)
                .orElse(Duration.ofSeconds(DEFAULT_TIMEOUT_SECONDS));
    }

    static Duration parseTimeout(String text) {
        String t = text.strip();
        Duration d;
        try {
            if (t.startsWith("P") || t.startsWith("p")) {
                d = Duration.parse(t);
            } else {
                double seconds = Double.parseDouble(t);
                if (!Double.isFinite(seconds)) {
                    throw new NumberFormatException("not a finite number");
                }
                d = Duration.ofNanos(Math.round(seconds * 1e9));
            }
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("the configuration parameter " + TwineExtension.REACTOR_TIMEOUT_PARAMETER
                    + " must be a number of seconds (0.5) or an ISO-8601 duration (PT0.5S), got \"" + text + "\"", e);
        }
        if (d.isNegative()) {
            throw new IllegalArgumentException("the configuration parameter " + TwineExtension.REACTOR_TIMEOUT_PARAMETER
                    + " must not be negative, got \"" + text + "\"");
        }
        return d;
    }
}
