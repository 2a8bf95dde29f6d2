package io.twine.bench;

import io.twine.defer.Callback;
import io.twine.defer.CoroutineMechanism;
import io.twine.defer.Deferred;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.IntToLongFunction;

/**
 * Workload 6 as a paired comparison (see {@link PairedPeers}): variants take turns in slices of
 * {@value #N} round trips, in one JVM, so that the target's ratio ("within 1.5x of a raw
 * continuation resume+yield") is computed within each round and load drift cancels out. Needs
 * {@code --add-exports=java.base/jdk.internal.vm=ALL-UNNAMED}.
 *
 * <ul>
 * <li>{@code twine}: Twine's await round trip on the continuation, as
 *     {@link W6CoroutineResume#twineAwait}.</li>
 * <li>{@code rawContinuation}: a raw {@code jdk.internal.vm.Continuation} resume + yield, as
 *     {@link W6CoroutineResume#rawContinuation}: the target's baseline.</li>
 * <li>{@code rawNewDeferred}: the same, with the body creating one Deferred per round trip (what
 *     every await of a fresh Deferred does): allocating inside the continuation has a cost of its
 *     own.</li>
 * <li>{@code rawPlusDeferred}: the raw continuation driven through Twine's Deferred without Twine's
 *     coroutine driver: the body creates a Deferred and yields; a plain callback on it resumes the
 *     continuation and adds itself to the next Deferred. The difference to {@code twine} is the
 *     driver (state, cancellation, context, trampoline); to {@code rawNewDeferred}, the Deferred's
 *     own add and fire.</li>
 * </ul>
 *
 * <p>Usage: {@code W6Paired [rounds]}; prints {@link PairedPeers}'s lines, workload {@code W6}
 * (the ratio column is to {@code twine}).
 */
public final class W6Paired {
    static final int N = 1000;

    private W6Paired() {
    }

    /** The Deferred the rawPlusDeferred body awaits now; the one the rawNewDeferred body made. */
    static Deferred<Integer> pending;
    static Deferred<Integer> made;
    static Object driven;

    /** rawPlusDeferred's driver: resume the body, then wait for the Deferred it created. */
    static final Callback<Integer, Object> RESUME = new Callback<>() {
        @Override
        public Object call(Integer value) {
            RawContinuations.run(driven);
            pending.addCallback(this);
            return null;
        }
    };

    public static void main(String[] args) {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 300;
        W6CoroutineResume.Fast twine = new W6CoroutineResume.Fast();
        twine.start(CoroutineMechanism.CONTINUATION, null);
        W6CoroutineResume.RawContinuation raw = new W6CoroutineResume.RawContinuation();
        raw.setUp();
        Object allocating = RawContinuations.create(() -> {
            for (;;) {
                made = new Deferred<>();
                RawContinuations.yieldNow();
            }
        });
        driven = RawContinuations.create(() -> {
            for (;;) {
                pending = new Deferred<>();
                RawContinuations.yieldNow();
            }
        });
        RawContinuations.run(driven);
        pending.addCallback(RESUME);

        Map<String, IntToLongFunction> v = new LinkedHashMap<>();
        v.put("twine", k -> {
            long h = 0;
            for (int i = 0; i < k; i++) {
                h += twine.fire().hashCode();
            }
            return h;
        });
        v.put("rawContinuation", k -> {
            for (int i = 0; i < k; i++) {
                RawContinuations.run(raw.continuation);
            }
            return raw.rounds;
        });
        v.put("rawNewDeferred", k -> {
            long h = 0;
            for (int i = 0; i < k; i++) {
                RawContinuations.run(allocating);
                h += made.hashCode();
            }
            return h;
        });
        v.put("rawPlusDeferred", k -> {
            long h = 0;
            for (int i = 0; i < k; i++) {
                Deferred<Integer> d = pending;
                d.callback(1);
                h += d.hashCode();
            }
            return h;
        });
        PairedPeers.measure("W6", v, N, rounds);
        twine.stop();
    }
}
