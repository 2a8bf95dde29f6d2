package io.twine.task;

import static io.twine.defer.Results.failureResultOf;
import static io.twine.defer.Results.successResultOf;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.twine.defer.Deferred;
import io.twine.defer.Failure;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** LoopingCall, after Twisted's LoopTests and ReactorLoopTests, on a ManualClock. */
class LoopingCallTest {
    private final ManualClock clock = new ManualClock();

    /** start(interval) calls at once, then once per interval; stop fires the Deferred with the loop. */
    @Test
    void callsNowThenEveryIntervalAndStopFiresWithTheLoop() {
        List<Double> times = new ArrayList<>();
        LoopingCall lc = new LoopingCall(clock, () -> times.add(clock.seconds()));
        Deferred<LoopingCall> d = lc.start(0.1);
        clock.pump(0.05, 0.1, 0.1);
        assertThat(times).hasSize(3);
        assertThat(lc.running()).isTrue();
        lc.stop();
        assertThat(successResultOf(d)).isSameAs(lc);
        assertThat(lc.running()).isFalse();
        assertThat(clock.getDelayedCalls()).isEmpty();
    }

    /** With now = false, the first call is one interval after start. */
    @Test
    void delayedStart() {
        List<Double> times = new ArrayList<>();
        LoopingCall lc = new LoopingCall(clock, () -> times.add(clock.seconds()));
        lc.start(0.1, false);
        assertThat(times).isEmpty();
        clock.pump(0.05, 0.1, 0.1);
        assertThat(times).hasSize(2);
        lc.stop();
        assertThat(clock.getDelayedCalls()).isEmpty();
    }

    /** stop() right after start prevents any call, for a zero and a non-zero interval. */
    @Test
    void stopBeforeTheFirstCallPreventsIt() {
        for (double interval : new double[] {0, 10}) {
            List<String> ran = new ArrayList<>();
            LoopingCall lc = new LoopingCall(clock, () -> ran.add("x"));
            lc.start(interval, false);
            lc.stop();
            clock.advance(20);
            assertThat(ran).isEmpty();
            assertThat(clock.getDelayedCalls()).isEmpty();
        }
    }

    /** A late clock skips the missed intervals instead of making them up. */
    @Test
    void lateClockSkipsMissedIntervals() {
        List<Double> times = new ArrayList<>();
        LoopingCall lc = new LoopingCall(clock, () -> times.add(clock.seconds()));
        lc.start(0.5);
        clock.advance(2);
        assertThat(times).containsExactly(0.0, 2.0);
        clock.advance(1);
        assertThat(times).containsExactly(0.0, 2.0, 3.0);
        clock.advance(0);
        assertThat(times).containsExactly(0.0, 2.0, 3.0);
    }

    /** A call that itself takes longer than the interval skips to the next future grid point. */
    @Test
    void slowCallSkipsToTheNextFutureInterval() {
        List<Double> times = new ArrayList<>();
        double[] callDuration = {2};
        LoopingCall lc = new LoopingCall(clock, () -> {
            times.add(clock.seconds());
            clock.advance(callDuration[0]);
            return null;
        });
        lc.start(0.5);
        assertThat(times).containsExactly(0.0);
        assertThat(clock.seconds()).isEqualTo(2.0);
        clock.advance(0);
        assertThat(times).containsExactly(0.0);
        callDuration[0] = 1;
        clock.advance(0.5);
        assertThat(times).containsExactly(0.0, 2.5);
        assertThat(clock.seconds()).isEqualTo(3.5);
        clock.advance(0);
        assertThat(times).containsExactly(0.0, 2.5);
        callDuration[0] = 0;
        clock.advance(0.5);
        assertThat(times).containsExactly(0.0, 2.5, 4.0);
    }

    /** withCount passes the number of intervals that went by, skipped ones included. */
    @Test
    void withCountPassesElapsedIntervals() {
        List<double[]> calls = new ArrayList<>();
        LoopingCall lc = LoopingCall.withCount(clock, n -> calls.add(new double[] {clock.seconds(), n}));
        lc.start(0.5);
        clock.advance(0.51);
        clock.advance(3 * 0.5 + 0.01);
        clock.advance(0);
        assertThat(calls).extracting(c -> c[1]).containsExactly(1.0, 1.0, 3.0);
        assertThat(calls.get(2)[0]).isCloseTo(2.02, org.assertj.core.data.Offset.offset(1e-9));
    }

    /** withCount counts only whole missed intervals: 1.75 intervals late still counts 1. */
    @Test
    void withCountCountsWholeIntervalsOnly() {
        List<Integer> counts = new ArrayList<>();
        LoopingCall lc = LoopingCall.withCount(clock, n -> counts.add(n));
        lc.start(0.5);
        clock.advance(0.51);
        clock.advance(0.5 * 1.75);
        clock.advance(0.5 * 0.25);
        assertThat(counts).containsExactly(1, 1, 1, 1);
    }

