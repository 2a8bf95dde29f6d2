package io.twine.bench;

import static io.twine.defer.Coroutines.await;

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
 * <li>{@code twineAwait}: a long-lived Twine coroutine ({@link Coroutines#mechanism()} tells which
 *     mechanism: the fork JVM gets {@code --add-exports java.base/jdk.internal.vm=ALL-UNNAMED}, so
 *     the continuation); firing resumes it synchronously on the benchmark thread.</li>
 * <li>{@code virtualThreadJoin}: the Java-only alternative, a virtual thread blocking on
 *     {@code CompletableFuture.join()}; the benchmark thread takes the future it waits on (a
 *     hand-off through a SynchronousQueue) and completes it.</li>
 * </ul>
 * Both include creating the awaited future. Per op: one await of an unfired future and its wake-up.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@State(Scope.Thread)
public class W6CoroutineResume {

    /** What the Twine coroutine awaits now; written by the coroutine, read by the benchmark thread. */
    Deferred<Integer> pending;
    Deferred<Long> coroutine;

    final SynchronousQueue<CompletableFuture<Integer>> handOff = new SynchronousQueue<>();
    Thread virtual;

    @Setup(Level.Iteration)
    public void start() {
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
    public void stop() throws InterruptedException {
        pending.callback(-1);
        if (!coroutine.called()) {
            throw new IllegalStateException("the coroutine did not finish");
        }
        handOff.take().complete(-1);
        virtual.join();
    }

    @Benchmark
    public Object twineAwait() {
        Deferred<Integer> d = pending;
        d.callback(1);
        return d;
    }

    @Benchmark
    public Object virtualThreadJoin() throws InterruptedException {
        CompletableFuture<Integer> f = handOff.take();
        f.complete(1);
        return f;
    }
}
