package io.twine.bench;

import static io.twine.defer.Coroutines.await;

import io.twine.defer.CoroutineMechanism;
import io.twine.defer.Coroutines;
import io.twine.defer.Deferred;
import java.lang.management.ManagementFactory;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;

/**
 * Workload 8, second half: retained heap per suspended coroutine of shallow depth, measured as heap
 * deltas after full GCs (run with {@code -XX:+UseSerialGC}; last of {@code passes} passes, since
 * frames frozen while still interpreted are larger).
 *
 * <p>Each coroutine is {@code fromCoroutine(() -> await(d) + 1)}, suspended on its own fresh
 * unfired Deferred {@code d}: heap used with {@code count} of them suspended, minus heap used with
 * only the {@code count} Deferreds, per coroutine. So the awaited Deferred itself is excluded (it is
 * the thing awaited, not the coroutine's cost) and everything the suspension adds is counted: the
 * registration in {@code d}'s chain, the coroutine, its fiber and frozen stack, its result Deferred,
 * its context and its body lambda. Afterwards every coroutine is resumed and its result checked.
 *
 * <p>Rows ({@code name \t bytes}): the raw JDK continuation suspended at a yield (the floor, by
 * {@link MemoryFootprint#retainedPerObject}; only on the continuation mechanism, which needs
 * {@code jdk.internal.vm} exported to the unnamed module), and Twine's suspended coroutine with this
 * JVM's mechanism ({@code -Dtwine.coroutine.mechanism=virtual-thread} forces the fallback; its
 * coroutines are then started from a virtual thread, as a platform thread pays tens of microseconds
 * per start). Usage: {@code CoroutineFootprint [count [passes]]}, default 1000000 and 4.
 */
public final class CoroutineFootprint {

    private CoroutineFootprint() {
    }

    public static void main(String[] args) throws Exception {
        int count = args.length > 0 ? Integer.parseInt(args[0]) : 1_000_000;
        int passes = args.length > 1 ? Integer.parseInt(args[1]) : 4;
        CoroutineMechanism mechanism = Coroutines.mechanism();
        boolean virtualDriver = mechanism == CoroutineMechanism.VIRTUAL_THREAD;
        AtomicReference<Exception> failed = new AtomicReference<>();
        Runnable measure = () -> {
            try {
                if (mechanism == CoroutineMechanism.CONTINUATION) {
                    row("raw jdk.internal.vm.Continuation suspended at yield (floor)", rawSuspended(), count, passes);
                }
                double bytes = 0;
                for (int pass = 0; pass < passes; pass++) {
                    bytes = suspendedCoroutines(count);
                }
                String name = "twine: suspended coroutine, " + mechanism.name().toLowerCase(Locale.ROOT).replace('_', '-')
                        + ", awaited Deferred excluded";
                System.out.printf(Locale.ROOT, "%s\t%.1f%n", name, bytes);
            } catch (Exception e) {
                failed.set(e);
            }
        };
        if (virtualDriver) {
            Thread t = Thread.ofVirtual().start(measure);
            t.join();
        } else {
            measure.run();
        }
        if (failed.get() != null) {
            throw failed.get();
        }
    }

    /**
     * Heap used after full GC with {@code count} coroutines suspended, each on its own Deferred,
     * minus the same with only those Deferreds, per coroutine; then fires them all and checks every
     * result. (Not {@link MemoryFootprint#retainedPerObject}'s "minus the same after dropping them":
     * the virtual-thread fallback's parked threads stay reachable from the JDK's thread tracking
     * until they end, so only firing frees them.)
     */
    static double suspendedCoroutines(int count) {
        @SuppressWarnings("unchecked")
        Deferred<Integer>[] awaited = new Deferred[count];
        @SuppressWarnings("unchecked")
        Deferred<Integer>[] results = new Deferred[count];
        for (int i = 0; i < count; i++) {
            awaited[i] = new Deferred<>();
        }
        long bare = usedAfterFullGc();
        for (int i = 0; i < count; i++) {
            Deferred<Integer> d = awaited[i];
            // The result Deferred is kept only so the check below can read it; the coroutine
            // references it anyway (its target), so keeping it adds nothing.
            results[i] = Deferred.fromCoroutine(() -> await(d) + 1);
        }
        long suspended = usedAfterFullGc();
        for (int i = 0; i < count; i++) {
            if (results[i].called()) {
                throw new IllegalStateException("coroutine " + i + " did not suspend");
            }
            awaited[i].callback(i);
            if (!Integer.valueOf(i + 1).equals(results[i].result())) {
                throw new IllegalStateException("coroutine " + i + " gave " + results[i].result());
            }
        }
        return (double) (suspended - bare) / count;
    }

    private static long usedAfterFullGc() {
        for (int i = 0; i < 3; i++) {
            System.gc();
        }
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }

    private static Supplier<Object> rawSuspended() {
        return () -> {
            Object k = RawContinuations.create(RawContinuations::yieldNow);
            RawContinuations.run(k);
            return k;
        };
    }

    private static void row(String name, Supplier<Object> make, int count, int passes) {
        System.out.printf(Locale.ROOT, "%s\t%.1f%n", name, measure(make, count, passes));
    }

    private static double measure(Supplier<Object> make, int count, int passes) {
        double bytes = 0;
        for (int pass = 0; pass < passes; pass++) {
            bytes = MemoryFootprint.retainedPerObject(make, count);
        }
        return bytes;
    }
}
