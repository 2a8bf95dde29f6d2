package io.twine.bench;

import static io.twine.bench.Stages.*;

import com.google.common.util.concurrent.Futures;
import com.google.common.util.concurrent.ListenableFuture;
import com.google.common.util.concurrent.MoreExecutors;
import com.google.common.util.concurrent.SettableFuture;
import io.twine.defer.Deferred;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.*;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;

/**
 * Workload 1, pending chain: create an unfired future, add 10 transform stages (x -> x + 1),
 * fire it with 0, read the result (10). One operation = the whole chain; divide by 10 for the
 * cost per stage.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@State(Scope.Thread)
public class W1PendingChain {

    @Benchmark
    public Object twine() {
        Deferred<Integer> d = new Deferred<>();
        Deferred<Integer> t = d;
        for (int i = 0; i < STAGES; i++) {
            t = t.addCallback(TW_INC);
        }
        d.callback(0);
        return d.result();
    }

    @Benchmark
    public Object completableFuture() {
        CompletableFuture<Integer> f = new CompletableFuture<>();
        CompletableFuture<Integer> t = f;
        for (int i = 0; i < STAGES; i++) {
            t = t.thenApply(INC);
        }
        f.complete(0);
        return t.join();
    }

    @Benchmark
    public Object guava() throws Exception {
        SettableFuture<Integer> f = SettableFuture.create();
        ListenableFuture<Integer> t = f;
        for (int i = 0; i < STAGES; i++) {
            t = Futures.transform(t, G_INC, MoreExecutors.directExecutor());
        }
        f.set(0);
        return Futures.getDone(t);
    }

    @Benchmark
    public Object vertx() {
        Promise<Integer> p = Promise.promise();
        Future<Integer> t = p.future();
        for (int i = 0; i < STAGES; i++) {
            t = t.map(INC);
        }
        p.complete(0);
        return t.result();
    }

    @Benchmark
    public Object reactor() {
        Sinks.One<Integer> sink = Sinks.one();
        Mono<Integer> t = sink.asMono();
        for (int i = 0; i < STAGES; i++) {
            t = t.map(INC);
        }
        Holder h = new Holder();
        t.subscribe(h);
        sink.tryEmitValue(0);
        return h.value;
    }

    @Benchmark
    public Object floor() {
        MiniDeferred d = new MiniDeferred();
        for (int i = 0; i < STAGES; i++) {
            d.addCallback(M_INC);
        }
        d.callback(0);
        return d.result();
    }

    @Benchmark
    public Object floorCas() {
        MiniCasDeferred d = new MiniCasDeferred();
        for (int i = 0; i < STAGES; i++) {
            d.addCallback(M_INC);
        }
        d.callback(0);
        return d.result();
    }
}