    /** withCount never passes 0 and sums to the elapsed intervals, even with 0.1 steps. */
    @Test
    void withCountFloatingPointBoundary() {
        List<Integer> counts = new ArrayList<>();
        LoopingCall lc = LoopingCall.withCount(clock, n -> counts.add(n));
        double interval = 1.0 / 10;
        lc.start(interval, false);
        for (int i = 0; i < 10; i++) {
            clock.advance(interval);
        }
        double sum = 0;
        for (int i = 0; i < 10; i++) {
            sum += interval;
        }
        double epsilon = 1.0 - sum;
        assertThat(Math.abs(epsilon)).isGreaterThan(0.0);
        clock.advance(epsilon);
        assertThat(counts.stream().mapToInt(Integer::intValue).sum()).isEqualTo(10);
        assertThat(counts).doesNotContain(0);
    }

    /** withCount with interval 0 always passes 1. */
    @Test
    void withCountIntervalZeroPassesOne() {
        List<Integer> counts = new ArrayList<>();
        LoopingCall[] lc = new LoopingCall[1];
        lc[0] = LoopingCall.withCount(clock, n -> {
            counts.add(n);
            if (counts.size() > 4) {
                lc[0].stop();
            }
            return null;
        });
        Deferred<LoopingCall> d = lc[0].start(0, false);
        clock.pump(0, 0, 0, 0, 0);
        successResultOf(d);
        assertThat(counts).containsExactly(1, 1, 1, 1, 1);
    }

    /** A function returning a Deferred delays the next call until it fires; withCount counts the gap. */
    @Test
    void returnedDeferredDelaysTheNextCall() {
        Deferred<Void> slow = new Deferred<>();
        List<Integer> counts = new ArrayList<>();
        LoopingCall lc = LoopingCall.withCount(clock, n -> {
            counts.add(n);
            return counts.size() == 1 ? slow : null;
        });
        lc.start(0.2, false);
        clock.pump(0.2, 0.4);
        assertThat(counts).containsExactly(1);
        slow.callback(null);
        clock.pump(0.2);
        assertThat(counts).containsExactly(1, 3);
    }

    /** The function is not called again while its Deferred is pending, however much time passes. */
    @Test
    void noCallWhileTheReturnedDeferredIsPending() {
        List<Deferred<Void>> returned = new ArrayList<>();
        LoopingCall lc = new LoopingCall(clock, () -> {
            Deferred<Void> d = new Deferred<>();
            returned.add(d);
            return d;
        });
        lc.start(0.2);
        clock.pump(1, 1, 1);
        assertThat(returned).hasSize(1);
        assertThat(clock.getDelayedCalls()).isEmpty();
    }

    /** A function that throws stops the loop and fails the start Deferred. */
    @Test
    void throwingFunctionFailsTheLoop() {
        LoopingCall lc = new LoopingCall(clock, () -> {
            throw new IllegalStateException("bar");
        });
        Deferred<LoopingCall> d = lc.start(0.1);
        Failure f = failureResultOf(d, IllegalStateException.class);
        assertThat(f.getErrorMessage()).isEqualTo("bar");
        assertThat(lc.running()).isFalse();
        assertThat(clock.getDelayedCalls()).isEmpty();
    }

    /** stop() from inside the function, which then throws: the failure wins. */
    @Test
    void stopThenThrowInsideTheFunctionFails() {
        LoopingCall[] lc = new LoopingCall[1];
        lc[0] = new LoopingCall(clock, () -> {
            lc[0].stop();
            throw new IllegalStateException("bar");
        });
        failureResultOf(lc[0].start(0.1), IllegalStateException.class);
    }

    /** A failing returned Deferred fails the loop, and nothing stays scheduled. */
    @Test
    void failingReturnedDeferredFailsTheLoop() {
        LoopingCall lc = new LoopingCall(clock, () -> Task.deferLater(clock, 0.3, () -> {
            throw new IllegalArgumentException("later");
        }));
        Deferred<LoopingCall> d = lc.start(1);
        clock.pump(0.3);
        failureResultOf(d, IllegalArgumentException.class);
        assertThat(clock.getDelayedCalls()).isEmpty();
    }

    /** stop() while the function's Deferred is pending fires the loop's Deferred when that one fires. */
    @Test
    void stopWhileTheReturnedDeferredIsPendingFiresLater() {
        Deferred<Void> pending = new Deferred<>();
        LoopingCall lc = new LoopingCall(clock, () -> pending);
        Deferred<LoopingCall> d = lc.start(1);
        lc.stop();
        assertThat(d.called()).isFalse();
        pending.callback(null);
        assertThat(successResultOf(d)).isSameAs(lc);
        assertThat(clock.getDelayedCalls()).isEmpty();
    }

