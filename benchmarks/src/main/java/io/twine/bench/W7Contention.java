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
import org.openjdk.jmh.infra.Control;
import reactor.core.publisher.Sinks;

/**
 * Workload 7, contention, 2 threads, in rounds. Per round the firing thread creates a pending
 * future, publishes it, and fires it at once; meanwhile the adding thread, which was waiting for
 * it, adds {@value #ADDS} callbacks (x -> x + 1) to it. So the adds race the fire: some are stored
 * before it, some reach it while the firing thread runs the chain (Twine: that thread's runner
 * picks them up), some find it fired (the adding thread runs them itself). The firing thread then
 * waits for the adder to finish before the next round, so every future gets exactly
 * {@value #ADDS} callbacks. One operation = one round on either thread (both report nearly the
 * same time); it includes the two hand-offs between cores, which no library can avoid.
 *
 * <p>(A first version with free-running threads diverged: whenever running a callback costs more
 * than adding one, each fire has more callbacks to run than the previous one.)
 *
 * <p>The single-threaded floor cannot take part; {@code floorCas} is the thread-safe floor.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class W7Contention {

    /** Callbacks added per round. */
    static final int ADDS = 10;

    /** One library's three operations. */
    interface Lib<F> {
        F create();

        void add(F future);

        void fire(F future);
    }

    static final Lib<Deferred<Integer>> TWINE = new Lib<>() {
        public Deferred<Integer> create() {
            return new Deferred<>();
        }

        public void add(Deferred<Integer> d) {
            d.addCallback(TW_INC);
        }

        public void fire(Deferred<Integer> d) {
            d.callback(0);
        }
    };

    static final Lib<CompletableFuture<Integer>> CF = new Lib<>() {
        public CompletableFuture<Integer> create() {
            return new CompletableFuture<>();
        }

        public void add(CompletableFuture<Integer> f) {
            f.thenApply(INC);
        }

        public void fire(CompletableFuture<Integer> f) {
            f.complete(0);
        }
    };

    static final Lib<SettableFuture<Integer>> GUAVA = new Lib<>() {
        public SettableFuture<Integer> create() {
            return SettableFuture.create();
        }

        public void add(SettableFuture<Integer> f) {
            Futures.transform(f, G_INC, MoreExecutors.directExecutor());
        }

        public void fire(SettableFuture<Integer> f) {
            f.set(0);
        }
    };

    static final Lib<Promise<Integer>> VERTX = new Lib<>() {
        public Promise<Integer> create() {
            return Promise.promise();
        }

        public void add(Promise<Integer> p) {
            p.future().map(INC);
        }

        public void fire(Promise<Integer> p) {
            p.complete(0);
        }
    };

    static final Lib<Sinks.One<Integer>> REACTOR = new Lib<>() {
        public Sinks.One<Integer> create() {
            return Sinks.one();
        }

        public void add(Sinks.One<Integer> s) {
            s.asMono().map(INC).subscribe();
        }

        public void fire(Sinks.One<Integer> s) {
            s.tryEmitValue(0);
        }
    };

    static final Lib<MiniCasDeferred> FLOOR_CAS = new Lib<>() {
        public MiniCasDeferred create() {
            return new MiniCasDeferred();
        }

        public void add(MiniCasDeferred d) {
            d.addCallback(M_INC);
        }

        public void fire(MiniCasDeferred d) {
            d.callback(0);
        }
    };

    /** The two threads' meeting point. */
    @State(Scope.Group)
    public static class Round {
        volatile Object current;
        /** Rounds published by the firing thread. */
        volatile int published;
        /** Rounds the adding thread has finished. */
        volatile int acked;
        /** Last round the adder took; touched by the adding thread only. */
        int taken;
    }

    @SuppressWarnings("unchecked")
    static <F> void fire(Round r, Control c, Lib<F> lib) {
        F f = lib.create();
        r.current = f;
        int n = r.published + 1;
        r.published = n;
        lib.fire(f);
        for (int spins = 0; r.acked < n; spins++) {
            if (c.stopMeasurement) {
                return; // the iteration ended while the other thread was between rounds
            }
            pause(spins);
        }
    }

    @SuppressWarnings("unchecked")
    static <F> void add(Round r, Control c, Lib<F> lib) {
        int n;
        for (int spins = 0; (n = r.published) <= r.taken; spins++) {
            if (c.stopMeasurement) {
                return;
            }
            pause(spins);
        }
        r.taken = n;
        F f = (F) r.current;
        for (int k = 0; k < ADDS; k++) {
            lib.add(f);
        }
        r.acked = n;
    }

    /** Spin briefly, then yield: the machine is shared, and the other thread may be descheduled. */
    private static void pause(int spins) {
        if (spins < 1000) {
            Thread.onSpinWait();
        } else {
            Thread.yield();
        }
    }

    @Benchmark
    @Group("twine")
    public void twineAdd(Round r, Control c) {
        add(r, c, TWINE);
    }

    @Benchmark
    @Group("twine")
    public void twineFire(Round r, Control c) {
        fire(r, c, TWINE);
    }

    @Benchmark
    @Group("completableFuture")
    public void completableFutureAdd(Round r, Control c) {
        add(r, c, CF);
    }

    @Benchmark
    @Group("completableFuture")
    public void completableFutureFire(Round r, Control c) {
        fire(r, c, CF);
    }

    @Benchmark
    @Group("guava")
    public void guavaAdd(Round r, Control c) {
        add(r, c, GUAVA);
    }

    @Benchmark
    @Group("guava")
    public void guavaFire(Round r, Control c) {
        fire(r, c, GUAVA);
    }

    @Benchmark
    @Group("vertx")
    public void vertxAdd(Round r, Control c) {
        add(r, c, VERTX);
    }

    @Benchmark
    @Group("vertx")
    public void vertxFire(Round r, Control c) {
        fire(r, c, VERTX);
    }

    @Benchmark
    @Group("reactor")
    public void reactorAdd(Round r, Control c) {
        add(r, c, REACTOR);
    }

    @Benchmark
    @Group("reactor")
    public void reactorFire(Round r, Control c) {
        fire(r, c, REACTOR);
    }

    @Benchmark
    @Group("floorCas")
    public void floorCasAdd(Round r, Control c) {
        add(r, c, FLOOR_CAS);
    }

    @Benchmark
    @Group("floorCas")
    public void floorCasFire(Round r, Control c) {
        fire(r, c, FLOOR_CAS);
    }
}
