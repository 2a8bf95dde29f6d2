package io.twine.defer;

import static io.twine.defer.Coroutines.await;

import java.util.Locale;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Stress and measurement for coroutines, outside the unit tests (no timing belongs in those): how
 * many bytes a suspended coroutine costs, with 1,000,000 of them suspended at once in a 2 GB heap,
 * and how many nanoseconds an await of an unfired Deferred costs with each mechanism. Figures are
 * rough (no JMH, one run, a shared machine): quote them as orders of magnitude and ratios.
 *
 * <p>Run from the repository root, after {@code ./twine test -pl twine-core -DskipTests} (which
 * compiles main and test classes), with JDK 25:
 * <pre>
 * java -Xms2g -Xmx2g --add-exports java.base/jdk.internal.vm=ALL-UNNAMED \
 *      -cp twine-core/target/classes:twine-core/target/test-classes io.twine.defer.CoroutineStress [what] [n]
 * </pre>
 * {@code what}: {@code memory-continuation}, {@code memory-virtual-thread}, {@code speed}, or
 * {@code all} (default); {@code n}: coroutines for the memory runs (default 1,000,000). Without the
 * flag only the virtual-thread figures can be measured.
 */
public final class CoroutineStress {
    private CoroutineStress() {
    }

    public static void main(String[] args) throws Exception {
        String what = args.length > 0 ? args[0] : "all";
        int n = args.length > 1 ? Integer.parseInt(args[1]) : 1_000_000;
        System.out.printf("JDK %s, max heap %d MB, default mechanism %s%n", Runtime.version(),
                Runtime.getRuntime().maxMemory() >> 20, Coroutines.mechanism());
        CoroutineFiber.Factory continuations = CoroutineFibers.continuationsOrNull();
        if (what.equals("all") || what.equals("memory-continuation")) {
            if (continuations == null) {
                System.out.println("memory-continuation: skipped, start the JVM with " + CoroutineFibers.addExportsFlag());
            } else {
                memory("continuation", continuations, n, false);
            }
        }
        if (what.equals("all") || what.equals("memory-virtual-thread")) {
            // Started from a virtual thread: a platform driver pays ~40 µs per start, a minute for a million.
            memory("virtual-thread", VirtualThreadFiber.FACTORY, n, true);
        }
        if (what.equals("all") || what.equals("speed")) {
            if (continuations != null) {
                speed("continuation, platform driver", continuations, false, 2_000_000);
                speed("continuation, virtual driver", continuations, true, 2_000_000);
            }
            speed("virtual thread, virtual driver", VirtualThreadFiber.FACTORY, true, 200_000);
            speed("virtual thread, platform driver", VirtualThreadFiber.FACTORY, false, 20_000);
            speedFiredAwait(continuations != null ? continuations : VirtualThreadFiber.FACTORY, 20_000_000);
            speedPlainCallback(20_000_000);
        }
    }

    /** Suspends n coroutines at once, each on its own unfired Deferred; reports retained bytes each. */
    private static void memory(String name, CoroutineFiber.Factory fibers, int n, boolean virtualDriver)
            throws Exception {
        // Baseline: what the test itself keeps (two arrays and n unfired Deferreds to await).
        long before = usedAfterGc();
        Deferred<?>[] awaited = new Deferred<?>[n];
        Deferred<?>[] coroutines = new Deferred<?>[n];
        for (int i = 0; i < n; i++) {
            awaited[i] = new Deferred<Integer>();
        }
        long baseline = usedAfterGc();
        long start = System.nanoTime();
        onDriver(virtualDriver, () -> {
            for (int i = 0; i < n; i++) {
                Deferred<Integer> d = cast(awaited[i]);
                coroutines[i] = Coroutine.start(() -> await(d) + 1, fibers);
            }
        });
        long startNanos = System.nanoTime() - start;
        long suspended = usedAfterGc();
        System.out.printf(Locale.ROOT, "memory %s: %,d coroutines suspended; %.0f bytes per suspended coroutine "
                        + "(excluding the awaited Deferred and the arrays, %.0f bytes each); %.2f µs per start%n",
                name, n, (suspended - baseline) / (double) n, (baseline - before) / (double) n,
                startNanos / 1e3 / n);
        onDriver(virtualDriver, () -> {
            for (int i = 0; i < n; i++) {
                Deferred<Integer> d = cast(awaited[i]);
                d.callback(i);
            }
        });
        long sum = 0;
        for (int i = 0; i < n; i++) {
            sum += (Integer) coroutines[i].result();
        }
        long expected = (long) n * (n + 1) / 2;
        if (sum != expected) {
            throw new AssertionError("results lost: sum " + sum + " != " + expected);
        }
        System.out.printf(Locale.ROOT, "memory %s: all %,d resumed and finished with the right results%n", name, n);
    }

