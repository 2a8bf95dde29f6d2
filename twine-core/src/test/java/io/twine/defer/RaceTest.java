package io.twine.defer;

import static io.twine.defer.Results.failureResultOf;
import static io.twine.defer.Results.successResultOf;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** Defer.race, after Twisted's RaceTests plus the edge cases of the reference (E16, C8). */
class RaceTest {

    /** E16: the first success wins with its index and value; the others are cancelled and consumed. */
    @Test
    void firstSuccessWinsAndTheOthersAreCancelledAndConsumed() {
        Deferred<String> a = new Deferred<>();
        Deferred<String> b = new Deferred<>();
        Deferred<String> c = new Deferred<>();
        Deferred<Indexed<String>> r = Defer.race(List.of(a, b, c));
        b.callback("b");
        assertThat(successResultOf(r)).isEqualTo(new Indexed<>(1, "b"));
        assertThat(a.called()).isTrue();
        assertThat(c.called()).isTrue();
        assertThat(a.result()).as("loser's CancelledError is consumed").isNull();
        assertThat(a.hasUnhandledFailure()).isFalse();
        assertThat(b.result()).as("the winner's value was handed to the race").isNull();
    }

    /** The winner itself is not cancelled. */
    @Test
    void theWinnerIsNotCancelled() {
        AtomicInteger cancels = new AtomicInteger();
        Deferred<String> a = new Deferred<>(d -> cancels.incrementAndGet());
        Deferred<String> b = new Deferred<>();
        Defer.race(List.of(a, b));
        a.callback("a");
        assertThat(cancels.get()).isZero();
        assertThat(b.called()).isTrue();
    }

    /** A failure does not end the race while another input may still succeed. */
    @Test
    void aFailureDoesNotEndTheRace() {
        Deferred<String> a = new Deferred<>();
        Deferred<String> b = new Deferred<>();
        Deferred<Indexed<String>> r = Defer.race(List.of(a, b));
        a.errback(new IllegalStateException("a"));
        assertThat(r.called()).isFalse();
        b.callback("b");
        assertThat(successResultOf(r)).isEqualTo(new Indexed<>(1, "b"));
    }

    /** When every input fails: a FailureGroup of the failures in input order. */
    @Test
    void allFailingGivesFailureGroupInInputOrder() {
        Deferred<String> a = new Deferred<>();
        Deferred<String> b = new Deferred<>();
        Deferred<Indexed<String>> r = Defer.race(List.of(a, b));
        IllegalStateException second = new IllegalStateException("b");
        IllegalArgumentException first = new IllegalArgumentException("a");
        b.errback(second);
        a.errback(first);
        FailureGroup g = (FailureGroup) failureResultOf(r, FailureGroup.class).value();
        assertThat(g.failures()).extracting(Failure::value).containsExactly(first, second);
        assertThat(a.result()).isNull();
    }

    /** Among inputs that have already fired, the lowest index wins. */
    @Test
    void lowestAlreadyFiredIndexWins() {
        Deferred<Indexed<String>> r = Defer.race(List.of(new Deferred<>(), Deferred.succeed("one"), Deferred.succeed("two")));
        assertThat(successResultOf(r)).isEqualTo(new Indexed<>(1, "one"));
    }

    /** As in Twisted, racing nothing never fires. */
    @Test
    void raceOfNothingNeverFires() {
        Deferred<Indexed<String>> r = Defer.race(List.of());
        assertThat(r.called()).isFalse();
    }

