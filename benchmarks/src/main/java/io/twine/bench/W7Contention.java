package io.twine.bench;

import static io.twine.bench.Stages.*;

import com.google.common.util.concurrent.Futures;
import com.google.common.util.concurrent.MoreExecutors;
import com.google.common.util.concurrent.SettableFuture;
import io.twine.defer.Deferred;
import io.vertx.core.Promise;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.*;
import reactor.core.publisher.Sinks;

/**
 * Workload 7, contention, 2 threads: in each JMH group one thread adds a callback
 * (x -> x + 1) to the current future per operation, while the other fires the current future
 * and replaces it with a fresh pending one per operation. The adder therefore meets pending
 * futures (append under the lock), futures being fired and run by the other thread (its callback
 * is picked up by that thread's runner) and fired ones (it runs the callback itself). Each
 * library's score is the pair of per-operation times ({@code *Add}, {@code *Fire}); a fire's cost
 * includes running the callbacks that accumulated since the previous fire.
 *
 * <p>The single-threaded floor cannot take part; {@code floorCas} is the thread-safe floor.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class W7Contention {

    @State(Scope.Group)
    public static class TwineBox {
        volatile Deferred<Integer> current = new Deferred<>();
    }

    @State(Scope.Group)
    public static class CfBox {
        volatile CompletableFuture<Integer> current = new CompletableFuture<>();
    }

    @State(Scope.Group)
    public static class GuavaBox {
        volatile SettableFuture<Integer> current = SettableFuture.create();
    }

    @State(Scope.Group)
    public static class VertxBox {
        volatile Promise<Integer> current = Promise.promise();
    }

    @State(Scope.Group)
    public static class ReactorBox {
        volatile Sinks.One<Integer> current = Sinks.one();
    }

    @State(Scope.Group)
    public static class FloorBox {
        volatile MiniCasDeferred current = new MiniCasDeferred();
    }

    @Benchmark
    @Group("twine")
    public Object twineAdd(TwineBox box) {
        return box.current.addCallback(TW_INC);
    }

    @Benchmark
    @Group("twine")
    public void twineFire(TwineBox box) {
        Deferred<Integer> d = box.current;
        box.current = new Deferred<>();
        d.callback(0);
    }

    @Benchmark
    @Group("completableFuture")
    public Object completableFutureAdd(CfBox box) {
        return box.current.thenApply(INC);
    }

    @Benchmark
    @Group("completableFuture")
    public void completableFutureFire(CfBox box) {
        CompletableFuture<Integer> f = box.current;
        box.current = new CompletableFuture<>();
        f.complete(0);
    }

    @Benchmark
    @Group("guava")
    public Object guavaAdd(GuavaBox box) {
        return Futures.transform(box.current, G_INC, MoreExecutors.directExecutor());
    }

    @Benchmark
    @Group("guava")
    public void guavaFire(GuavaBox box) {
        SettableFuture<Integer> f = box.current;
        box.current = SettableFuture.create();
        f.set(0);
    }

    @Benchmark
    @Group("vertx")
    public Object vertxAdd(VertxBox box) {
        return box.current.future().map(INC);
    }

    @Benchmark
    @Group("vertx")
    public void vertxFire(VertxBox box) {
        Promise<Integer> p = box.current;
        box.current = Promise.promise();
        p.complete(0);
    }

    @Benchmark
    @Group("reactor")
    public Object reactorAdd(ReactorBox box) {
        return box.current.asMono().map(INC).subscribe();
    }

    @Benchmark
    @Group("reactor")
    public void reactorFire(ReactorBox box) {
        Sinks.One<Integer> s = box.current;
        box.current = Sinks.one();
        s.tryEmitValue(0);
    }

    @Benchmark
    @Group("floorCas")
    public Object floorCasAdd(FloorBox box) {
        return box.current.addCallback(M_INC);
    }

    @Benchmark
    @Group("floorCas")
    public void floorCasFire(FloorBox box) {
        MiniCasDeferred d = box.current;
        box.current = new MiniCasDeferred();
        d.callback(0);
    }
}