    /** One coroutine awaits `rounds` fresh Deferreds; the driver fires each. Reports ns per await. */
    private static void speed(String name, CoroutineFiber.Factory fibers, boolean virtualDriver, int rounds)
            throws Exception {
        for (int warm = 0; warm < 2; warm++) {
            roundTrips(fibers, virtualDriver, rounds / 4);
        }
        // Several passes; the minimum is the least disturbed by other load on a shared machine.
        double[] ns = new double[5];
        for (int pass = 0; pass < ns.length; pass++) {
            ns[pass] = roundTrips(fibers, virtualDriver, rounds / 5);
        }
        java.util.Arrays.sort(ns);
        System.out.printf(Locale.ROOT, "speed %-34s %,10.0f ns per await of an unfired Deferred (suspend + resume),"
                + " min of 5 passes (median %,.0f)%n", name + ":", ns[0], ns[2]);
    }

    private static double roundTrips(CoroutineFiber.Factory fibers, boolean virtualDriver, int rounds)
            throws Exception {
        AtomicReference<Deferred<Integer>> slot = new AtomicReference<>();
        double[] result = new double[1];
        onDriver(virtualDriver, () -> {
            Deferred<Integer> c = Coroutine.start(() -> {
                int sum = 0;
                for (int i = 0; i < rounds; i++) {
                    Deferred<Integer> d = new Deferred<>();
                    slot.set(d);
                    sum += await(d);
                }
                return sum;
            }, fibers);
            long t0 = System.nanoTime();
            Deferred<Integer> d;
            while ((d = slot.getAndSet(null)) != null) {
                d.callback(1); // resumes the body, which parks the next Deferred in the slot and suspends
            }
            result[0] = (System.nanoTime() - t0) / (double) rounds;
            if (!Integer.valueOf(rounds).equals(c.result())) {
                throw new AssertionError("wrong result " + c.result());
            }
        });
        return result[0];
    }

    /** Cost of await on a fired Deferred (no suspension), for comparison. */
    private static void speedFiredAwait(CoroutineFiber.Factory fibers, int rounds) {
        Deferred<Integer> fired = Deferred.succeed(1);
        for (int pass = 0; pass < 3; pass++) {
            long t0 = System.nanoTime();
            Deferred<Integer> c = Coroutine.start(() -> {
                int sum = 0;
                for (int i = 0; i < rounds; i++) {
                    sum += await(fired);
                }
                return sum;
            }, fibers);
            double ns = (System.nanoTime() - t0) / (double) rounds;
            if (pass == 2) {
                System.out.printf(Locale.ROOT, "speed %-34s %,10.1f ns per await (result %s)%n",
                        "await of a fired Deferred:", ns, c.result());
            }
        }
    }

    /** The floor: new Deferred + addCallback + callback, no coroutine. */
    private static void speedPlainCallback(int rounds) {
        for (int pass = 0; pass < 3; pass++) {
            long t0 = System.nanoTime();
            int[] sum = new int[1];
            for (int i = 0; i < rounds; i++) {
                Deferred<Integer> d = new Deferred<>();
                d.addCallback(x -> sum[0] += x);
                d.callback(1);
            }
            double ns = (System.nanoTime() - t0) / (double) rounds;
            if (pass == 2) {
                System.out.printf(Locale.ROOT, "speed %-34s %,10.1f ns per step (sum %d)%n",
                        "plain callback step (reference):", ns, sum[0]);
            }
        }
    }

    private interface Work {
        void run() throws Exception;
    }

    private static void onDriver(boolean virtual, Work work) throws Exception {
        if (!virtual) {
            work.run();
            return;
        }
        AtomicReference<Throwable> error = new AtomicReference<>();
        Thread.ofVirtual().start(() -> {
            try {
                work.run();
            } catch (Throwable t) {
                error.set(t);
            }
        }).join();
        if (error.get() instanceof Exception e) {
            throw e;
        } else if (error.get() != null) {
            throw (Error) error.get();
        }
    }

    @SuppressWarnings("unchecked")
    private static <T> Deferred<T> cast(Deferred<?> d) {
        return (Deferred<T>) d;
    }

    private static long usedAfterGc() {
        for (int i = 0; i < 4; i++) {
            System.gc();
        }
        Runtime rt = Runtime.getRuntime();
        return rt.totalMemory() - rt.freeMemory();
    }
}