    /** C8: cancel cancels every input; with all failing it is a FailureGroup of CancelledErrors. */
    @Test
    void cancelGivesFailureGroupOfCancelledErrors() {
        List<Deferred<String>> inputs = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            inputs.add(new Deferred<>());
        }
        Deferred<Indexed<String>> r = Defer.race(inputs);
        r.cancel();
        FailureGroup g = (FailureGroup) failureResultOf(r, FailureGroup.class).value();
        assertThat(g.failures()).hasSize(3).allSatisfy(f -> assertThat(f.check(CancelledError.class)).isNotNull());
        assertThat(inputs).allSatisfy(d -> assertThat(d.called()).isTrue());
    }

    /** A canceller that fires its input with a value turns the cancel into that input's win. */
    @Test
    void cancellerThatSucceedsWins() {
        Deferred<String> a = new Deferred<>();
        Deferred<String> b = new Deferred<>(d -> d.callback("from canceller"));
        Deferred<Indexed<String>> r = Defer.race(List.of(a, b));
        r.cancel();
        assertThat(successResultOf(r)).isEqualTo(new Indexed<>(1, "from canceller"));
    }

    /** A success that arrives after the winner (from a loser's canceller) is ignored. */
    @Test
    void successAfterTheWinnerIsIgnored() {
        Deferred<String> a = new Deferred<>();
        Deferred<String> b = new Deferred<>(d -> d.callback("late"));
        Deferred<Indexed<String>> r = Defer.race(List.of(a, b));
        a.callback("first");
        assertThat(successResultOf(r)).isEqualTo(new Indexed<>(0, "first"));
        assertThat(b.result()).isNull();
    }

    /** A result that arrives after the race was cancelled, by an input that ignored cancel, is dropped. */
    @Test
    void resultAfterCancelIsIgnored() {
        Deferred<String> stubborn = new Deferred<>();
        stubborn.pause(); // cancel then fires it, but its callbacks (the race's) cannot run yet
        Deferred<String> other = new Deferred<>();
        Deferred<Indexed<String>> r = Defer.race(List.of(stubborn, other));
        r.cancel();
        failureResultOf(r, CancelledError.class);
        stubborn.unpause();
        assertThat(stubborn.result()).isNull();
    }

    /** A throwing input canceller does not keep the winner's result from arriving. */
    @Test
    void throwingLoserCancellerDoesNotLoseTheWinnersResult() {
        Deferred<String> a = new Deferred<>(d -> {
            throw new IllegalStateException("canceller broke");
        });
        Deferred<String> b = new Deferred<>();
        Deferred<Indexed<String>> r = Defer.race(List.of(a, b));
        b.callback("b");
        assertThat(successResultOf(r)).isEqualTo(new Indexed<>(1, "b"));
        assertThat(b.result()).isNull();
    }

    /** Ten thousand inputs race without recursion trouble. */
    @Test
    void tenThousandInputs() {
        List<Deferred<Integer>> inputs = new ArrayList<>();
        for (int i = 0; i < 10_000; i++) {
            inputs.add(new Deferred<>());
        }
        Deferred<Indexed<Integer>> r = Defer.race(inputs);
        inputs.get(9_999).callback(42);
        assertThat(successResultOf(r)).isEqualTo(new Indexed<>(9_999, 42));
        assertThat(inputs.get(0).called()).isTrue();
    }

    /** Inputs firing on several threads at once: exactly one winner, every other input cancelled. */
    @Test
    void concurrentFiringHasExactlyOneWinner() throws Exception {
        int n = 1_000;
        List<Deferred<Integer>> inputs = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            inputs.add(new Deferred<>());
        }
        Deferred<Indexed<Integer>> r = Defer.race(inputs);
        AtomicInteger wins = new AtomicInteger();
        r.addCallback(x -> wins.incrementAndGet());
        int threads = 4;
        java.util.concurrent.CountDownLatch go = new java.util.concurrent.CountDownLatch(1);
        List<Thread> ts = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            int first = t;
            ts.add(Thread.ofPlatform().start(() -> {
                try {
                    go.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                for (int i = first; i < n; i += threads) {
                    try {
                        inputs.get(i).callback(i * 3);
                    } catch (AlreadyCalledError cancelledByTheWinner) {
                        // The race cancelled this input first: expected for all but the winner.
                    }
                }
            }));
        }
        go.countDown();
        for (Thread t : ts) {
            t.join();
        }
        assertThat(wins.get()).isEqualTo(1);
        assertThat(inputs).allSatisfy(d -> assertThat(d.called()).isTrue());
    }
}
