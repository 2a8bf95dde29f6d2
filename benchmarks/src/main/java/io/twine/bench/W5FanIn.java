package io.twine.bench;

import com.google.common.util.concurrent.Futures;
import com.google.common.util.concurrent.ListenableFuture;
import com.google.common.util.concurrent.SettableFuture;
import io.twine.defer.Deferred;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.openjdk.jmh.annotations.*;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;

/**
 * Workload 5, fan-in: create 1,000 pending futures, gather them into one future of the list of
 * their results (Twisted's {@code gatherResults}), fire them in a fixed random order (future
 * {@code k} gets {@code k}), read the list. Each peer uses its own combinator: {@code allOf} +
 * {@code join}, {@code Futures.allAsList}, {@code Future.all}, {@code Mono.zip}.
 *
 * <p>Twine: {@code gatherResults} belongs to the combinators issue, built in parallel; until it
 * lands, {@link #gatherResults} below is a hand-written fan-in over {@code addCallbacks} with an
 * atomic countdown (thread-safe, like the real one must be). Swap in the real combinator when it
 * exists, and keep this as {@code twineHandWritten} for comparison.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@State(Scope.Thread)
public class W5FanIn {

    static final int N = 1000;

    /** Firing order: a permutation of 0..N-1, the same in every run (seeded). */
    int[] order;

    @Setup
    public void shuffle() {
        order = permutation(N, 20261125L);
    }

    static int[] permutation(int n, long seed) {
        int[] p = new int[n];
        for (int i = 0; i < n; i++) {
            p[i] = i;
        }
        Random rnd = new Random(seed);
        for (int i = n - 1; i > 0; i--) {
            int j = rnd.nextInt(i + 1);
            int t = p[i];
            p[i] = p[j];
            p[j] = t;
        }
        return p;
    }

    @Benchmark
    @SuppressWarnings("unchecked")
    public Object twine() {
        Deferred<Integer>[] ds = new Deferred[N];
        for (int i = 0; i < N; i++) {
            ds[i] = new Deferred<>();
        }
        Deferred<List<Integer>> all = gatherResults(ds);
        for (int k : order) {
            ds[k].callback(k);
        }
        return all.result();
    }

    /**
     * Hand-written gatherResults: the list of results in the order given, or the first failure.
     * Each input keeps its own result (the callback passes it on), as in Twisted.
     */
    @SuppressWarnings("unchecked")
    static <T> Deferred<List<T>> gatherResults(Deferred<T>[] ds) {
        Deferred<List<T>> out = new Deferred<>();
        Object[] results = new Object[ds.length];
        AtomicInteger remaining = new AtomicInteger(ds.length);
        for (int i = 0; i < ds.length; i++) {
            int index = i;
            ds[i].addCallbacks(v -> {
                results[index] = v;
                if (remaining.decrementAndGet() == 0) {
                    out.callback((List<T>) Arrays.asList(results));
                }
                return v;
            }, f -> {
                if (remaining.getAndSet(-1) > 0) {
                    out.errback(f);
                }
                throw f;
            });
        }
        return out;
    }

    @Benchmark
    @SuppressWarnings("unchecked")
    public Object completableFuture() {
        CompletableFuture<Integer>[] fs = new CompletableFuture[N];
        for (int i = 0; i < N; i++) {
            fs[i] = new CompletableFuture<>();
        }
        CompletableFuture<List<Integer>> all = CompletableFuture.allOf(fs).thenApply(v -> {
            List<Integer> list = new ArrayList<>(N);
            for (CompletableFuture<Integer> f : fs) {
                list.add(f.join());
            }
            return list;
        });
        for (int k : order) {
            fs[k].complete(k);
        }
        return all.join();
    }

    @Benchmark
    public Object guava() throws Exception {
        List<SettableFuture<Integer>> fs = new ArrayList<>(N);
        for (int i = 0; i < N; i++) {
            fs.add(SettableFuture.create());
        }
        ListenableFuture<List<Integer>> all = Futures.allAsList(fs);
        for (int k : order) {
            fs.get(k).set(k);
        }
        return Futures.getDone(all);
    }

    @Benchmark
    public Object vertx() {
        List<Promise<Integer>> ps = new ArrayList<>(N);
        List<Future<Integer>> fs = new ArrayList<>(N);
        for (int i = 0; i < N; i++) {
            Promise<Integer> p = Promise.promise();
            ps.add(p);
            fs.add(p.future());
        }
        Future<List<Integer>> all = Future.all(fs).map(c -> c.<Integer>list());
        for (int k : order) {
            ps.get(k).complete(k);
        }
        return all.result();
    }

    @Benchmark
    @SuppressWarnings("unchecked")
    public Object reactor() {
        Sinks.One<Integer>[] sinks = new Sinks.One[N];
        List<Mono<Integer>> monos = new ArrayList<>(N);
        for (int i = 0; i < N; i++) {
            sinks[i] = Sinks.one();
            monos.add(sinks[i].asMono());
        }
        Stages.Holder h = new Stages.Holder();
        Mono.zip(monos, values -> Arrays.asList(values)).subscribe(h);
        for (int k : order) {
            sinks[k].tryEmitValue(k);
        }
        return h.value;
    }

    @Benchmark
    public Object floor() {
        MiniDeferred[] ds = new MiniDeferred[N];
        for (int i = 0; i < N; i++) {
            ds[i] = new MiniDeferred();
        }
        MiniDeferred all = new MiniDeferred();
        Object[] results = new Object[N];
        int[] remaining = {N};
        for (int i = 0; i < N; i++) {
            int index = i;
            ds[i].addCallback(v -> {
                results[index] = v;
                if (--remaining[0] == 0) {
                    all.callback(Arrays.asList(results));
                }
                return v;
            });
        }
        for (int k : order) {
            ds[k].callback(k);
        }
        return all.result();
    }
}
