package io.twine.bench;

import static io.twine.bench.Stages.*;

import com.google.common.util.concurrent.Futures;
import com.google.common.util.concurrent.MoreExecutors;
import com.google.common.util.concurrent.SettableFuture;
import io.twine.defer.Deferred;
import io.vertx.core.Promise;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;
import reactor.core.publisher.Sinks;

/**
 * Workload 8, memory: retained heap per pending future with one callback, measured as the
 * difference in heap used after a full GC with {@code count} such objects kept in an array and
 * after clearing the array, divided by {@code count} (heap deltas, as the reference measurements
 * on this machine did). Run it with {@code -XX:+UseSerialGC} so that {@code System.gc()} is a full,
 * compacting collection and "used" is exact; each measurement is repeated {@code passes} times
 * and the last pass reported (the first ones include JIT and class-loading noise).
 *
 * <p>Prints one tab-separated line per object: {@code name bytes}. Usage:
 * {@code MemoryFootprint [count [passes]]}, default 1000000 and 3.
 *
 * <p>Coroutines (workload 8's second half, "per suspended coroutine") belong to the coroutine
 * issue: add a row here when its API lands.
 */
public final class MemoryFootprint {

    private MemoryFootprint() {
    }

    static Map<String, Supplier<Object>> objects() {
        Map<String, Supplier<Object>> m = new LinkedHashMap<>();
        m.put("twine: pending Deferred, no callback", Deferred::new);
        m.put("twine: pending Deferred + 1 callback", () -> new Deferred<Integer>().addCallback(TW_INC));
        m.put("completableFuture: pending + 1 thenApply", () -> {
            CompletableFuture<Integer> f = new CompletableFuture<>();
            f.thenApply(INC);
            return f;
        });
        m.put("guava: SettableFuture + 1 transform", () -> {
            SettableFuture<Integer> f = SettableFuture.create();
            Futures.transform(f, G_INC, MoreExecutors.directExecutor());
            return f;
        });
        m.put("vertx: Promise + 1 map", () -> {
            Promise<Integer> p = Promise.promise();
            p.future().map(INC);
            return p;
        });
        m.put("reactor: Sinks.One + map + subscribe", () -> {
            Sinks.One<Integer> s = Sinks.one();
            s.asMono().map(INC).subscribe();
            return s;
        });
        m.put("floor: MiniDeferred + 1 callback", () -> new MiniDeferred().addCallback(M_INC));
        m.put("floorCas: MiniCasDeferred + 1 callback", () -> new MiniCasDeferred().addCallback(M_INC));
        return m;
    }

    public static void main(String[] args) {
        int count = args.length > 0 ? Integer.parseInt(args[0]) : 1_000_000;
        int passes = args.length > 1 ? Integer.parseInt(args[1]) : 3;
        for (Map.Entry<String, Supplier<Object>> e : objects().entrySet()) {
            double bytes = 0;
            for (int pass = 0; pass < passes; pass++) {
                bytes = retainedPerObject(e.getValue(), count);
            }
            System.out.printf("%s\t%.1f%n", e.getKey(), bytes);
        }
    }

    /**
     * Heap used after full GC with the objects in the array, minus the same after clearing the
     * array's slots, divided by the count. One array serves every measurement of a run and stays
     * reachable throughout: with a fresh array per pass, a previous pass's array (4 MB, kept alive
     * by a stale interpreter slot or dying in between) was seen to shift results by 4 B/object.
     */
    static double retainedPerObject(Supplier<Object> make, int count) {
        Object[] keep = kept;
        if (keep == null || keep.length != count) {
            kept = keep = new Object[count];
        }
        for (int i = 0; i < count; i++) {
            keep[i] = make.get();
        }
        long with = usedAfterFullGc();
        Arrays.fill(keep, null);
        long without = usedAfterFullGc();
        if (kept != keep) {
            throw new AssertionError("the array was replaced during a measurement");
        }
        return (double) (with - without) / count;
    }

    /** The one array, reachable from a static field for the whole run. */
    static volatile Object[] kept;

    private static long usedAfterFullGc() {
        MemoryMXBean mx = ManagementFactory.getMemoryMXBean();
        for (int i = 0; i < 3; i++) {
            System.gc();
        }
        return mx.getHeapMemoryUsage().getUsed();
    }
}
