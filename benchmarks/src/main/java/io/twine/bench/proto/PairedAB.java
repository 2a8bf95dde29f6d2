package io.twine.bench.proto;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.IntToLongFunction;

/**
 * An A/B harness for a loaded machine: JMH runs one benchmark after the other, so load that
 * changes over minutes skews the comparison of two variants measured minutes apart. Here the
 * variants of one workload alternate in short slices (a few ms each) for many rounds in one JVM,
 * and the verdict is the median over rounds of the <em>paired</em> ratio (variant / control
 * within the same round), which cancels load drift. Absolute times (best slice) are printed too.
 *
 * <p>Usage: {@code java -cp benchmarks.jar io.twine.bench.proto.PairedAB [rounds]} (default 400).
 * Output: one line per workload and variant, tab-separated.
 */
public final class PairedAB {

    private PairedAB() {
    }

    static volatile long sink;

    public static void main(String[] args) {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 400;
        ProtoHotPath w = new ProtoHotPath();
        Map<String, Map<String, IntToLongFunction>> workloads = new LinkedHashMap<>();
        workloads.put("pending chain (W1)", variants(
                n -> loop(n, w::pendingTwine), n -> loop(n, w::pendingCopy), n -> loop(n, w::pendingFast)));
        workloads.put("already fired, 10 stages (W2)", variants(
                n -> loop(n, w::firedTwine), n -> loop(n, w::firedCopy), n -> loop(n, w::firedFast)));
        workloads.put("already fired, 1 stage (W2)", variants(
                n -> loop(n, w::firedOneTwine), n -> loop(n, w::firedOneCopy), n -> loop(n, w::firedOneFast)));
        workloads.put("error path (W3)", variants(
                n -> loop(n, w::errorTwine), n -> loop(n, w::errorCopy), n -> loop(n, w::errorFast)));
        System.out.println("workload\tvariant\tbest ns/op\tmedian ns/op\tmedian paired ratio to copy");
        for (Map.Entry<String, Map<String, IntToLongFunction>> e : workloads.entrySet()) {
            measure(e.getKey(), e.getValue(), rounds);
        }
    }

    private static Map<String, IntToLongFunction> variants(IntToLongFunction twine, IntToLongFunction copy,
                                                           IntToLongFunction fast) {
        Map<String, IntToLongFunction> m = new LinkedHashMap<>();
        m.put("twine-core", twine);
        m.put("copy (control)", copy);
        m.put("fast (proposal)", fast);
        return m;
    }

    private static long loop(int n, java.util.function.Supplier<Object> op) {
        long h = 0;
        for (int i = 0; i < n; i++) {
            h += op.get().hashCode();
        }
        return h;
    }

    private static void measure(String name, Map<String, IntToLongFunction> vs, int rounds) {
        List<String> names = new ArrayList<>(vs.keySet());
        IntToLongFunction[] fs = vs.values().toArray(new IntToLongFunction[0]);
        int n = 2000; // operations per slice: a few ms
        for (int warm = 0; warm < 200; warm++) {
            for (IntToLongFunction f : fs) {
                sink += f.applyAsLong(n);
            }
        }
        double[][] t = new double[fs.length][rounds];
        for (int r = 0; r < rounds; r++) {
            for (int k = 0; k < fs.length; k++) {
                int v = (k + r) % fs.length; // rotate who goes first
                long t0 = System.nanoTime();
                sink += fs[v].applyAsLong(n);
                t[v][r] = (double) (System.nanoTime() - t0) / n;
            }
        }
        int control = names.indexOf("copy (control)");
        for (int v = 0; v < fs.length; v++) {
            double[] ratios = new double[rounds];
            for (int r = 0; r < rounds; r++) {
                ratios[r] = t[v][r] / t[control][r];
            }
            double[] sorted = t[v].clone();
            Arrays.sort(sorted);
            Arrays.sort(ratios);
            System.out.printf("%s\t%s\t%.1f\t%.1f\t%.3f%n", name, names.get(v), sorted[0], sorted[rounds / 2],
                    ratios[rounds / 2]);
        }
    }
}
