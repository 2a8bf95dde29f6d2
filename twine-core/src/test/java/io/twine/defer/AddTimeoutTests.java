package io.twine.defer;

import static io.twine.defer.DeferredAssertions.assertNoResult;
import static io.twine.defer.DeferredAssertions.failureResultOf;
import static io.twine.defer.DeferredAssertions.successResultOf;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatNullPointerException;

import io.twine.task.ManualClock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** addTimeout on a ManualClock (test_defer.py DeferredAddTimeoutTests, plus E17). */
class AddTimeoutTests {
    private final ManualClock clock = new ManualClock();

    /** Twisted's _overrideFunc. */
    private static Object override(Object resultOrFailure, double timeout) {
        return "OVERRIDDEN";
    }

    @Test
    void addTimeoutReturnsTheSameDeferredForChaining() {
        Deferred<Object> d = new Deferred<>();
        assertThat(d.addTimeout(5, clock)).isSameAs(d);
        d.addCallback(x -> "done");
        d.callback(null);
        assertThat(successResultOf(d)).isEqualTo("done");
    }

    @Test
    void successBeforeTimeoutIsDeliveredAndNothingIsCancelledLater() {
        Deferred<String> d = new Deferred<>();
        d.addTimeout(10, clock);
        Deferred<Void> inner = new Deferred<>();
        List<String> seen = new ArrayList<>();
        d.addCallbackDeferred(r -> { seen.add(r); return inner; });
        d.callback("results");
        assertThat(seen).containsExactly("results");
        clock.advance(15);
        assertNoResult(inner);
    }

    @Test
    void successBeforeTimeoutWithCustomConversionIsDelivered() {
        Deferred<String> d = new Deferred<>();
        d.addTimeout(10, clock, AddTimeoutTests::override);
        Deferred<Void> inner = new Deferred<>();
        List<String> seen = new ArrayList<>();
        d.addCallbackDeferred(r -> { seen.add(r); return inner; });
        d.callback("results");
        assertThat(seen).containsExactly("results");
        clock.advance(15);
        assertNoResult(inner);
    }

    @Test
    void failureBeforeTimeoutIsDeliveredAndNothingIsCancelledLater() {
        Deferred<Void> d = new Deferred<>();
        d.addTimeout(10, clock);
        Deferred<Void> inner = new Deferred<>();
        IllegalArgumentException error = new IllegalArgumentException("fail");
        List<Failure> seen = new ArrayList<>();
        d.addErrbackDeferred(f -> { seen.add(f); return inner; });
        d.errback(error);
        assertThat(seen).singleElement().satisfies(f -> assertThat(f.value()).isSameAs(error));
        clock.advance(15);
        assertNoResult(inner);
    }

    @Test
    void failureBeforeTimeoutWithCustomConversionIsDelivered() {
        Deferred<Void> d = new Deferred<>();
        d.addTimeout(10, clock, AddTimeoutTests::override);
        Deferred<Void> inner = new Deferred<>();
        IllegalArgumentException error = new IllegalArgumentException("fail");
        List<Failure> seen = new ArrayList<>();
        d.addErrbackDeferred(f -> { seen.add(f); return inner; });
        d.errback(error);
        assertThat(seen).singleElement().satisfies(f -> assertThat(f.value()).isSameAs(error));
        clock.advance(15);
        assertNoResult(inner);
    }

    @Test
    void timeoutFailsWithTimeoutError() {
        Deferred<Void> d = new Deferred<>();
        d.addTimeout(10, clock);
        assertNoResult(d);
        clock.advance(15);
        failureResultOf(d, TimeoutError.class);
    }

    @Test
    void timeoutErrorCarriesTheTimeout() {
        // E17: addTimeout(5, clock); advance(5)
        Deferred<Void> d = new Deferred<>();
        d.addTimeout(5, clock);
        clock.advance(5);
        Failure f = failureResultOf(d, TimeoutError.class);
        assertThat(((TimeoutError) f.value()).timeoutSeconds()).isEqualTo(5.0);
        assertThat(f.getErrorMessage()).contains("timed out after 5.0 seconds");
    }

    @Test
    void timeoutDoesNotFireBeforeTheDeadline() {
        Deferred<Void> d = new Deferred<>();
        d.addTimeout(10, clock);
        clock.advance(9.999);
        assertThat(d.called()).isFalse();
        clock.advance(0.001);
        failureResultOf(d, TimeoutError.class);
    }

    @Test
    void durationOverloadTimesOutLikeSeconds() {
        Deferred<Void> d = new Deferred<>();
        d.addTimeout(Duration.ofMillis(1500), clock);
        clock.advance(1.4);
        assertThat(d.called()).isFalse();
        clock.advance(0.1);
        assertThat(((TimeoutError) failureResultOf(d, TimeoutError.class).value()).timeoutSeconds()).isEqualTo(1.5);
    }

