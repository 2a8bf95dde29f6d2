package io.twine.bench;

import static io.twine.bench.Stages.*;

import com.google.common.util.concurrent.Futures;
import com.google.common.util.concurrent.ListenableFuture;
import com.google.common.util.concurrent.MoreExecutors;
import io.twine.defer.Deferred;
import io.vertx.core.Future;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.*;
import reactor.core.publisher.Mono;

/**
 * Workload 2, already fired: take a future that already holds 0, add 10 transform stages (each
 * runs at once, on this thread), read the result (10). The {@code *One} variants are the target's
 * yardstick: one stage, {@code CompletableFuture.completedFuture(x).thenApply(f)} against Twine's
 * {@code Deferred.succeed(x).addCallback(f)}.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@State(Scope.Thread)
public class W2AlreadyFired {

    /** Not a constant, so the JIT cannot fold the one-stage variants away. */
    Integer start = 0;

    @Benchmark
    public Object twine() {
        Deferred<Integer> t = Deferred.succeed(start);
        for (int i = 0; i < STAGES; i++) {
            t = t.addCallback(TW_INC);
        }
        return t.result();
    }

    @Benchmark
    public Object completableFuture() {
        CompletableFuture<Integer> t = CompletableFuture.completedFuture(start);
        for (int i = 0; i < STAGES; i++) {
            t = t.thenApply(INC);
        }
        return t.join();
    }

    @Benchmark
    public Object guava() throws Exception {
        ListenableFuture<Integer> t = Futures.immediateFuture(start);
        for (int i = 0; i < STAGES; i++) {
            t = Futures.transform(t, G_INC, MoreExecutors.directExecutor());
        }
        return Futures.getDone(t);
    }

    @Benchmark
    public Object vertx() {
        Future<Integer> t = Future.succeededFuture(start);
        for (int i = 0; i < STAGES; i++) {
            t = t.map(INC);
        }
        return t.result();
    }

    @Benchmark
    public Object reactor() {
        Mono<Integer> t = Mono.just(start);
        for (int i = 0; i < STAGES; i++) {
            t = t.map(INC);
        }
        Holder h = new Holder();
        t.subscribe(h);
        return h.value;
    }

    @Benchmark
    public Object floor() {
        MiniDeferred d = MiniDeferred.succeed(start);
        for (int i = 0; i < STAGES; i++) {
            d.addCallback(M_INC);
        }
        return d.result();
    }

    @Benchmark
    public Object floorCas() {
        MiniCasDeferred d = MiniCasDeferred.succeed(start);
        for (int i = 0; i < STAGES; i++) {
            d.addCallback(M_INC);
        }
        return d.result();
    }

    @Benchmark
    public Object twineOne() {
        return Deferred.succeed(start).addCallback(TW_INC).result();
    }

    @Benchmark
    public Object completableFutureOne() {
        return CompletableFuture.completedFuture(start).thenApply(INC).join();
    }
}