    /** stop() from inside the function: the loop's Deferred fires after the call, nothing more runs. */
    @Test
    void stopFromInsideTheFunction() {
        List<String> ran = new ArrayList<>();
        LoopingCall[] lc = new LoopingCall[1];
        lc[0] = new LoopingCall(clock, () -> {
            ran.add("x");
            if (ran.size() > 5) {
                lc[0].stop();
            }
            return null;
        });
        Deferred<LoopingCall> d = lc[0].start(0);
        for (int i = 0; i < 10; i++) {
            clock.advance(0);
        }
        assertThat(successResultOf(d)).isSameAs(lc[0]);
        assertThat(ran).hasSize(6);
    }

    /** reset() skips the pending call and restarts the interval from now. */
    @Test
    void resetRestartsTheInterval() {
        List<String> ran = new ArrayList<>();
        LoopingCall lc = new LoopingCall(clock, () -> ran.add("x"));
        lc.start(2, false);
        clock.advance(1);
        lc.reset();
        clock.advance(1);
        assertThat(ran).isEmpty();
        clock.advance(1);
        assertThat(ran).containsExactly("x");
    }

    /** start twice, stop or reset when not running, and a negative interval are refused. */
    @Test
    void misuseIsRefused() {
        LoopingCall lc = new LoopingCall(clock, () -> null);
        assertThatThrownBy(() -> lc.start(-1)).isInstanceOf(IllegalArgumentException.class);
        assertThat(lc.running()).isFalse();
        assertThatThrownBy(lc::stop).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(lc::reset).isInstanceOf(IllegalStateException.class);
        lc.start(1);
        assertThatThrownBy(() -> lc.start(1)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("already running");
        lc.stop();
    }

    /** A stopped loop can be started again. */
    @Test
    void canBeRestartedAfterStop() {
        List<Double> times = new ArrayList<>();
        LoopingCall lc = new LoopingCall(clock, () -> times.add(clock.seconds()));
        lc.start(1);
        lc.stop();
        clock.advance(5);
        Deferred<LoopingCall> again = lc.start(1, false);
        clock.advance(1);
        assertThat(times).containsExactly(0.0, 6.0);
        lc.stop();
        successResultOf(again);
    }

    /** The function's ordinary results are ignored; a returned Failure stops the loop. */
    @Test
    void returnedFailureStopsTheLoop() {
        LoopingCall lc = new LoopingCall(clock, () -> new Failure(new IllegalStateException("as value")));
        failureResultOf(lc.start(1), IllegalStateException.class);
    }

    /** Restarting while an earlier run's Deferred is pending: the old run finishes, the new one runs once per interval. */
    @Test
    void restartWhileAnEarlierIterationIsPending() {
        List<Deferred<Void>> returned = new ArrayList<>();
        List<Double> times = new ArrayList<>();
        LoopingCall lc = new LoopingCall(clock, () -> {
            times.add(clock.seconds());
            Deferred<Void> d = new Deferred<>();
            returned.add(d);
            return returned.size() == 1 ? d : null;
        });
        Deferred<LoopingCall> first = lc.start(1);
        lc.stop();
        Deferred<LoopingCall> second = lc.start(1, false);
        returned.get(0).callback(null);
        assertThat(successResultOf(first)).isSameAs(lc);
        assertThat(second.called()).isFalse();
        assertThat(clock.getDelayedCalls()).hasSize(1);
        clock.pump(1, 1);
        assertThat(times).containsExactly(0.0, 1.0, 2.0);
        lc.stop();
        successResultOf(second);
    }

    /**
     * A stop() that loses the race with the clock (the call was already taken off the queue, so
     * it cannot be cancelled): that call does not run the function and fires the start Deferred.
     */
    @Test
    void stopRacingWithTheClockTakingTheCall() {
        List<Runnable> taken = new ArrayList<>();
        Clock racing = new Clock() {
            @Override
            public double seconds() {
                return 0;
            }

            @Override
            public DelayedCall callLater(double delaySeconds, Runnable f) {
                taken.add(f);
                return alreadyTaken();
            }
        };
        List<String> ran = new ArrayList<>();
        LoopingCall lc = new LoopingCall(racing, () -> ran.add("x"));
        Deferred<LoopingCall> d = lc.start(1, false);
        lc.stop();
        assertThat(d.called()).as("stop could not cancel the call, so it leaves the firing to it").isFalse();
        taken.get(0).run();
        assertThat(ran).isEmpty();
        assertThat(successResultOf(d)).isSameAs(lc);
    }

    /** A DelayedCall the clock has already taken: cancel() says AlreadyCalled. */
    private static DelayedCall alreadyTaken() {
        ManualClock c = new ManualClock();
        DelayedCall call = c.callLater(0, () -> { });
        c.advance(0);
        return call;
    }
}