    @Test
    void customConversionDecidesTheResultOnTimeout() {
        Deferred<Object> d = new Deferred<>();
        d.addTimeout(10, clock, AddTimeoutTests::override);
        assertNoResult(d);
        clock.advance(15);
        assertThat(successResultOf(d)).isEqualTo("OVERRIDDEN");
    }

    @Test
    void customConversionReceivesTheCancellationOutcomeAndTheTimeout() {
        List<Object> args = new ArrayList<>();
        Deferred<Void> d = new Deferred<>();
        d.addTimeout(3, clock, (r, t) -> { args.add(r); args.add(t); return null; });
        clock.advance(3);
        assertThat(args).hasSize(2);
        assertThat(args.get(0)).isInstanceOfSatisfying(Failure.class,
                f -> assertThat(f.check(CancelledError.class)).isNotNull());
        assertThat(args.get(1)).isEqualTo(3.0);
    }

    @Test
    void customConversionThatThrowsFailsTheDeferred() {
        IllegalStateException mine = new IllegalStateException("converted");
        Deferred<Void> d = new Deferred<>();
        d.addTimeout(1, clock, (r, t) -> { throw mine; });
        clock.advance(1);
        assertThat(failureResultOf(d).value()).isSameAs(mine);
    }

    @Test
    void cancellerThatSucceedsGivesItsValueOnTimeout() {
        Deferred<String> d = new Deferred<>(c -> c.callback("I was cancelled!"));
        d.addTimeout(10, clock);
        assertNoResult(d);
        clock.advance(15);
        assertThat(successResultOf(d)).isEqualTo("I was cancelled!");
    }

    @Test
    void cancellerThatFailsGivesItsFailureOnTimeout() {
        IllegalArgumentException error = new IllegalArgumentException("what!");
        Deferred<Void> d = new Deferred<>(c -> c.errback(error));
        d.addTimeout(10, clock);
        assertNoResult(d);
        clock.advance(15);
        assertThat(failureResultOf(d, IllegalArgumentException.class).value()).isSameAs(error);
    }

    @Test
    void customConversionHandlesTheCancellersFailure() {
        Deferred<Object> d = new Deferred<>(c -> c.errback(new IllegalArgumentException("what!")));
        d.addTimeout(10, clock, AddTimeoutTests::override);
        clock.advance(15);
        assertThat(successResultOf(d)).isEqualTo("OVERRIDDEN");
    }

    @Test
    void manualCancelBeforeTimeoutKeepsTheCancelledErrorAndIsNotRepeated() {
        Deferred<Void> d = new Deferred<>();
        d.addTimeout(10, clock);
        Deferred<Void> inner = new Deferred<>();
        List<Failure> seen = new ArrayList<>();
        d.addErrbackDeferred(f -> { seen.add(f); return inner; });
        d.cancel();
        assertThat(seen).singleElement().satisfies(f -> assertThat(f.type()).isEqualTo(CancelledError.class));
        clock.advance(15);
        assertNoResult(inner);
    }

    @Test
    void manualCancelBeforeTimeoutDoesNotCallTheCustomConversion() {
        AtomicInteger conversions = new AtomicInteger();
        Deferred<Void> d = new Deferred<>();
        d.addTimeout(10, clock, (r, t) -> { conversions.incrementAndGet(); return "OVERRIDDEN"; });
        Deferred<Void> inner = new Deferred<>();
        List<Failure> seen = new ArrayList<>();
        d.addErrbackDeferred(f -> { seen.add(f); return inner; });
        d.cancel();
        assertThat(seen).singleElement().satisfies(f -> assertThat(f.type()).isEqualTo(CancelledError.class));
        clock.advance(15);
        assertNoResult(inner);
        assertThat(conversions).hasValue(0);
    }

    @Test
    void errbackAddedBeforeTheTimeoutSeesCancelledErrorAndPassingItOnGivesTimeoutError() {
        Deferred<Void> d = new Deferred<>();
        List<Failure> seen = new ArrayList<>();
        d.addErrback(f -> { seen.add(f); throw f; });
        d.addTimeout(10, clock);
        clock.advance(15);
        assertThat(seen).singleElement().satisfies(f -> assertThat(f.value()).isInstanceOf(CancelledError.class));
        failureResultOf(d, TimeoutError.class);
    }

    @Test
    void errbackAddedBeforeTheTimeoutThatSwallowsTheCancellationMakesItSucceed() {
        Deferred<Void> d = new Deferred<>();
        List<Failure> seen = new ArrayList<>();
        d.addErrback(f -> { seen.add(f); f.trap(CancelledError.class); return null; });
        d.addTimeout(10, clock);
        clock.advance(15);
        assertThat(seen).singleElement().satisfies(f -> assertThat(f.value()).isInstanceOf(CancelledError.class));
        assertThat(successResultOf(d)).isNull();
    }

