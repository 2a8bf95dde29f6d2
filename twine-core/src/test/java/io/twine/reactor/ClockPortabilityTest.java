package io.twine.reactor;

import static org.assertj.core.api.Assertions.assertThat;

import io.twine.defer.Deferred;
import io.twine.defer.Failure;
import io.twine.defer.TimeoutError;
import io.twine.task.Clock;
import io.twine.task.ManualClock;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The same Clock-based code, run on ManualClock in a test and on the Reactor for real. */
class ClockPortabilityTest {

    /**
     * Code written only against Clock: polls {@code source} every {@code interval} seconds until it
     * gives a value, giving up with TimeoutError after {@code timeout} seconds.
     */
    static Deferred<String> pollUntilReady(Clock clock, Source source, double interval, double timeout) {
        Deferred<String> result = new Deferred<>();
        Runnable[] poll = new Runnable[1];
        poll[0] = () -> {
            if (result.called()) {
                return; // timed out meanwhile
            }
            String v = source.poll();
            if (v != null) {
                result.callback(v);
            } else {
                clock.callLater(interval, poll[0]);
            }
        };
        clock.callLater(interval, poll[0]);
        return result.addTimeout(timeout, clock);
    }

    /** A value that shows up after a number of polls. */
    static final class Source {
        private final int readyAfter;
        final List<Integer> polls = new ArrayList<>();

        Source(int readyAfter) {
            this.readyAfter = readyAfter;
        }

        String poll() {
            polls.add(polls.size() + 1);
            return polls.size() >= readyAfter ? "ready after " + readyAfter : null;
        }
    }

    /** On ManualClock, time is advanced by hand and the outcome is exact. */
    @Test
    void pollsUntilReadyOnManualClock() {
        ManualClock clock = new ManualClock();
        Source source = new Source(3);
        Deferred<String> d = pollUntilReady(clock, source, 0.01, 1);
        clock.pump(0.01, 0.01);
        assertThat(d.called()).isFalse();
        clock.advance(0.01);
        assertThat(d.result()).isEqualTo("ready after 3");
        assertThat(clock.getDelayedCalls()).isEmpty(); // the timeout timer was cancelled
    }

    /** On the Reactor, the same code runs in real time on the loop thread, with the same outcome. */
    @Test
    void pollsUntilReadyOnTheReactor() throws Exception {
        try (RunningReactor r = new RunningReactor()) {
            Source source = new Source(3);
            Deferred<String>[] d = newArray();
            r.onLoop(() -> d[0] = pollUntilReady(r.reactor, source, 0.01, 30));
            assertThat(RunningReactor.await(d[0])).isEqualTo("ready after 3");
            assertThat(source.polls).containsExactly(1, 2, 3);
            r.onLoop(() -> assertThat(r.reactor.getDelayedCalls()).isEmpty());
        }
    }

    /** On ManualClock, a source that never gets ready times out. */
    @Test
    void timesOutOnManualClock() {
        ManualClock clock = new ManualClock();
        Deferred<String> d = pollUntilReady(clock, new Source(Integer.MAX_VALUE), 0.01, 0.05);
        clock.pump(0.01, 0.01, 0.01, 0.01, 0.01);
        assertThat(d.result()).isInstanceOfSatisfying(Failure.class,
                f -> assertThat(f.value()).isInstanceOf(TimeoutError.class));
        d.addErrback(f -> null);
        clock.advance(1);
        assertThat(clock.getDelayedCalls()).isEmpty(); // polling stopped
    }

    /** On the Reactor, the same source times out the same way. */
    @Test
    void timesOutOnTheReactor() throws Exception {
        try (RunningReactor r = new RunningReactor()) {
            Deferred<String>[] d = newArray();
            r.onLoop(() -> d[0] = pollUntilReady(r.reactor, new Source(Integer.MAX_VALUE), 0.01, 0.05));
            Object outcome;
            try {
                outcome = RunningReactor.await(d[0]);
            } catch (Failure f) {
                outcome = f.value();
            }
            assertThat(outcome).isInstanceOf(TimeoutError.class);
        }
    }

    @SuppressWarnings("unchecked")
    private static Deferred<String>[] newArray() {
        return (Deferred<String>[]) new Deferred<?>[1];
    }
}
