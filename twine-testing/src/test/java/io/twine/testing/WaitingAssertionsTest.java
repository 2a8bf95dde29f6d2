package io.twine.testing;

import static io.twine.testing.DeferredAssertions.await;
import static io.twine.testing.DeferredAssertions.failureOf;
import static io.twine.testing.DeferredAssertions.failureResultOf;
import static io.twine.testing.DeferredAssertions.resultOf;
import static io.twine.testing.DeferredAssertions.successResultOf;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.twine.defer.Deferred;
import io.twine.defer.Failure;
import io.twine.defer.UnhandledErrorRecording;
import io.twine.reactor.Reactor;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/**
 * {@link DeferredAssertions#await}, {@link DeferredAssertions#resultOf} and
 * {@link DeferredAssertions#failureOf}: waiting on the test thread for a Deferred fired by a
 * running reactor (the one {@link TwineExtension} injects).
 */
@TwineTest
class WaitingAssertionsTest {
    private static final Duration WAIT = Duration.ofSeconds(10);
    /** For the tests that expect the wait to run out: long enough to mean it, short for the build. */
    private static final Duration SHORT = Duration.ofMillis(50);

    /** A Deferred that the reactor's loop thread fires with {@code value}. */
    private static <T> Deferred<T> firedByTheLoop(Reactor reactor, T value) {
        Deferred<T> d = new Deferred<>();
        reactor.callFromThread(() -> d.callback(value));
        return d;
    }

    // -- resultOf ------------------------------------------------------------------------------

    @Test
    void resultOfReturnsTheValueOnceTheLoopFiresIt(Reactor reactor) {
        assertThat(resultOf(firedByTheLoop(reactor, "from the loop"), WAIT)).isEqualTo("from the loop");
    }

    @Test
    void resultOfReturnsTheValueOfPoolWork(Reactor reactor) {
        assertThat(resultOf(reactor.deferToThread(() -> 6 * 7), WAIT)).isEqualTo(42);
    }

    @Test
    void resultOfReturnsAtOnceWhenTheDeferredHasFiredAlready() {
        assertThat(resultOf(Deferred.succeed("ready"), Duration.ZERO)).isEqualTo("ready");
    }

    @Test
    void resultOfWaitsForTheEndOfAChainWaitingOnAnotherDeferred(Reactor reactor) {
        Deferred<String> inner = new Deferred<>();
        Deferred<String> outer = Deferred.succeed("outer").addCallbackDeferred(x -> inner);
        reactor.callLater(0, () -> inner.callback("inner"));

        assertThat(resultOf(outer, WAIT)).isEqualTo("inner");
    }

    @Test
    void resultOfLeavesTheValueForLaterCallbacks(Reactor reactor) {
        Deferred<String> d = firedByTheLoop(reactor, "kept");
        resultOf(d, WAIT);
        List<String> seen = new CopyOnWriteArrayList<>();

        d.addCallback(v -> {
            seen.add(v);
            return v;
        });
        // The loop thread may still be running d's chain, and then it runs our callback too;
        // waiting again lets that happen (callbacks run in order, so ours comes first).
        resultOf(d, WAIT);

        assertThat(seen).containsExactly("kept");
    }

    @Test
    void resultOfFailsWithTheTracebackAndConsumesTheFailure(Reactor reactor) {
        Deferred<String> d = reactor.deferToThread(() -> {
            throw new IOException("disk on fire");
        });

        AssertionError e = catchThrowableOfType(AssertionError.class, () -> resultOf(d, WAIT));

        assertThat(e).hasMessageStartingWith("Expected a success result from <Deferred at 0x")
                .hasMessageContaining("but it failed with java.io.IOException: disk on fire\n")
                .hasCauseInstanceOf(IOException.class);
        assertThat(resultOf(d, WAIT)).as("consumed, as successResultOf does").isNull();
    }

    @Test
    void resultOfTimesOutNamingADeferredThatHasNotFired() {
        Deferred<String> d = new Deferred<>();

        assertThatThrownBy(() -> resultOf(d, SHORT))
                .isInstanceOf(AssertionError.class)
                .hasMessageStartingWith("Expected a success result from <Deferred at 0x")
                .hasMessageEndingWith(" within 50 ms, but it has no result yet: it has not fired.");
    }

    @Test
    void resultOfTimesOutNamingAPausedDeferred() {
        Deferred<String> d = new Deferred<>();
        d.pause();
        d.callback("held");

        assertThatThrownBy(() -> resultOf(d, SHORT)).hasMessageEndingWith("it has fired but is paused (pause count 1).");
        d.unpause();
    }

    @Test
    void resultOfTimesOutNamingTheDeferredItIsWaitingOn() {
        Deferred<String> inner = new Deferred<>();
        Deferred<String> outer = Deferred.succeed("outer").addCallbackDeferred(x -> inner);

        assertThatThrownBy(() -> resultOf(outer, SHORT))
                .hasMessageContaining("it has fired but its chain is waiting on <Deferred at 0x");
        inner.callback("late");
    }

    @Test
    void aResultArrivingAfterTheTimeoutIsLeftForTheChain() {
        Deferred<String> d = new Deferred<>();
        catchThrowableOfType(AssertionError.class, () -> resultOf(d, Duration.ZERO));

        d.callback("late");

        assertThat(successResultOf(d)).isEqualTo("late");
    }

