package io.twine.task;

import static org.assertj.core.api.Assertions.assertThat;

import io.twine.defer.Deferred;
import io.twine.defer.Failure;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.junit.jupiter.api.Test;

/** LoopingCall behaviours that its main test leaves out: accessors, Duration start, a late failure of a stopped run. */
class LoopingCallEdgeCasesTest {

    @Test
    void startWithADurationUsesItsSecondsAsTheInterval() {
        ManualClock clock = new ManualClock();
        List<Double> calls = new ArrayList<>();
        LoopingCall lc = new LoopingCall(clock, () -> calls.add(clock.seconds()));
        lc.start(Duration.ofMillis(1500), false);
        assertThat(lc.interval()).isEqualTo(1.5);
        clock.pump(1.5, 1.5);
        assertThat(calls).containsExactly(1.5, 3.0);
        lc.stop();
    }

    @Test
    void theClockIsTheOneGiven() {
        ManualClock clock = new ManualClock();
        assertThat(new LoopingCall(clock, () -> null).clock()).isSameAs(clock);
    }

    @Test
    void intervalIsZeroBeforeTheFirstStart() {
        assertThat(new LoopingCall(new ManualClock(), () -> null).interval()).isZero();
    }

    @Test
    void toStringShowsTheIntervalAndTheFunction() {
        Callable<Object> f = new Callable<>() {
            @Override
            public Object call() {
                return null;
            }

            @Override
            public String toString() {
                return "tick";
            }
        };
        LoopingCall lc = new LoopingCall(new ManualClock(), f);
        lc.start(2.0, false);
        assertThat(lc).hasToString("LoopingCall<2.0>(tick)");
        lc.stop();
    }

    /**
     * Stopped while its function's Deferred was pending and started again: when that Deferred
     * later fails, the old run's Deferred fails with it and the new run goes on.
     */
    @Test
    void aLateFailureOfAStoppedRunFailsThatRunOnly() {
        ManualClock clock = new ManualClock();
        Deferred<Object> pending = new Deferred<>();
        List<Deferred<Object>> returned = new ArrayList<>(List.of(pending));
        LoopingCall lc = new LoopingCall(clock, () -> returned.isEmpty() ? null : returned.remove(0));
        Deferred<LoopingCall> first = lc.start(1.0, true);
        lc.stop();
        assertThat(first.called()).as("stop waits for the pending iteration").isFalse();
        Deferred<LoopingCall> second = lc.start(1.0, false);
        IOException late = new IOException("late");
        pending.errback(late);
        Object r = first.result();
        first.addErrback(f -> null);
        assertThat(r).isInstanceOfSatisfying(Failure.class, f -> assertThat(f.value()).isSameAs(late));
        assertThat(second.called()).isFalse();
        assertThat(lc.running()).isTrue();
        lc.stop();
        assertThat(second.result()).isSameAs(lc);
    }

    /** A clock that can be stepped back, as a wall clock adjusted by NTP can. */
    private static final class SteppedClock implements Clock {
        final ManualClock inner = new ManualClock();
        double offset;

        @Override
        public double seconds() {
            return inner.seconds() + offset;
        }

        @Override
        public DelayedCall callLater(double delaySeconds, Runnable f) {
            return inner.callLater(delaySeconds, f);
        }
    }

    /** Time running backwards past the start still schedules the next call at the next grid point. */
    @Test
    void aClockSteppedBackBeforeTheStartStaysOnTheIntervalGrid() {
        SteppedClock clock = new SteppedClock();
        clock.offset = 10;
        LoopingCall lc = new LoopingCall(clock, () -> {
            clock.offset -= 2.5; // now 7.5: the next grid point (10 + k) after it is 8
            return null;
        });
        lc.start(1.0, true);
        assertThat(clock.inner.getDelayedCalls()).singleElement()
                .satisfies(c -> assertThat(c.getTime()).isEqualTo(0.5));
        lc.stop();
    }
}
