package io.twine.bench;

import static org.assertj.core.api.Assertions.assertThat;

import io.twine.defer.Deferred;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * Every library's version of each workload computes the same, correct result, so the benchmarks
 * compare equal work. Each runs once, single-threaded; no timing is measured here (that is JMH's
 * job, in ./twine bench).
 */
class WorkloadResultsTest {

    private static final List<Integer> GATHERED = IntStream.range(0, W5FanIn.N).boxed().toList();

    @Test
    void pendingChainGivesTenForEveryLibrary() throws Exception {
        W1PendingChain w = new W1PendingChain();
        assertThat(List.of(w.twine(), w.completableFuture(), w.guava(), w.vertx(), w.reactor(), w.floor(), w.floorCas()))
                .containsOnly(10);
    }

    @Test
    void alreadyFiredChainGivesTenForEveryLibrary() throws Exception {
        W2AlreadyFired w = new W2AlreadyFired();
        assertThat(List.of(w.twine(), w.completableFuture(), w.guava(), w.vertx(), w.reactor(), w.floor(), w.floorCas()))
                .containsOnly(10);
    }

    @Test
    void oneStageOnAFiredFutureGivesOne() {
        W2AlreadyFired w = new W2AlreadyFired();
        assertThat(List.of(w.twineOne(), w.completableFutureOne())).containsOnly(1);
    }

    @Test
    void errorPathRecoversAtStageSevenForEveryLibrary() throws Exception {
        W3ErrorPath w = new W3ErrorPath();
        assertThat(Stages.ERROR_PATH_RESULT).isEqualTo(103);
        assertThat(List.of(w.twine(), w.completableFuture(), w.guava(), w.vertx(), w.reactor(), w.floor(), w.floorCas()))
                .containsOnly(103);
    }

    @Test
    void deepChainHandsTheLeafValueToTheHeadForEveryLibrary() throws Exception {
        int n = 1000;
        assertThat(List.of(W4DeepChain.twine(n), W4DeepChain.completableFuture(n), W4DeepChain.guava(n),
                W4DeepChain.vertx(n), W4DeepChain.reactor(n))).containsOnly(W4DeepChain.LEAF);
    }

    @Test
    void fanInGathersResultsInInputOrderForEveryLibrary() throws Exception {
        W5FanIn w = new W5FanIn();
        w.shuffle();
        assertThat(w.twine()).isEqualTo(GATHERED);
        assertThat(w.completableFuture()).isEqualTo(GATHERED);
        assertThat(w.guava()).isEqualTo(GATHERED);
        assertThat(w.vertx()).isEqualTo(GATHERED);
        assertThat(w.reactor()).isEqualTo(GATHERED);
        assertThat(w.floor()).isEqualTo(GATHERED);
    }

    @Test
    void fanInFiringOrderIsAPermutationThatIsNotTheIdentity() {
        int[] p = W5FanIn.permutation(W5FanIn.N, 20261125L);
        assertThat(p).containsExactlyInAnyOrder(GATHERED.stream().mapToInt(Integer::intValue).toArray());
        assertThat(p).isNotEqualTo(GATHERED.stream().mapToInt(Integer::intValue).toArray());
    }

    @Test
    @SuppressWarnings("unchecked")
    void handWrittenGatherResultsFailsWithTheFirstFailure() {
        Deferred<Integer>[] ds = new Deferred[] {new Deferred<Integer>(), new Deferred<Integer>()};
        Deferred<List<Integer>> all = W5FanIn.gatherResults(ds);
        IllegalStateException boom = new IllegalStateException("boom");
        ds[1].errback(boom);
        ds[0].callback(1);
        assertThat(all.result()).isInstanceOfSatisfying(io.twine.defer.Failure.class, f -> assertThat(f.value()).isSameAs(boom));
        all.addErrback(f -> null); // consume it, so it is not reported as unhandled
        ds[1].addErrback(f -> null);
    }

    @Test
    void contentionRoundsGiveEveryFutureAllItsCallbacksForEveryLibrary() throws InterruptedException {
        assertThat(roundResults(W7Contention.TWINE, d -> d.result())).containsOnly(W7Contention.ADDS);
        assertThat(roundResults(W7Contention.FLOOR_CAS, MiniCasDeferred::result)).containsOnly(W7Contention.ADDS);
        assertThat(roundResults(W7Contention.CF, f -> f.getNumberOfDependents() == 0 && f.join() == 0))
                .containsOnly(true);
    }

    /** Runs 200 rounds on two threads; after each, what {@code look} says about that round's future. */
    @SuppressWarnings("unchecked")
    private static <F> List<Object> roundResults(W7Contention.Lib<F> lib, java.util.function.Function<F, Object> look)
            throws InterruptedException {
        W7Contention.Round r = new W7Contention.Round();
        org.openjdk.jmh.infra.Control c = new org.openjdk.jmh.infra.Control();
        int rounds = 200;
        Thread adder = new Thread(() -> {
            for (int i = 0; i < rounds; i++) {
                W7Contention.add(r, c, lib);
            }
        });
        adder.start();
        List<Object> seen = new java.util.ArrayList<>();
        for (int i = 0; i < rounds; i++) {
            W7Contention.fire(r, c, lib);
            seen.add(look.apply((F) r.current));
        }
        adder.join();
        return seen;
    }

    @Test
    void deepCheckRecognisesAWrappedStackOverflow() {
        assertThat(DeepCheck.describe(new StackOverflowError())).isEqualTo("StackOverflowError");
        assertThat(DeepCheck.describe(new java.util.concurrent.CompletionException(new StackOverflowError())))
                .isEqualTo("StackOverflowError (wrapped in CompletionException)");
        assertThat(DeepCheck.describe(new IllegalStateException())).isEqualTo("IllegalStateException");
    }

    @Test
    void memoryFootprintOfARetainedArrayIsPositiveAndPlausible() {
        double bytes = MemoryFootprint.retainedPerObject(() -> new long[6], 20_000);
        // a long[6] is 16 (header + length) + 48 bytes; allow for GC noise from the test JVM
        assertThat(bytes).isBetween(32.0, 128.0);
    }
}
