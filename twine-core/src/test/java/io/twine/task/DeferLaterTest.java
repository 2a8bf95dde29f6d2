package io.twine.task;

import static io.twine.defer.Results.failureResultOf;
import static io.twine.defer.Results.successResultOf;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.twine.defer.CancelledError;
import io.twine.defer.Deferred;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Task.deferLater, after Twisted's DeferLaterTests. */
class DeferLaterTest {

    /** It fires with the function's result once the delay is over, not before. */
    @Test
    void firesWithTheFunctionsResultAfterTheDelay() {
        ManualClock clock = new ManualClock();
        List<String> calls = new ArrayList<>();
        Deferred<String> d = Task.deferLater(clock, 3, () -> {
            calls.add("called");
            return "flag";
        });
        clock.advance(2);
        assertThat(calls).isEmpty();
        assertThat(d.called()).isFalse();
        clock.advance(1);
        assertThat(calls).containsExactly("called");
        assertThat(successResultOf(d)).isEqualTo("flag");
    }

    /** An exception from the function fails the Deferred. */
    @Test
    void exceptionFromTheFunctionFailsTheDeferred() {
        ManualClock clock = new ManualClock();
        Deferred<String> d = Task.deferLater(clock, 1, () -> {
            throw new java.io.IOException("disk");
        });
        clock.advance(1);
        failureResultOf(d, java.io.IOException.class);
    }

    /** Cancel before the delay: the call is removed, the function never runs, CancelledError. */
    @Test
    void cancelRemovesTheCallAndTheFunctionNeverRuns() {
        ManualClock clock = new ManualClock();
        List<String> calls = new ArrayList<>();
        Deferred<Boolean> d = Task.deferLater(clock, 1, () -> calls.add("called"));
        d.cancel();
        failureResultOf(d, CancelledError.class);
        assertThat(clock.getDelayedCalls()).isEmpty();
        clock.advance(5);
        assertThat(calls).isEmpty();
    }

    /** Cancel after it fired does nothing. */
    @Test
    void cancelAfterFiringDoesNothing() {
        ManualClock clock = new ManualClock();
        Deferred<String> d = Task.deferLater(clock, 1, () -> "done");
        clock.advance(1);
        d.cancel();
        assertThat(successResultOf(d)).isEqualTo("done");
    }

    /** Without a function it fires with null. */
    @Test
    void withoutAFunctionFiresWithNull() {
        ManualClock clock = new ManualClock();
        Deferred<Void> d = Task.deferLater(clock, 2.0);
        clock.advance(1.5);
        assertThat(d.called()).isFalse();
        clock.advance(0.5);
        assertThat(successResultOf(d)).isNull();
    }

    /** A Duration delay works like seconds. */
    @Test
    void durationDelay() {
        ManualClock clock = new ManualClock();
        Deferred<Integer> d = Task.deferLater(clock, Duration.ofMillis(1500), () -> 7);
        clock.advance(1.4);
        assertThat(d.called()).isFalse();
        clock.advance(0.1);
        assertThat(successResultOf(d)).isEqualTo(7);
    }

    /** A function returning a Deferred is waited for, as for any callback. */
    @Test
    void functionReturningADeferredIsWaitedFor() {
        ManualClock clock = new ManualClock();
        Deferred<String> inner = new Deferred<>();
        Deferred<Object> d = Task.deferLater(clock, 1, () -> inner);
        clock.advance(1);
        assertThat(d.paused()).isEqualTo(1);
        inner.callback("later still");
        assertThat(successResultOf(d)).isEqualTo("later still");
    }

    /** A zero delay fires at the next advance, not inside deferLater. */
    @Test
    void zeroDelayFiresOnTheNextAdvance() {
        ManualClock clock = new ManualClock();
        Deferred<String> d = Task.deferLater(clock, 0, () -> "now");
        assertThat(d.called()).isFalse();
        clock.advance(0);
        assertThat(successResultOf(d)).isEqualTo("now");
    }

    /** Bad arguments are refused at once. */
    @Test
    void badArgumentsAreRefused() {
        ManualClock clock = new ManualClock();
        assertThatThrownBy(() -> Task.deferLater(clock, -1, () -> 1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Task.deferLater(clock, Double.NaN)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Task.deferLater(null, 1)).isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> Task.deferLater(clock, 1, null)).isInstanceOf(NullPointerException.class);
        assertThat(clock.getDelayedCalls()).isEmpty();
    }
}
