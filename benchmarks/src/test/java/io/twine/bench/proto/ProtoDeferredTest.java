package io.twine.bench.proto;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;

/**
 * The prototype engine must stay correct, or its speed-up means nothing: same results as the
 * control on the benchmark workloads, and the thread-safety guarantees under a real race.
 */
class ProtoDeferredTest {

    private final ProtoHotPath w = new ProtoHotPath();

    @Test
    void pendingChainGivesTenOnAllThreeEngines() {
        assertThat(List.of(w.pendingTwine(), w.pendingCopy(), w.pendingFast())).containsOnly(10);
    }

    @Test
    void firedChainGivesTenOnAllThreeEngines() {
        assertThat(List.of(w.firedTwine(), w.firedCopy(), w.firedFast(), w.firedOneFast(), w.firedOneCopy(),
                w.firedOneTwine())).containsExactly(10, 10, 10, 1, 1, 1);
    }

    @Test
    void errorPathGivesOneHundredAndThreeOnAllThreeEngines() {
        assertThat(List.of(w.errorTwine(), w.errorCopy(), w.errorFast())).containsOnly(103);
    }

    @Test
    void fastDeferredRunsCallbacksAddedDuringTheRunAfterTheCurrentOne() {
        List<Integer> seen = new ArrayList<>();
        FastDeferred<Integer> d = new FastDeferred<>();
        d.addCallback(x -> {
            seen.add(1);
            d.addCallback(y -> {
                seen.add(3);
                return y;
            });
            return x;
        }).addCallback(x -> {
            seen.add(2);
            return x;
        });
        d.callback(0);
        d.addCallback(x -> {
            seen.add(4);
            return x;
        });
        assertThat(seen).containsExactly(1, 2, 3, 4);
    }

    @Test
    void fastDeferredWaitsForADeferredReturnedByACallback() {
        FastDeferred<Integer> inner = new FastDeferred<>();
        FastDeferred<Integer> outer = new FastDeferred<>();
        outer.addCallbackDeferred(x -> inner).addCallback(x -> x + 1);
        outer.callback(0);
        assertThat(outer.result()).isSameAs(inner);
        inner.callback(41);
        assertThat(outer.result()).isEqualTo(42);
    }

    @Test
    void fastDeferredCallbackAddedAfterFiringThatReturnsADeferredMakesTheChainWait() {
        FastDeferred<Integer> inner = new FastDeferred<>();
        FastDeferred<Integer> outer = FastDeferred.succeed(0);
        outer.addCallbackDeferred(x -> inner).addCallback(x -> x + 1);
        assertThat(outer.result()).isSameAs(inner);
        inner.callback(41);
        assertThat(outer.result()).isEqualTo(42);
    }

    @Test
    void fastDeferredCallbackAddedAfterFiringThatThrowsGoesToTheNextErrback() {
        IllegalStateException boom = new IllegalStateException("boom");
        FastDeferred<Integer> d = FastDeferred.succeed(0);
        d.addCallback(x -> {
            throw boom;
        });
        assertThat(d.result()).isInstanceOfSatisfying(io.twine.defer.Failure.class, f -> assertThat(f.value()).isSameAs(boom));
        d.addErrback(f -> 7).addCallback(x -> x + 1);
        assertThat(d.result()).isEqualTo(8);
    }

    /** One thread adds numbered callbacks while another fires: each runs once, in order. */
    @Test
    void fastDeferredRunsEveryRacingCallbackOnceInOrder() throws InterruptedException {
        for (int round = 0; round < 200; round++) {
            FastDeferred<Integer> d = new FastDeferred<>();
            List<Integer> seen = new ArrayList<>(); // guarded by the one-runner-at-a-time guarantee
            CountDownLatch go = new CountDownLatch(1);
            Thread adder = new Thread(() -> {
                await(go);
                for (int i = 0; i < 100; i++) {
                    int n = i;
                    d.addCallback(x -> {
                        seen.add(n);
                        return x + 1;
                    });
                }
            });
            adder.start();
            go.countDown();
            d.callback(0);
            adder.join();
            assertThat(d.result()).isEqualTo(100);
            assertThat(seen).hasSize(100).isSorted();
        }
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
