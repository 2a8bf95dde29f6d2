package io.twine.testing.example;

import static io.twine.testing.DeferredAssertions.failureOf;
import static io.twine.testing.DeferredAssertions.resultOf;
import static org.assertj.core.api.Assertions.assertThat;

import io.twine.defer.Deferred;
import io.twine.defer.TimeoutError;
import io.twine.reactor.Reactor;
import io.twine.testing.TwineTest;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;

@TwineTest
class LookupTest {
    static final Duration WAIT = Duration.ofSeconds(10);

    /** The code under test: a blocking lookup on the reactor's thread pool, given up after a timeout. */
    static Deferred<String> lookUp(Reactor reactor, Directory directory, String name, double timeoutSeconds) {
        return reactor.deferToThread(() -> directory.find(name)).addTimeout(timeoutSeconds, reactor);
    }

    interface Directory {
        String find(String name) throws Exception;
    }

    @Test
    void findsTheAddress(Reactor reactor) {
        Deferred<String> address = lookUp(reactor, name -> name + "@example.com", "ada", 5);

        assertThat(resultOf(address, WAIT)).isEqualTo("ada@example.com");
    }

    @Test
    void reportsAnUnknownName(Reactor reactor) {
        Directory empty = name -> {
            throw new IllegalArgumentException("unknown: " + name);
        };

        failureOf(lookUp(reactor, empty, "bob", 5), WAIT, IllegalArgumentException.class);
    }

    @Test
    void givesUpOnASlowDirectory(Reactor reactor) {
        CountDownLatch answer = new CountDownLatch(1);
        Directory slow = name -> {
            answer.await();
            return "too late";
        };

        failureOf(lookUp(reactor, slow, "eve", 0.05), WAIT, TimeoutError.class);
        // The lookup is still blocked on a pool thread: let it finish, or the test fails for
        // leaving pool work behind.
        answer.countDown();
    }
}
