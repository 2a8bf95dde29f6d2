package io.twine.reactor;

import static org.assertj.core.api.Assertions.assertThat;

import io.twine.defer.Deferred;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** React.react: run until main's Deferred fires, then exit with a status. */
class ReactTest {
    private final RecordingLogger log = new RecordingLogger();
    // No slow-call reports: on a busy machine they would add log entries the tests do not expect.
    private final Reactor reactor = Reactor.builder().logger(log).slowCallThreshold(null).build();
    private final List<Integer> exits = new ArrayList<>();

    /** A Deferred that succeeds gives status 0 and stops the reactor. */
    @Test
    void successExitsWithZero() {
        React.react(reactor, r -> Deferred.succeed("fine"), exits::add);
        assertThat(exits).containsExactly(0);
        assertThat(reactor.isRunning()).isFalse();
        assertThat(log.entries).isEmpty();
    }

    /** main runs on the loop thread, and the reactor runs until main's Deferred fires later. */
    @Test
    void runsUntilTheDeferredFires() {
        AtomicReference<Boolean> onLoop = new AtomicReference<>();
        List<String> seen = new ArrayList<>();
        React.react(reactor, r -> {
            onLoop.set(r.isInLoopThread());
            Deferred<String> d = new Deferred<>();
            r.callLater(0.01, () -> {
                seen.add("timer");
                d.callback("done");
            });
            return d;
        }, exits::add);
        assertThat(onLoop.get()).isTrue();
        assertThat(seen).containsExactly("timer");
        assertThat(exits).containsExactly(0);
    }

    /** reactCoroutine: main runs as a coroutine that awaits timers; returning exits with 0. */
    @Test
    void coroutineMainAwaitsAndExitsWithZero() {
        List<String> seen = new ArrayList<>();
        React.reactCoroutine(reactor, r -> {
            Deferred<String> d = new Deferred<>();
            r.callLater(0.01, () -> d.callback("tick"));
            seen.add(io.twine.defer.Coroutines.await(d));
            return null;
        }, exits::add);
        assertThat(seen).containsExactly("tick");
        assertThat(exits).containsExactly(0);
    }

    /** reactCoroutine: main that throws after an await exits with 1. */
    @Test
    void coroutineMainThatThrowsExitsWithOne() {
        React.reactCoroutine(reactor, r -> {
            Deferred<String> d = new Deferred<>();
            r.callLater(0.01, () -> d.callback("tick"));
            io.twine.defer.Coroutines.await(d);
            throw new IOException("broken after the await");
        }, exits::add);
        assertThat(exits).containsExactly(1);
    }

    /** A failed Deferred gives status 1 and logs the failure as "main function encountered error". */
    @Test
    void failureExitsWithOneAndIsLogged() {
        IOException boom = new IOException("boom");
        React.react(reactor, r -> Deferred.fail(boom), exits::add);
        assertThat(exits).containsExactly(1);
        assertThat(log.entries).singleElement().satisfies(e -> {
            assertThat(e.level()).isEqualTo(System.Logger.Level.ERROR);
            assertThat(e.message()).isEqualTo("main function encountered error");
            assertThat(e.error()).isSameAs(boom);
        });
    }

    /** A SystemExit failure gives its own status, and is not logged. */
    @Test
    void systemExitGivesItsStatus() {
        React.react(reactor, r -> Deferred.fail(new SystemExit(3)), exits::add);
        assertThat(exits).containsExactly(3);
        assertThat(log.entries).isEmpty();
    }

    /** A main that throws gives status 1. */
    @Test
    void mainThatThrowsExitsWithOne() {
        React.react(reactor, r -> {
            throw new IllegalStateException("bad start");
        }, exits::add);
        assertThat(exits).containsExactly(1);
        assertThat(log.entries).singleElement().satisfies(e -> assertThat(e.error()).hasMessage("bad start"));
    }

    /** A main that returns null gives status 1 with a message saying so. */
    @Test
    void mainReturningNullExitsWithOne() {
        React.react(reactor, r -> null, exits::add);
        assertThat(exits).containsExactly(1);
        assertThat(log.entries).singleElement().satisfies(e -> assertThat(e.error()).hasMessageContaining("null"));
    }

    /** If something else stops the reactor first, the status is 0, as in Twisted. */
    @Test
    void externalStopBeforeTheDeferredFiresExitsWithZero() {
        React.react(reactor, r -> {
            r.callLater(0, r::stop);
            return new Deferred<>();
        }, exits::add);
        assertThat(exits).containsExactly(0);
    }

    /** The status is given only after pool work has finished and been delivered. */
    @Test
    void exitWaitsForPoolWork() {
        List<String> seen = new ArrayList<>();
        React.react(reactor, r -> {
            r.deferToThread(() -> "pool result").addCallback(v -> seen.add(v));
            return Deferred.succeed(null);
        }, status -> {
            seen.add("exit " + status);
            exits.add(status);
        });
        assertThat(seen).containsExactly("pool result", "exit 0");
    }
}
