package io.twine.defer;

import static io.twine.defer.DeferredAssertions.failureResultOf;
import static io.twine.defer.DeferredAssertions.successResultOf;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Collections;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Twine's guarantees beyond Twisted (see the Deferred class javadoc, "Threads"): any thread may
 * fire or add; exactly one firing wins; the callbacks of one Deferred never run concurrently and
 * run in the order added, on the thread that fired (or that added to a fired Deferred).
 *
 * <p>Races are started together on a {@link CyclicBarrier} and repeated a bounded number of times;
 * every wait has a timeout, so a deadlock fails the test instead of hanging the build.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class ThreadSafetyTests {
    private static final int THREADS = 4;
    private static final int ROUNDS = 200;

    private final ExecutorService pool = Executors.newFixedThreadPool(THREADS);

    @AfterEach
    void stopPool() throws InterruptedException {
        pool.shutdownNow();
        assertThat(pool.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
    }

    /** Runs the tasks at the same moment, one per pool thread, and returns their outcomes. */
    private List<Object> race(List<Callable<Object>> tasks) throws Exception {
        CyclicBarrier start = new CyclicBarrier(tasks.size());
        List<Future<Object>> futures = new ArrayList<>();
        for (Callable<Object> t : tasks) {
            futures.add(pool.submit(() -> {
                start.await(10, TimeUnit.SECONDS);
                try {
                    return t.call();
                } catch (RuntimeException e) {
                    return e;
                }
            }));
        }
        List<Object> outcomes = new ArrayList<>();
        for (Future<Object> f : futures) {
            outcomes.add(f.get(20, TimeUnit.SECONDS));
        }
        return outcomes;
    }

    @Test
    void racingCallbacksExactlyOneWinsAndTheOthersGetAlreadyCalledError() throws Exception {
        for (int round = 0; round < ROUNDS; round++) {
            Deferred<Integer> d = new Deferred<>();
            AtomicInteger runs = new AtomicInteger();
            d.addCallback(x -> { runs.incrementAndGet(); return x; });
            List<Callable<Object>> tasks = new ArrayList<>();
            for (int t = 0; t < THREADS; t++) {
                int value = t;
                tasks.add(() -> { d.callback(value); return value; });
            }
            List<Object> outcomes = race(tasks);
            List<Object> winners = outcomes.stream().filter(o -> o instanceof Integer).toList();
            assertThat(winners).hasSize(1);
            assertThat(outcomes.stream().filter(o -> o instanceof AlreadyCalledError)).hasSize(THREADS - 1);
            assertThat(runs).hasValue(1);
            assertThat(successResultOf(d)).isEqualTo(winners.get(0));
        }
    }

    @Test
    void racingCallbackAndErrbackExactlyOneWins() throws Exception {
        for (int round = 0; round < ROUNDS; round++) {
            Deferred<String> d = new Deferred<>();
            AtomicInteger runs = new AtomicInteger();
            d.addBoth(r -> { runs.incrementAndGet(); return r; });
            RuntimeException error = new RuntimeException("errback won");
            List<Callable<Object>> tasks = new ArrayList<>();
            for (int t = 0; t < THREADS; t++) {
                boolean fail = t % 2 == 0;
                tasks.add(() -> {
                    if (fail) {
                        d.errback(error);
                    } else {
                        d.callback("callback won");
                    }
                    return "won";
                });
            }
            List<Object> outcomes = race(tasks);
            assertThat(outcomes.stream().filter("won"::equals)).hasSize(1);
            assertThat(outcomes.stream().filter(o -> o instanceof AlreadyCalledError)).hasSize(THREADS - 1);
            assertThat(runs).hasValue(1);
            if (d.result() instanceof Failure) {
                assertThat(failureResultOf(d).value()).isSameAs(error);
            } else {
                assertThat(successResultOf(d)).isEqualTo("callback won");
            }
        }
    }

    @Test
    void callbacksAddedWhileAnotherThreadFiresEachRunOnceInOrderNeverConcurrently() throws Exception {
        int adders = THREADS - 1;
        int perAdder = 300;
        for (int round = 0; round < ROUNDS / 4; round++) {
            Deferred<Integer> d = new Deferred<>();
            AtomicInteger inFlight = new AtomicInteger();
            AtomicInteger overlaps = new AtomicInteger();
            int[] plainCounter = new int[1]; // unsynchronised on purpose: lost updates would show
            ConcurrentLinkedQueue<int[]> ran = new ConcurrentLinkedQueue<>();
            List<Integer> valuesSeen = new ArrayList<>(); // only touched by callbacks: must not need a lock
            List<Callable<Object>> tasks = new ArrayList<>();
            for (int a = 0; a < adders; a++) {
                int adder = a;
                tasks.add(() -> {
                    for (int k = 0; k < perAdder; k++) {
                        int seq = k;
                        d.addCallback(x -> {
                            if (inFlight.incrementAndGet() != 1) {
                                overlaps.incrementAndGet();
                            }
                            plainCounter[0]++;
                            valuesSeen.add(x);
                            ran.add(new int[] {adder, seq});
                            inFlight.decrementAndGet();
                            return x + 1;
                        });
                    }
                    return null;
                });
            }
            tasks.add(() -> { d.callback(0); return null; });
            race(tasks);

            int total = adders * perAdder;
            assertThat(overlaps).hasValue(0);
            assertThat(ran).hasSize(total);
            assertThat(plainCounter[0]).isEqualTo(total);
            // Each callback received the result of the one before it: one sequential chain.
            for (int i = 0; i < total; i++) {
                assertThat(valuesSeen.get(i)).isEqualTo(i);
            }
            // Per adding thread, callbacks ran in the order they were added.
            int[] next = new int[adders];
            for (int[] r : ran) {
                assertThat(r[1]).isEqualTo(next[r[0]]);
                next[r[0]]++;
            }
            assertThat(successResultOf(d)).isEqualTo(total);
        }
    }

    @Test
    void callbacksAddedConcurrentlyToAFiredDeferredEachRunOnceNeverConcurrently() throws Exception {
        int perThread = 500;
        Deferred<Integer> d = Deferred.succeed(0);
        AtomicInteger inFlight = new AtomicInteger();
        AtomicInteger overlaps = new AtomicInteger();
        int[] plainCounter = new int[1];
        List<Callable<Object>> tasks = new ArrayList<>();
        for (int t = 0; t < THREADS; t++) {
            tasks.add(() -> {
                for (int k = 0; k < perThread; k++) {
                    d.addCallback(x -> {
                        if (inFlight.incrementAndGet() != 1) {
                            overlaps.incrementAndGet();
                        }
                        plainCounter[0]++;
                        inFlight.decrementAndGet();
                        return x + 1;
                    });
                }
                return null;
            });
        }
        race(tasks);
        assertThat(overlaps).hasValue(0);
        assertThat(plainCounter[0]).isEqualTo(THREADS * perThread);
        assertThat(successResultOf(d)).isEqualTo(THREADS * perThread);
    }

    @Test
    void callbacksRunOnTheFiringThread() throws Exception {
        Deferred<Integer> d = new Deferred<>();
        AtomicReference<Thread> ranOn = new AtomicReference<>();
        d.addCallback(x -> { ranOn.set(Thread.currentThread()); return x; });
        Thread firer = new Thread(() -> d.callback(1), "firer");
        firer.start();
        firer.join(10_000);
        assertThat(ranOn.get()).isSameAs(firer);
    }

    @Test
    void callbackAddedToAFiredDeferredRunsOnTheAddingThread() throws Exception {
        Deferred<Integer> d = Deferred.succeed(1);
        AtomicReference<Thread> ranOn = new AtomicReference<>();
        Thread adder = new Thread(() -> d.addCallback(x -> { ranOn.set(Thread.currentThread()); return x; }), "adder");
        adder.start();
        adder.join(10_000);
        assertThat(ranOn.get()).isSameAs(adder);
    }

    @Test
    void outerChainResumesOnTheThreadThatFiresTheInner() throws Exception {
        Deferred<Integer> inner = new Deferred<>();
        Deferred<Integer> outer = new Deferred<>();
        AtomicReference<Thread> ranOn = new AtomicReference<>();
        outer.addCallbackDeferred(x -> inner).addCallback(x -> { ranOn.set(Thread.currentThread()); return x; });
        outer.callback(0);
        Thread firer = new Thread(() -> inner.callback(5), "inner-firer");
        firer.start();
        firer.join(10_000);
        assertThat(ranOn.get()).isSameAs(firer);
        assertThat(successResultOf(outer)).isEqualTo(5);
    }

    @Test
    void innerFiredWhileTheOuterStartsWaitingIsNeverLost() throws Exception {
        // Races the WAITING handshake: the outer's callback returns inner while inner fires.
        for (int round = 0; round < ROUNDS * 2; round++) {
            Deferred<Integer> inner = new Deferred<>();
            Deferred<Integer> outer = new Deferred<>();
            AtomicInteger after = new AtomicInteger();
            outer.addCallbackDeferred(x -> inner).addCallback(x -> { after.incrementAndGet(); return x; });
            int value = round;
            race(List.of(
                    () -> { outer.callback(0); return null; },
                    () -> { inner.callback(value); return null; }));
            assertThat(after).hasValue(1);
            assertThat(successResultOf(outer)).isEqualTo(value);
            assertThat(inner.result()).isNull();
        }
    }

    @Test
    void callbacksAddedToAWaitingOuterWhileTheInnerFiresEachRunOnceInOrder() throws Exception {
        int perAdder = 200;
        int adders = THREADS - 1;
        for (int round = 0; round < ROUNDS / 4; round++) {
            Deferred<Integer> inner = new Deferred<>();
            Deferred<Integer> outer = new Deferred<>();
            outer.addCallbackDeferred(x -> inner);
            outer.callback(0);
            AtomicInteger inFlight = new AtomicInteger();
            AtomicInteger overlaps = new AtomicInteger();
            ConcurrentLinkedQueue<int[]> ran = new ConcurrentLinkedQueue<>();
            List<Callable<Object>> tasks = new ArrayList<>();
            for (int a = 0; a < adders; a++) {
                int adder = a;
                tasks.add(() -> {
                    for (int k = 0; k < perAdder; k++) {
                        int seq = k;
                        outer.addCallback(x -> {
                            if (inFlight.incrementAndGet() != 1) {
                                overlaps.incrementAndGet();
                            }
                            ran.add(new int[] {adder, seq});
                            inFlight.decrementAndGet();
                            return x + 1;
                        });
                    }
                    return null;
                });
            }
            tasks.add(() -> { inner.callback(0); return null; });
            race(tasks);
            assertThat(overlaps).hasValue(0);
            assertThat(ran).hasSize(adders * perAdder);
            int[] next = new int[adders];
            for (int[] r : ran) {
                assertThat(r[1]).isEqualTo(next[r[0]]);
                next[r[0]]++;
            }
            assertThat(successResultOf(outer)).isEqualTo(adders * perAdder);
        }
    }

    @Test
    void cancelForwardedToTheInnerRacingItsFiringGivesExactlyOneOutcome() throws Exception {
        for (int round = 0; round < ROUNDS; round++) {
            Deferred<String> inner = new Deferred<>();
            Deferred<String> outer = new Deferred<>();
            AtomicInteger after = new AtomicInteger();
            outer.addCallbackDeferred(x -> inner).addBoth(r -> { after.incrementAndGet(); return r; });
            outer.callback("start");
            List<Object> outcomes = race(List.of(
                    () -> { outer.cancel(); return "cancelled"; },
                    () -> { inner.callback("value"); return "fired"; }));
            assertThat(outcomes).containsExactly("cancelled", "fired");
            assertThat(after).hasValue(1);
            if (outer.result() instanceof Failure) {
                failureResultOf(outer, CancelledError.class);
            } else {
                assertThat(successResultOf(outer)).isEqualTo("value");
            }
        }
    }

    @Test
    void randomForestOfChainedDeferredsFiredFromManyThreadsGivesTheSequentialResults() throws Exception {
        // Deferred i's first callback returns Deferred target[i] (a random later one, or none), its
        // second adds one. Every Deferred fires with 0 from a random thread in a random order, some
        // behind a pause lifted by yet another thread. Whatever the interleaving, a root ends with
        // the length of its path, and every Deferred that handed its result on ends with null.
        Random random = new Random(20261125);
        int n = 120;
        for (int round = 0; round < 40; round++) {
            int[] target = new int[n];
            boolean[] isTarget = new boolean[n];
            for (int i = n - 1; i >= 0; i--) {
                target[i] = -1;
                if (i < n - 1 && random.nextInt(3) > 0) {
                    int j = i + 1 + random.nextInt(n - i - 1);
                    if (!isTarget[j]) {
                        target[i] = j;
                        isTarget[j] = true;
                    }
                }
            }
            @SuppressWarnings("unchecked")
            Deferred<Object>[] ds = new Deferred[n];
            for (int i = 0; i < n; i++) {
                ds[i] = new Deferred<>();
            }
            AtomicInteger[] runs = new AtomicInteger[n];
            List<Integer> paused = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                AtomicInteger r = runs[i] = new AtomicInteger();
                Deferred<Object> next = target[i] < 0 ? null : ds[target[i]];
                ds[i].addCallback(x -> next != null ? next : x);
                ds[i].addCallback(x -> { r.incrementAndGet(); return (Integer) x + 1; });
                if (random.nextInt(5) == 0) {
                    ds[i].pause();
                    paused.add(i);
                }
            }
            List<Runnable> actions = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                Deferred<Object> d = ds[i];
                actions.add(() -> d.callback(0));
            }
            for (int i : paused) {
                Deferred<Object> d = ds[i];
                actions.add(d::unpause);
            }
            Collections.shuffle(actions, random);
            List<Callable<Object>> tasks = new ArrayList<>();
            for (int t = 0; t < THREADS; t++) {
                List<Runnable> mine = new ArrayList<>();
                for (int k = t; k < actions.size(); k += THREADS) {
                    mine.add(actions.get(k));
                }
                tasks.add(() -> { mine.forEach(Runnable::run); return null; });
            }
            race(tasks);

            for (int i = 0; i < n; i++) {
                assertThat(runs[i]).as("second callback of %d", i).hasValue(1);
                assertThat(ds[i].paused()).as("paused count of %d", i).isZero();
                if (isTarget[i]) {
                    assertThat(ds[i].result()).as("result of %d, handed on", i).isNull();
                } else {
                    int length = 1;
                    for (int j = target[i]; j >= 0; j = target[j]) {
                        length++;
                    }
                    assertThat(ds[i].result()).as("result of root %d", i).isEqualTo(length);
                }
            }
        }
    }

    @Test
    void chainDeferredRelayRacingADirectFiringOfTheTargetHasExactlyOneWinner() throws Exception {
        for (int round = 0; round < ROUNDS; round++) {
            Deferred<Integer> source = new Deferred<>();
            Deferred<Integer> target = new Deferred<>();
            source.chainDeferred(target);
            List<Object> outcomes = race(List.of(
                    () -> { source.callback(1); return "relayed"; },
                    () -> { target.callback(2); return "direct"; }));
            assertThat(outcomes.get(0)).isEqualTo("relayed"); // the source itself never throws
            if (successResultOf(target) == 1) {
                assertThat(outcomes.get(1)).isInstanceOf(AlreadyCalledError.class);
                assertThat(successResultOf(source)).isNull();
            } else {
                assertThat(outcomes.get(1)).isEqualTo("direct");
                failureResultOf(source, AlreadyCalledError.class);
            }
        }
    }

    @Test
    void cancelRacingCallbackWithoutCancellerNeverThrowsAndOneOutcomeWins() throws Exception {
        for (int round = 0; round < ROUNDS; round++) {
            Deferred<String> d = new Deferred<>();
            AtomicInteger runs = new AtomicInteger();
            d.addBoth(r -> { runs.incrementAndGet(); return r; });
            List<Object> outcomes = race(List.of(
                    () -> { d.cancel(); return "cancelled"; },
                    () -> { d.callback("value"); return "fired"; }));
            // The late callback after a canceller-less cancel is forgiven, so nobody throws.
            assertThat(outcomes).containsExactly("cancelled", "fired");
            assertThat(runs).hasValue(1);
            if (d.result() instanceof Failure) {
                failureResultOf(d, CancelledError.class);
            } else {
                assertThat(successResultOf(d)).isEqualTo("value");
            }
        }
    }

    @Test
    void racingCancelsCallTheCancellerExactlyOnce() throws Exception {
        for (int round = 0; round < ROUNDS; round++) {
            AtomicInteger cancellerCalls = new AtomicInteger();
            Deferred<String> d = new Deferred<>(self -> cancellerCalls.incrementAndGet());
            List<Callable<Object>> tasks = new ArrayList<>();
            for (int t = 0; t < THREADS; t++) {
                tasks.add(() -> { d.cancel(); return "ok"; });
            }
            race(tasks);
            assertThat(cancellerCalls).hasValue(1);
            failureResultOf(d, CancelledError.class);
        }
    }

    @Test
    void cancelWhileTheCancellerRunsOnAnotherThreadLeavesTheOutcomeToTheCanceller() throws Exception {
        CountDownLatch entered = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        Deferred<String> d = new Deferred<>(self -> {
            entered.countDown();
            try {
                release.await(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            self.callback("the canceller's own answer");
        });
        Future<?> first = pool.submit(d::cancel);
        assertThat(entered.await(10, TimeUnit.SECONDS)).isTrue();
        d.cancel(); // a second cancel while the canceller is still deciding
        release.countDown();
        first.get(10, TimeUnit.SECONDS);
        assertThat(successResultOf(d)).isEqualTo("the canceller's own answer");
    }

    @Test
    void cancelFromInsideTheCancellerDoesNotPreemptIt() {
        Deferred<String> d = new Deferred<>(self -> {
            self.cancel();
            self.callback("decided by the canceller");
        });
        d.cancel();
        assertThat(successResultOf(d)).isEqualTo("decided by the canceller");
    }

    @Test
    void pauseAndUnpauseFromManyThreadsLeaveTheCountBalanced() throws Exception {
        for (int round = 0; round < ROUNDS / 4; round++) {
            Deferred<Integer> d = new Deferred<>();
            AtomicInteger runs = new AtomicInteger();
            d.addCallback(x -> { runs.incrementAndGet(); return x; });
            d.pause(); // held until the end so the pairs below never reach zero
            List<Callable<Object>> tasks = new ArrayList<>();
            for (int t = 0; t < THREADS - 1; t++) {
                tasks.add(() -> {
                    for (int k = 0; k < 100; k++) {
                        d.pause();
                        d.unpause();
                    }
                    return null;
                });
            }
            tasks.add(() -> { d.callback(1); return null; });
            race(tasks);
            assertThat(d.paused()).isEqualTo(1);
            assertThat(runs).hasValue(0);
            d.unpause();
            assertThat(runs).hasValue(1);
        }
    }

    @Test
    void everyCallbackAddedDuringConcurrentUnpauseRunsExactlyOnce() throws Exception {
        for (int round = 0; round < ROUNDS / 4; round++) {
            Deferred<Integer> d = new Deferred<>();
            d.pause();
            d.callback(0);
            Map<Integer, Integer> runs = new ConcurrentHashMap<>();
            int perThread = 50;
            List<Callable<Object>> tasks = new ArrayList<>();
            for (int t = 0; t < THREADS - 1; t++) {
                int base = t * perThread;
                tasks.add(() -> {
                    for (int k = 0; k < perThread; k++) {
                        int id = base + k;
                        d.addCallback(x -> { runs.merge(id, 1, Integer::sum); return x + 1; });
                    }
                    return null;
                });
            }
            tasks.add(() -> { d.unpause(); return null; });
            race(tasks);
            int total = (THREADS - 1) * perThread;
            assertThat(runs).hasSize(total);
            assertThat(runs.values()).allMatch(n -> n == 1);
            assertThat(successResultOf(d)).isEqualTo(total);
        }
    }
}
