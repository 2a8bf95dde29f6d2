package io.twine.bench;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * Runs workload 4 once per library at the given depths, each on a fresh platform thread with the
 * JVM's default stack size, and prints one tab-separated line per run:
 * {@code library depth outcome millis}, where outcome is {@code ok}, {@code StackOverflowError} or
 * the name of any other exception. benchmarks/run.sh runs it before the suite, leaves the
 * libraries that overflow out of the JMH run, and puts the outcomes in the report.
 *
 * <p>Usage: {@code DeepCheck depth...} (default 1000000).
 */
public final class DeepCheck {

    private DeepCheck() {
    }

    /** StackOverflowError if that is the cause anywhere (libraries catch and wrap it), else the class. */
    static String describe(Throwable e) {
        for (Throwable c = e; c != null; c = c.getCause()) {
            if (c instanceof StackOverflowError) {
                return c == e ? "StackOverflowError" : "StackOverflowError (wrapped in " + e.getClass().getSimpleName() + ")";
            }
        }
        return e.getClass().getSimpleName();
    }

    public static void main(String[] args) throws InterruptedException {
        int[] depths = args.length == 0 ? new int[] {1_000_000} : new int[args.length];
        for (int i = 0; i < args.length; i++) {
            depths[i] = Integer.parseInt(args[i]);
        }
        for (int depth : depths) {
            Map<String, Callable<Object>> runs = new LinkedHashMap<>();
            runs.put("twine", () -> W4DeepChain.twine(depth));
            runs.put("completableFuture", () -> W4DeepChain.completableFuture(depth));
            runs.put("guava", () -> W4DeepChain.guava(depth));
            runs.put("vertx", () -> W4DeepChain.vertx(depth));
            runs.put("reactor", () -> W4DeepChain.reactor(depth));
            for (Map.Entry<String, Callable<Object>> run : runs.entrySet()) {
                String[] outcome = new String[2];
                Thread t = new Thread(() -> {
                    long start = System.nanoTime();
                    try {
                        Object r = run.getValue().call();
                        outcome[0] = Integer.valueOf(W4DeepChain.LEAF).equals(r) ? "ok" : "wrong result " + r;
                    } catch (Throwable e) {
                        outcome[0] = describe(e);
                    }
                    outcome[1] = Long.toString((System.nanoTime() - start) / 1_000_000);
                }, "deep-" + run.getKey());
                t.start();
                t.join();
                System.out.println(run.getKey() + "\t" + depth + "\t" + outcome[0] + "\t" + outcome[1]);
                System.gc();
            }
        }
    }
}
