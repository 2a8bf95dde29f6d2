package io.twine.bench;

import io.twine.defer.Deferreds;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.*;
import org.openjdk.jmh.infra.BenchmarkParams;

/**
 * Issue 7's target "debug mode off costs nothing measurable against a build without it".
 *
 * <p>Method: the same Twine code (workloads 1, 2 and 3 and the one-stage fired case, the very
 * methods of {@link W1PendingChain}, {@link W2AlreadyFired} and {@link W3ErrorPath}) runs in two
 * kinds of fork. {@code *Off}: the default, every diagnostic off but available, so the engine reads
 * the switch word in each constructor and each {@code callback}/{@code errback} and tests the
 * INSTRUMENTED state bit in {@code add}. {@code *None}: {@code -Dtwine.diagnostics=none}, which
 * makes {@code Deferred.DIAGNOSTICS} a {@code static final false}; the JIT folds every one of those
 * reads and tests away, so that fork runs the code a build without diagnostics would compile to,
 * with no copy of the engine. Compare each pair's time and B/op.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@State(Scope.Thread)
public class DiagnosticsOffCost {

    private static final String LOCKED_OFF = "-Dtwine.diagnostics=none";

    private final W1PendingChain w1 = new W1PendingChain();
    private final W2AlreadyFired w2 = new W2AlreadyFired();
    private final W3ErrorPath w3 = new W3ErrorPath();

    /** Makes sure each fork really is what its name says, so equal figures cannot come from a mix-up. */
    @Setup(Level.Trial)
    public void checkFork(BenchmarkParams params) {
        boolean wantLockedOff = params.getBenchmark().endsWith("None");
        boolean lockedOff;
        try {
            // Refused when locked off; otherwise on and off again before any Deferred is created.
            Deferreds.enable(Deferreds.Diagnostic.PENDING);
            Deferreds.disable(Deferreds.Diagnostic.PENDING);
            lockedOff = false;
        } catch (IllegalStateException e) {
            lockedOff = true;
        }
        if (lockedOff != wantLockedOff) {
            throw new IllegalStateException(params.getBenchmark() + " runs in a fork with diagnostics "
                    + (lockedOff ? "locked off" : "available") + "; check its @Fork jvmArgsAppend");
        }
    }

    @Benchmark
    public Object pendingChainOff() {
        return w1.twine();
    }

    @Benchmark
    @Fork(jvmArgsAppend = LOCKED_OFF)
    public Object pendingChainNone() {
        return w1.twine();
    }

    @Benchmark
    public Object alreadyFiredOff() {
        return w2.twine();
    }

    @Benchmark
    @Fork(jvmArgsAppend = LOCKED_OFF)
    public Object alreadyFiredNone() {
        return w2.twine();
    }

    @Benchmark
    public Object oneStageOff() {
        return w2.twineOne();
    }

    @Benchmark
    @Fork(jvmArgsAppend = LOCKED_OFF)
    public Object oneStageNone() {
        return w2.twineOne();
    }

    @Benchmark
    public Object errorPathOff() {
        return w3.twine();
    }

    @Benchmark
    @Fork(jvmArgsAppend = LOCKED_OFF)
    public Object errorPathNone() {
        return w3.twine();
    }
}