    @Test
    void aFailureArrivingAfterTheTimeoutIsStillUnhandled(UnhandledErrorRecording recording) {
        Deferred<String> d = new Deferred<>();
        catchThrowableOfType(AssertionError.class, () -> resultOf(d, Duration.ZERO));

        d.errback(new IOException("nobody is waiting any more"));

        assertThat(recording.flush()).singleElement()
                .satisfies(e -> assertThat(e.failure().value()).hasMessage("nobody is waiting any more"));
    }

    @Test
    void anInterruptedWaitFailsAndKeepsTheInterrupt() {
        Deferred<String> d = new Deferred<>();
        Thread.currentThread().interrupt();
        try {
            assertThatThrownBy(() -> resultOf(d, WAIT))
                    .isInstanceOf(AssertionError.class)
                    .hasMessageStartingWith("Interrupted while waiting for a success result from <Deferred at 0x")
                    .hasCauseInstanceOf(InterruptedException.class);
            assertThat(Thread.currentThread().isInterrupted()).isTrue();
        } finally {
            Thread.interrupted();
        }
    }

    @Test
    void aNegativeTimeoutIsRejected() {
        assertThatThrownBy(() -> resultOf(Deferred.succeed(1), Duration.ofMillis(-1)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("must not be negative");
    }

    @Test
    void manyDeferredsFiredByPoolThreadsAreEachWaitedFor(Reactor reactor) {
        List<Deferred<Integer>> ds = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            int n = i;
            ds.add(reactor.deferToThread(() -> n * n));
        }
        List<Integer> results = new CopyOnWriteArrayList<>();

        for (Deferred<Integer> d : ds) {
            results.add(resultOf(d, WAIT));
        }

        assertThat(results).hasSize(100).element(99).isEqualTo(99 * 99);
    }

    @Test
    void refusesToWaitOnTheInjectedReactorsLoopThread(Reactor reactor) {
        Deferred<Object> outcome = new Deferred<>();
        reactor.callFromThread(() -> {
            try {
                outcome.callback(resultOf(new Deferred<String>(), WAIT));
            } catch (IllegalStateException e) {
                outcome.callback(e);
            }
        });

        assertThat(resultOf(outcome, WAIT)).isInstanceOfSatisfying(IllegalStateException.class, e -> assertThat(e)
                .hasMessageStartingWith("Waiting for a success result from <Deferred at 0x")
                .hasMessageEndingWith("on the injected Reactor's loop thread, which would wait for itself:"
                        + " wait from the test thread instead"));
    }

    @Test
    void aResultAtHandIsReturnedEvenOnTheLoopThread(Reactor reactor) {
        Deferred<String> outcome = new Deferred<>();
        reactor.callFromThread(() -> outcome.callback(resultOf(Deferred.succeed("at hand"), WAIT)));

        assertThat(resultOf(outcome, WAIT)).isEqualTo("at hand");
    }

    // -- failureOf -----------------------------------------------------------------------------

    @Test
    void failureOfReturnsTheFailureAndConsumesIt(Reactor reactor) {
        Deferred<Object> d = reactor.deferToThread(() -> {
            throw new FileNotFoundException("no such file");
        });

        Failure f = failureOf(d, WAIT, IOException.class);

        assertThat(f.value()).isInstanceOf(FileNotFoundException.class).hasMessage("no such file");
        assertThat(resultOf(d, WAIT)).as("the chain goes on with null").isNull();
    }

    @Test
    void failureOfFailsWhenTheDeferredSucceeds(Reactor reactor) {
        assertThatThrownBy(() -> failureOf(firedByTheLoop(reactor, "fine"), WAIT))
                .isInstanceOf(AssertionError.class)
                .hasMessageEndingWith("but it succeeded with: fine");
    }

    @Test
    void failureOfFailsOnAnotherTypeAndStillConsumesIt(Reactor reactor) {
        Deferred<Object> d = reactor.deferToThread(() -> {
            throw new IllegalStateException("wrong kind");
        });

        assertThatThrownBy(() -> failureOf(d, WAIT, IOException.class))
                .hasMessageContaining("Expected a failure of type java.io.IOException from <Deferred at 0x")
                .hasMessageContaining("but it failed with java.lang.IllegalStateException: wrong kind")
                .hasCauseInstanceOf(IllegalStateException.class);
        assertThat(resultOf(d, WAIT)).isNull();
    }

    // -- await ---------------------------------------------------------------------------------

    @Test
    void awaitConsumesNothingSoTheOtherAssertionsCanReadTheFailure(Reactor reactor) {
        Deferred<Object> d = reactor.deferToThread(() -> {
            throw new IOException("read me");
        });

        failureResultOf(await(d, WAIT), IOException.class);
    }

    @Test
    void awaitTimesOutNamingTheState() {
        assertThatThrownBy(() -> await(new Deferred<String>(), SHORT))
                .isInstanceOf(AssertionError.class)
                .hasMessageStartingWith("Expected a result from <Deferred at 0x")
                .hasMessageEndingWith("but it has no result yet: it has not fired.");
    }
}