    @Test
    void errbackAddedBeforeTheTimeoutPassingItOnStillGetsTheCustomConversion() {
        Deferred<Object> d = new Deferred<>();
        List<Failure> seen = new ArrayList<>();
        d.addErrback(f -> { seen.add(f); throw f; });
        d.addTimeout(10, clock, AddTimeoutTests::override);
        clock.advance(15);
        assertThat(seen).singleElement().satisfies(f -> assertThat(f.value()).isInstanceOf(CancelledError.class));
        assertThat(successResultOf(d)).isEqualTo("OVERRIDDEN");
    }

    @Test
    void errbackAddedBeforeTheTimeoutThatSwallowsStillGetsTheCustomConversion() {
        Deferred<Object> d = new Deferred<>();
        List<Failure> seen = new ArrayList<>();
        d.addErrback(f -> { seen.add(f); return null; });
        d.addTimeout(10, clock, AddTimeoutTests::override);
        clock.advance(15);
        assertThat(seen).singleElement().satisfies(f -> assertThat(f.value()).isInstanceOf(CancelledError.class));
        assertThat(successResultOf(d)).isEqualTo("OVERRIDDEN");
    }

    @Test
    void callbackBeforeTheTimeoutRunsWhenTheCancellerSucceeds() {
        Deferred<String> d = new Deferred<>(c -> c.callback("success"));
        List<String> seen = new ArrayList<>();
        d.addCallback(v -> { seen.add(v); return v; });
        d.addTimeout(10, clock);
        clock.advance(15);
        assertThat(seen).containsExactly("success");
        assertThat(successResultOf(d)).isEqualTo("success");
    }

    @Test
    void callbackBeforeTheTimeoutRunsAndTheCustomConversionStillApplies() {
        Deferred<String> d = new Deferred<>(c -> c.callback("success"));
        List<String> seen = new ArrayList<>();
        d.addCallback(v -> { seen.add(v); return v; });
        d.addTimeout(10, clock, AddTimeoutTests::override);
        clock.advance(15);
        assertThat(seen).containsExactly("success");
        assertThat(successResultOf(d)).isEqualTo("OVERRIDDEN");
    }

    @Test
    void pendingTimerIsCancelledOnceTheDeferredFires() {
        Deferred<Integer> d = new Deferred<>();
        d.addTimeout(10, clock);
        assertThat(clock.getDelayedCalls()).hasSize(1);
        d.callback(1);
        assertThat(clock.getDelayedCalls()).isEmpty();
    }

    @Test
    void timerIsGoneAfterTheTimeout() {
        Deferred<Integer> d = new Deferred<>();
        d.addTimeout(10, clock);
        clock.advance(10);
        assertThat(clock.getDelayedCalls()).isEmpty();
        failureResultOf(d, TimeoutError.class);
    }

    @Test
    void addTimeoutToAFiredDeferredLeavesNoTimer() {
        Deferred<Integer> d = Deferred.succeed(1);
        d.addTimeout(10, clock);
        assertThat(clock.getDelayedCalls()).isEmpty();
        clock.advance(20);
        assertThat(successResultOf(d)).isEqualTo(1);
    }

    @Test
    void timeoutWhileWaitingOnAChainedDeferredCancelsIt() {
        AtomicInteger innerCancels = new AtomicInteger();
        Deferred<Integer> inner = new Deferred<>(ignored -> innerCancels.incrementAndGet());
        Deferred<Integer> d = new Deferred<>();
        d.addCallbackDeferred(x -> inner);
        d.addTimeout(10, clock);
        d.callback(0);
        clock.advance(10);
        assertThat(innerCancels).hasValue(1);
        failureResultOf(d, TimeoutError.class);
    }

    @Test
    void negativeOrNotANumberTimeoutIsRefusedAndSchedulesNothing() {
        Deferred<Integer> d = new Deferred<>();
        assertThatIllegalArgumentException().isThrownBy(() -> d.addTimeout(-1, clock)).withMessageContaining("timeout");
        assertThatIllegalArgumentException().isThrownBy(() -> d.addTimeout(Double.NaN, clock));
        assertThatIllegalArgumentException().isThrownBy(() -> d.addTimeout(Double.POSITIVE_INFINITY, clock));
        assertThat(clock.getDelayedCalls()).isEmpty();
        d.callback(1);
        assertThat(successResultOf(d)).isEqualTo(1);
    }

    @Test
    void nullClockIsRefused() {
        Deferred<Integer> d = new Deferred<>();
        assertThatNullPointerException().isThrownBy(() -> d.addTimeout(1, null)).withMessageContaining("clock");
    }

    @Test
    void zeroTimeoutFiresOnTheNextAdvance() {
        Deferred<Integer> d = new Deferred<>();
        d.addTimeout(0, clock);
        assertThat(d.called()).isFalse();
        clock.advance(0);
        failureResultOf(d, TimeoutError.class);
    }
}
