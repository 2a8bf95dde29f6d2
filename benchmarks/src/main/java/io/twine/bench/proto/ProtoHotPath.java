package io.twine.bench.proto;

import io.twine.defer.Callback;
import io.twine.defer.Deferred;
import io.twine.defer.Errback;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.*;

/**
 * Workloads 1-3 (and the one-stage already-fired case) on twine-core's Deferred, on
 * {@link CopyDeferred} (the same engine, trimmed surface: the control) and on
 * {@link FastDeferred} (the copy with the proposed hot-path changes), side by side. Not part of
 * the default suite; run with {@code ./twine bench short 'proto.ProtoHotPath'}.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@State(Scope.Thread)
public class ProtoHotPath {

    static final int STAGES = 10;
    static final RuntimeException BOOM = new RuntimeException("stage 3 fails", null, false, false) { };
    static final Callback<Integer, Integer> INC = x -> x + 1;
    static final Callback<Integer, Integer> FAIL = x -> {
        throw BOOM;
    };
    static final Errback<Integer> RECOVER = f -> 100;

    Integer start = 0;

    @Benchmark
    public Object pendingTwine() {
        Deferred<Integer> d = new Deferred<>();
        for (int i = 0; i < STAGES; i++) {
            d.addCallback(INC);
        }
        d.callback(0);
        return d.result();
    }

    @Benchmark
    public Object pendingCopy() {
        CopyDeferred<Integer> d = new CopyDeferred<>();
        for (int i = 0; i < STAGES; i++) {
            d.addCallback(INC);
        }
        d.callback(0);
        return d.result();
    }

    @Benchmark
    public Object pendingFast() {
        FastDeferred<Integer> d = new FastDeferred<>();
        for (int i = 0; i < STAGES; i++) {
            d.addCallback(INC);
        }
        d.callback(0);
        return d.result();
    }

    @Benchmark
    public Object firedTwine() {
        Deferred<Integer> d = Deferred.succeed(start);
        for (int i = 0; i < STAGES; i++) {
            d.addCallback(INC);
        }
        return d.result();
    }

    @Benchmark
    public Object firedCopy() {
        CopyDeferred<Integer> d = CopyDeferred.succeed(start);
        for (int i = 0; i < STAGES; i++) {
            d.addCallback(INC);
        }
        return d.result();
    }

    @Benchmark
    public Object firedFast() {
        FastDeferred<Integer> d = FastDeferred.succeed(start);
        for (int i = 0; i < STAGES; i++) {
            d.addCallback(INC);
        }
        return d.result();
    }

    @Benchmark
    public Object firedOneTwine() {
        return Deferred.succeed(start).addCallback(INC).result();
    }

    @Benchmark
    public Object firedOneCopy() {
        return CopyDeferred.succeed(start).addCallback(INC).result();
    }

    @Benchmark
    public Object firedOneFast() {
        return FastDeferred.succeed(start).addCallback(INC).result();
    }

    @Benchmark
    public Object errorTwine() {
        Deferred<Integer> d = new Deferred<>();
        for (int stage = 1; stage <= STAGES; stage++) {
            if (stage == 3) {
                d.addCallback(FAIL);
            } else if (stage == 7) {
                d.addErrback(RECOVER);
            } else {
                d.addCallback(INC);
            }
        }
        d.callback(0);
        return d.result();
    }

    @Benchmark
    public Object errorCopy() {
        CopyDeferred<Integer> d = new CopyDeferred<>();
        for (int stage = 1; stage <= STAGES; stage++) {
            if (stage == 3) {
                d.addCallback(FAIL);
            } else if (stage == 7) {
                d.addErrback(RECOVER);
            } else {
                d.addCallback(INC);
            }
        }
        d.callback(0);
        return d.result();
    }

    @Benchmark
    public Object errorFast() {
        FastDeferred<Integer> d = new FastDeferred<>();
        for (int stage = 1; stage <= STAGES; stage++) {
            if (stage == 3) {
                d.addCallback(FAIL);
            } else if (stage == 7) {
                d.addErrback(RECOVER);
            } else {
                d.addCallback(INC);
            }
        }
        d.callback(0);
        return d.result();
    }
}
