package io.twine.bench;

import static io.twine.defer.Coroutines.await;

import io.twine.defer.CoroutineMechanism;
import io.twine.defer.Coroutines;
import io.twine.defer.Deferred;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.*;

/**
 * Workload 6, coroutine resume: one round trip of "a coroutine awaits a Deferred that has not
 * fired, the benchmark thread fires it, the coroutine resumes and awaits the next one".
 *
 * <ul>
 * <li>{@code twineAwait}: a long-lived Twine coroutine on the fast mechanism (the fork JVM gets
 *     {@code --add-exports java.base/jdk.internal.vm=ALL-UNNAMED}, so the continuation; the setup
 *     refuses to measure anything else); firing resumes it synchronously on the benchmark thread.
 *     Includes creating the awaited Deferred.</li>
 * <li>{@code rawContinuation}: the floor the target is set against, measured in the same run: one
 *     {@code jdk.internal.vm.Continuation} resume + yield round trip (a body that only yields, no
 *     allocation, nothing else), through {@link RawContinuations}.</li>
 * <li>{@code twineAwaitFallbackPlatform} and {@code twineAwaitFallbackVirtual}: the same round trip
 *     as {@code twineAwait} with Twine's fallback mechanism forced (each in its own fork with
 *     {@code -Dtwine.coroutine.mechanism=virtual-thread}): the body runs on a virtual thread of its
 *     own and the firing thread is JMH's platform thread, or a virtual one
 *     ({@code -Djmh.executor=VIRTUAL}). The setups check the mechanism and the driver's kind.</li>
 * <li>{@code virtualThreadJoin}: the Java-only alternative, a virtual thread blocking on
 *     {@code CompletableFuture.join()}; the benchmark thread takes the future it waits on (a
 *     hand-off through a SynchronousQueue) and completes it. Includes creating the future.</li>
 * </ul>
 * Per op: one await of an unfired future and its wake-up.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(jvmArgs = {"-Xms2g", "-Xmx2g", "--add-exports=java.base/jdk.internal.vm=ALL-UNNAMED"})
public class W6CoroutineResume {

    static final String FALLBACK = "-Dtwine.coroutine.mechanism=virtual-thread";

    /** A long-lived Twine coroutine that awaits fresh Deferreds in a loop; the op fires the current one. */
    @State(Scope.Thread)
    public static class TwineCoroutine {
        /** What the coroutine awaits now; written by the coroutine, read by the benchmark thread. */
        Deferred<Integer> pending;
        Deferred<Long> coroutine;

        void start(CoroutineMechanism expected, Boolean virtualDriver) {
            if (Coroutines.mechanism() != expected) {
                throw new IllegalStateException("this benchmark measures the " + expected + " mechanism, but Twine "
                        + "uses " + Coroutines.mechanism() + " in this fork (check its JVM arguments)");
            }
            if (virtualDriver != null && Thread.currentThread().isVirtual() != virtualDriver) {
                throw new IllegalStateException("expected a " + (virtualDriver ? "virtual" : "platform")
                        + " benchmark thread (-Djmh.executor=VIRTUAL or not)");
            }
            coroutine = Deferred.fromCoroutine(() -> {
                long sum = 0;
                for (;;) {
                    Deferred<Integer> d = new Deferred<>();
                    pending = d;
                    int v = await(d);
                    if (v < 0) {
                        return sum;
                    }
                    sum += v;
                }
            });
        }

        void stop() {
            pending.callback(-1);
            if (!coroutine.called()) {
                throw new IllegalStateException("the coroutine did not finish");
            }
        }

        Object fire() {
            Deferred<Integer> d = pending;
            d.callback(1);
            return d;
        }
    }

    /** The fast mechanism, in the default fork. */
    @State(Scope.Thread)
    public static class Fast extends TwineCoroutine {
        @Setup(Level.Iteration)
        public void setUp() {
            start(CoroutineMechanism.CONTINUATION, null);
        }

        @TearDown(Level.Iteration)
        public void tearDown() {
            stop();
        }
    }

    /** The virtual-thread fallback resumed by a platform thread. */
    @State(Scope.Thread)
    public static class FallbackPlatform extends TwineCoroutine {
        @Setup(Level.Iteration)
        public void setUp() {
            start(CoroutineMechanism.VIRTUAL_THREAD, false);
        }

        @TearDown(Level.Iteration)
        public void tearDown() {
            stop();
        }
    }

    /** The virtual-thread fallback resumed by a virtual thread. */
    @State(Scope.Thread)
    public static class FallbackVirtual extends TwineCoroutine {
        @Setup(Level.Iteration)
        public void setUp() {
            start(CoroutineMechanism.VIRTUAL_THREAD, true);
        }

        @TearDown(Level.Iteration)
        public void tearDown() {
            stop();
        }
    }

    /** A raw JDK continuation whose body yields forever. */
    @State(Scope.Thread)
    public static class RawContinuation {
        Object continuation;
        long rounds;

        @Setup(Level.Iteration)
        public void setUp() {
            continuation = RawContinuations.create(() -> {
                for (;;) {
                    rounds++;
                    RawContinuations.yieldNow();
                }
            });
        }
    }

    /** A virtual thread that blocks on CompletableFuture.join() for futures it hands over. */
    @State(Scope.Thread)
    public static class VirtualJoin {
        final SynchronousQueue<CompletableFuture<Integer>> handOff = new SynchronousQueue<>();
        Thread virtual;

        @Setup(Level.Iteration)
        public void setUp() {
            virtual = Thread.ofVirtual().start(() -> {
                try {
                    for (;;) {
                        CompletableFuture<Integer> f = new CompletableFuture<>();
                        handOff.put(f);
                        if (f.join() < 0) {
                            return;
                        }
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
        }

        @TearDown(Level.Iteration)
        public void tearDown() throws InterruptedException {
            handOff.take().complete(-1);
            virtual.join();
        }
    }

    @Benchmark
    public Object twineAwait(Fast c) {
        return c.fire();
    }

    @Benchmark
    public long rawContinuation(RawContinuation c) {
        RawContinuations.run(c.continuation);
        return c.rounds;
    }

    @Benchmark
    @Fork(jvmArgsAppend = FALLBACK)
    public Object twineAwaitFallbackPlatform(FallbackPlatform c) {
        return c.fire();
    }

    @Benchmark
    @Fork(jvmArgsAppend = {FALLBACK, "-Djmh.executor=VIRTUAL"})
    public Object twineAwaitFallbackVirtual(FallbackVirtual c) {
        return c.fire();
    }

    @Benchmark
    public Object virtualThreadJoin(VirtualJoin v) throws InterruptedException {
        CompletableFuture<Integer> f = v.handOff.take();
        f.complete(1);
        return f;
    }
}
