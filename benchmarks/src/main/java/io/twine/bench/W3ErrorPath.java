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
 * Workload 3, error path: a pending future with 10 stages where stage 3 throws (a preallocated
 * stackless exception), stages 4-6 are skipped, stage 7 recovers with 100 and stages 8-10 add one
 * each; fire with 0 and read the result (103). Each library uses its own recovery operator.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@State(Scope.Thread)
public class W3ErrorPath {

    @Benchmark
    public Object twine() {
        Deferred<Integer> d = new Deferred<>();
        Deferred<Integer> t = d;
        for (int stage = 1; stage <= STAGES; stage++) {
            if (stage == FAILING_STAGE) {
                t = t.addCallback(TW_FAIL);
            } else if (stage == RECOVERING_STAGE) {
                t = t.addErrback(TW_RECOVER);
            } else {
                t = t.addCallback(TW_INC);
            }
        }
        d.callback(0);
        return d.result();
    }

    @Benchmark
    public Object completableFuture() {
        CompletableFuture<Integer> f = new CompletableFuture<>();
        CompletableFuture<Integer> t = f;
        for (int stage = 1; stage <= STAGES; stage++) {
            if (stage == FAILING_STAGE) {
                t = t.thenApply(FAIL);
            } else if (stage == RECOVERING_STAGE) {
                t = t.exceptionally(RECOVER);
            } else {
                t = t.thenApply(INC);
            }
        }
        f.complete(0);
        return t.join();
    }

    @Benchmark
    public Object guava() throws Exception {
        SettableFuture<Integer> f = SettableFuture.create();
        ListenableFuture<Integer> t = f;
        for (int stage = 1; stage <= STAGES; stage++) {
            if (stage == FAILING_STAGE) {
                t = Futures.transform(t, G_FAIL, MoreExecutors.directExecutor());
            } else if (stage == RECOVERING_STAGE) {
                t = Futures.catching(t, RuntimeException.class, G_RECOVER, MoreExecutors.directExecutor());
            } else {
                t = Futures.transform(t, G_INC, MoreExecutors.directExecutor());
            }
        }
        f.set(0);
        return Futures.getDone(t);
    }

    @Benchmark
    public Object vertx() {
        Promise<Integer> p = Promise.promise();
        Future<Integer> t = p.future();
        for (int stage = 1; stage <= STAGES; stage++) {
            if (stage == FAILING_STAGE) {
                t = t.map(FAIL);
            } else if (stage == RECOVERING_STAGE) {
                t = t.otherwise(RECOVER);
            } else {
                t = t.map(INC);
            }
        }
        p.complete(0);
        return t.result();
    }

    @Benchmark
    public Object reactor() {
        Sinks.One<Integer> sink = Sinks.one();
        Mono<Integer> t = sink.asMono();
        for (int stage = 1; stage <= STAGES; stage++) {
            if (stage == FAILING_STAGE) {
                t = t.map(FAIL);
            } else if (stage == RECOVERING_STAGE) {
                t = t.onErrorResume(e -> Mono.just(RECOVER.apply(e)));
            } else {
                t = t.map(INC);
            }
        }
        Holder h = new Holder();
        t.subscribe(h);
        sink.tryEmitValue(0);
        return h.value;
    }

    @Benchmark
    public Object floor() {
        MiniDeferred d = new MiniDeferred();
        for (int stage = 1; stage <= STAGES; stage++) {
            if (stage == FAILING_STAGE) {
                d.addCallback(M_FAIL);
            } else if (stage == RECOVERING_STAGE) {
                d.addErrback(M_RECOVER);
            } else {
                d.addCallback(M_INC);
            }
        }
        d.callback(0);
        return d.result();
    }

    @Benchmark
    public Object floorCas() {
        MiniCasDeferred d = new MiniCasDeferred();
        for (int stage = 1; stage <= STAGES; stage++) {
            if (stage == FAILING_STAGE) {
                d.addCallback(M_FAIL);
            } else if (stage == RECOVERING_STAGE) {
                d.addErrback(M_RECOVER);
            } else {
                d.addCallback(M_INC);
            }
        }
        d.callback(0);
        return d.result();
    }
}
