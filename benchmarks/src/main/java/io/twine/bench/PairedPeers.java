package io.twine.bench;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.IntToLongFunction;

/**
 * Workloads 1-3 as a paired comparison, for a loaded machine. JMH measures one library after the
 * other, so load that changes over minutes (other builds on the 2 shared cores) skews their ratio.
 * Here all libraries of one workload take turns in short slices (well under a millisecond), for
 * many rounds, in one JVM; the ratio to Twine is computed within each round and the median over
 * rounds reported, which cancels load drift. Each variant has its own measuring loop (one lambda
 * each, so every call site stays monomorphic), and each workload runs in its own JVM (run.sh).
 *
 * <p>Usage: {@code PairedPeers W1|W2|W2One|W3 [rounds]}. Prints tab-separated lines:
 * {@code workload library best-ns/op median-ns/op median-ratio-to-twine bytes/op}; bytes/op is
 * what the measuring thread allocated (HotSpot's per-thread counter) over all measured slices,
 * which shows where the JIT's escape analysis removed a library's allocations in this harness.
 */
public final class PairedPeers {

    private PairedPeers() {
    }

    static volatile long sink;

    public static void main(String[] args) throws Exception {
        String which = args[0];
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 300;
        Map<String, IntToLongFunction> v = new LinkedHashMap<>();
        int n;
        switch (which) {
            case "W1" -> {
                W1PendingChain w = new W1PendingChain();
                n = 400;
                v.put("twine", k -> { long h = 0; for (int i = 0; i < k; i++) { h += w.twine().hashCode(); } return h; });
                v.put("completableFuture", k -> { long h = 0; for (int i = 0; i < k; i++) { h += w.completableFuture().hashCode(); } return h; });
                v.put("guava", k -> { long h = 0; for (int i = 0; i < k; i++) { h += guava(w).hashCode(); } return h; });
                v.put("vertx", k -> { long h = 0; for (int i = 0; i < k; i++) { h += w.vertx().hashCode(); } return h; });
                v.put("reactor", k -> { long h = 0; for (int i = 0; i < k; i++) { h += w.reactor().hashCode(); } return h; });
                v.put("floor", k -> { long h = 0; for (int i = 0; i < k; i++) { h += w.floor().hashCode(); } return h; });
                v.put("floorCas", k -> { long h = 0; for (int i = 0; i < k; i++) { h += w.floorCas().hashCode(); } return h; });
            }
            case "W2" -> {
                W2AlreadyFired w = new W2AlreadyFired();
                n = 400;
                v.put("twine", k -> { long h = 0; for (int i = 0; i < k; i++) { h += w.twine().hashCode(); } return h; });
                v.put("completableFuture", k -> { long h = 0; for (int i = 0; i < k; i++) { h += w.completableFuture().hashCode(); } return h; });
                v.put("guava", k -> { long h = 0; for (int i = 0; i < k; i++) { h += guava(w).hashCode(); } return h; });
                v.put("vertx", k -> { long h = 0; for (int i = 0; i < k; i++) { h += w.vertx().hashCode(); } return h; });
                v.put("reactor", k -> { long h = 0; for (int i = 0; i < k; i++) { h += w.reactor().hashCode(); } return h; });
                v.put("floor", k -> { long h = 0; for (int i = 0; i < k; i++) { h += w.floor().hashCode(); } return h; });
                v.put("floorCas", k -> { long h = 0; for (int i = 0; i < k; i++) { h += w.floorCas().hashCode(); } return h; });
            }
            case "W2One" -> {
                W2AlreadyFired w = new W2AlreadyFired();
                n = 5000;
                v.put("twine", k -> { long h = 0; for (int i = 0; i < k; i++) { h += w.twineOne().hashCode(); } return h; });
                v.put("completableFuture", k -> { long h = 0; for (int i = 0; i < k; i++) { h += w.completableFutureOne().hashCode(); } return h; });
            }
            case "W3" -> {
                W3ErrorPath w = new W3ErrorPath();
                n = 200;
                v.put("twine", k -> { long h = 0; for (int i = 0; i < k; i++) { h += w.twine().hashCode(); } return h; });
                v.put("completableFuture", k -> { long h = 0; for (int i = 0; i < k; i++) { h += w.completableFuture().hashCode(); } return h; });
                v.put("guava", k -> { long h = 0; for (int i = 0; i < k; i++) { h += guava(w).hashCode(); } return h; });
                v.put("vertx", k -> { long h = 0; for (int i = 0; i < k; i++) { h += w.vertx().hashCode(); } return h; });
                v.put("reactor", k -> { long h = 0; for (int i = 0; i < k; i++) { h += w.reactor().hashCode(); } return h; });
                v.put("floor", k -> { long h = 0; for (int i = 0; i < k; i++) { h += w.floor().hashCode(); } return h; });
                v.put("floorCas", k -> { long h = 0; for (int i = 0; i < k; i++) { h += w.floorCas().hashCode(); } return h; });
            }
            default -> throw new IllegalArgumentException("workload must be W1, W2, W2One or W3, got " + which);
        }
        measure(which, v, n, rounds);
    }

    // Guava's benchmark methods declare Exception (Future.get); the others do not.
    private static Object guava(W1PendingChain w) {
        try {
            return w.guava();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static Object guava(W2AlreadyFired w) {
        try {
            return w.guava();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static Object guava(W3ErrorPath w) {
        try {
            return w.guava();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    static void measure(String name, Map<String, IntToLongFunction> vs, int n, int rounds) {
        String[] names = vs.keySet().toArray(new String[0]);
        IntToLongFunction[] fs = vs.values().toArray(new IntToLongFunction[0]);
        // Warm-up by count, not time: under heavy load the JIT threads get little CPU.
        for (int warm = 0; warm < 150; warm++) {
            for (IntToLongFunction f : fs) {
                sink += f.applyAsLong(n);
            }
        }
        double[][] t = new double[fs.length][rounds];
        long[] bytes = new long[fs.length];
        com.sun.management.ThreadMXBean mx =
                (com.sun.management.ThreadMXBean) java.lang.management.ManagementFactory.getThreadMXBean();
        for (int r = 0; r < rounds; r++) {
            for (int k = 0; k < fs.length; k++) {
                int v = (k + r) % fs.length; // rotate who goes first
                long b0 = mx.getCurrentThreadAllocatedBytes();
                long t0 = System.nanoTime();
                sink += fs[v].applyAsLong(n);
                t[v][r] = (double) (System.nanoTime() - t0) / n;
                bytes[v] += mx.getCurrentThreadAllocatedBytes() - b0;
            }
        }
        for (int v = 0; v < fs.length; v++) {
            double[] ratios = new double[rounds];
            for (int r = 0; r < rounds; r++) {
                ratios[r] = t[v][r] / t[0][r];
            }
            double[] sorted = t[v].clone();
            Arrays.sort(sorted);
            Arrays.sort(ratios);
            System.out.printf("%s\t%s\t%.1f\t%.1f\t%.3f\t%.0f%n", name, names[v], sorted[0], sorted[rounds / 2],
                    ratios[rounds / 2], (double) bytes[v] / ((long) n * rounds));
        }
    }
}
