package io.twine.bench;

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
 * Workload 4, deep chaining: {@code n} futures, each already fired and given a callback that
 * returns the next one, the last of which (the leaf) is pending. Building it leaves every future
 * waiting on the next; firing the leaf then has to hand its result back up through all {@code n}
 * levels to the head. One operation = build + fire + read the head's result; divide by {@code n}
 * for the cost per level, and compare the two sizes for linearity. Libraries that recurse once per
 * level throw {@link StackOverflowError} ({@link DeepCheck} finds out which, before the suite).
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@State(Scope.Thread)
public class W4DeepChain {

    /** The leaf's value, which every level passes on unchanged. */
    static final int LEAF = 42;

    @Param({"100000", "1000000"})
    public int n;

    @Benchmark
    public Object twine() {
        return twine(n);
    }

    @Benchmark
    public Object completableFuture() {
        return completableFuture(n);
    }

    @Benchmark
    public Object guava() throws Exception {
        return guava(n);
    }

    @Benchmark
    public Object vertx() {
        return vertx(n);
    }

    @Benchmark
    public Object reactor() {
        return reactor(n);
    }

    static Object twine(int n) {
        Deferred<Integer> leaf = new Deferred<>();
        Deferred<Integer> next = leaf;
        for (int i = 0; i < n; i++) {
            Deferred<Integer> inner = next;
            next = Deferred.succeed(i).addCallbackDeferred(x -> inner);
        }
        leaf.callback(LEAF);
        return next.result();
    }

    static Object completableFuture(int n) {
        CompletableFuture<Integer> leaf = new CompletableFuture<>();
        CompletableFuture<Integer> next = leaf;
        for (int i = 0; i < n; i++) {
            CompletableFuture<Integer> inner = next;
            next = CompletableFuture.completedFuture(i).thenCompose(x -> inner);
        }
        leaf.complete(LEAF);
        return next.join();
    }

    static Object guava(int n) throws Exception {
        SettableFuture<Integer> leaf = SettableFuture.create();
        ListenableFuture<Integer> next = leaf;
        for (int i = 0; i < n; i++) {
            ListenableFuture<Integer> inner = next;
            next = Futures.transformAsync(Futures.immediateFuture(i), x -> inner, MoreExecutors.directExecutor());
        }
        leaf.set(LEAF);
        return Futures.getDone(next);
    }

    static Object vertx(int n) {
        Promise<Integer> leaf = Promise.promise();
        Future<Integer> next = leaf.future();
        for (int i = 0; i < n; i++) {
            Future<Integer> inner = next;
            next = Future.succeededFuture(i).compose(x -> inner);
        }
        leaf.complete(LEAF);
        return next.result();
    }

    static Object reactor(int n) {
        Sinks.One<Integer> leaf = Sinks.one();
        Mono<Integer> next = leaf.asMono();
        for (int i = 0; i < n; i++) {
            Mono<Integer> inner = next;
            next = Mono.just(i).flatMap(x -> inner);
        }
        Stages.Holder h = new Stages.Holder();
        next.subscribe(h);
        leaf.tryEmitValue(LEAF);
        return h.value;
    }
}
