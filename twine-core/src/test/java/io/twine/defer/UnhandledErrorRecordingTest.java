package io.twine.defer;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/** The deterministic "unhandled error" hook that test harnesses open around each test. */
class UnhandledErrorRecordingTest {

    /** A failure that ends a pass inside the window and is never consumed is flushed. */
    @Test
    void flushReturnsFailureLeftUnhandledInWindow() {
        try (UnhandledErrorRecording rec = UnhandledErrorRecording.start()) {
            IOException boom = new IOException("boom");
            Deferred<String> d = Deferred.fail(boom);

            List<UnhandledError> lost = rec.flush();

            assertThat(lost).hasSize(1);
            assertThat(lost.get(0).failure().value()).isSameAs(boom);
            assertThat(lost.get(0).deferred()).startsWith("Deferred@");
            assertThat(d.called()).isTrue();
        }
    }

    /** Flushing counts as handling: the Deferred no longer holds an unhandled failure, its result is kept. */
    @Test
    void flushTakesTheFailureButLeavesTheResult() {
        try (UnhandledErrorRecording rec = UnhandledErrorRecording.start()) {
            Deferred<String> d = Deferred.fail(new IOException("boom"));

            rec.flush();

            assertThat(d.hasUnhandledFailure()).isFalse();
            assertThat(d.result()).isInstanceOf(Failure.class);
            assertThat(rec.flush()).isEmpty();
        }
    }

    /** A failure an errback consumed before the flush is not lost. */
    @Test
    void consumedFailureIsNotFlushed() {
        try (UnhandledErrorRecording rec = UnhandledErrorRecording.start()) {
            Deferred<String> d = Deferred.fail(new IOException("boom"));
            d.addErrback(f -> "recovered");

            assertThat(rec.flush()).isEmpty();
        }
    }

    /** Successful passes are not remembered at all. */
    @Test
    void successIsNotFlushed() {
        try (UnhandledErrorRecording rec = UnhandledErrorRecording.start()) {
            Deferred<String> d = new Deferred<>();
            d.addCallback(s -> s + "!");
            d.callback("ok");

            assertThat(rec.flush()).isEmpty();
        }
    }

    /** A failure whose pass ended before the window opened belongs to someone else. */
    @Test
    void failureFromBeforeTheWindowIsNotFlushed() {
        Deferred<String> before = Deferred.fail(new IOException("earlier"));
        try (UnhandledErrorRecording rec = UnhandledErrorRecording.start()) {
            assertThat(rec.flush()).isEmpty();
        } finally {
            before.addErrback(f -> null);
        }
    }

    /** A failure that comes back in a later pass inside the window is remembered again. */
    @Test
    void failureOfALaterPassIsFlushed() {
        Deferred<String> d = Deferred.fail(new IOException("first"));
        d.addErrback(f -> null);
        try (UnhandledErrorRecording rec = UnhandledErrorRecording.start()) {
            d.addCallback(x -> { throw new IllegalStateException("second"); });

            List<UnhandledError> lost = rec.flush();

            assertThat(lost).singleElement()
                    .satisfies(e -> assertThat(e.failure().value()).hasMessage("second"));
        }
    }

    /** Reports made through UnhandledErrors while the window is open (the GC path) are collected. */
    @Test
    void reportsMadeInTheWindowAreFlushed() {
        boolean logging = UnhandledErrors.isLogging();
        UnhandledErrors.setLogging(false);
        try (UnhandledErrorRecording rec = UnhandledErrorRecording.start()) {
            UnhandledError report = new UnhandledError(new Failure(new IOException("gc")), "Deferred@1", null, null);
            UnhandledErrors.report(report);

            assertThat(rec.flush()).containsExactly(report);
        } finally {
            UnhandledErrors.setLogging(logging);
        }
    }

    /** Once a flush took a failure, the garbage collector's report of the same Deferred stays silent. */
    @Test
    void takenFailureIsNeverReportedByTheCleaner() {
        List<UnhandledError> seen = new CopyOnWriteArrayList<>();
        Consumer<UnhandledError> observer = seen::add;
        UnhandledErrors.addObserver(observer);
        try (UnhandledErrorRecording rec = UnhandledErrorRecording.start()) {
            DebugInfo info = new DebugInfo(null);
            info.track(new Failure(new IOException("boom")), new Object());
            assertThat(rec.flush()).hasSize(1);

            info.run(); // what the Cleaner does once the Deferred is unreachable

            assertThat(seen).isEmpty();
        } finally {
            UnhandledErrors.removeObserver(observer);
        }
    }

    /** With two windows open, each failure is returned by exactly one flush. */
    @Test
    void eachFailureIsFlushedOnce() {
        try (UnhandledErrorRecording outer = UnhandledErrorRecording.start()) {
            try (UnhandledErrorRecording inner = UnhandledErrorRecording.start()) {
                Deferred.fail(new IOException("boom"));
                assertThat(inner.flush()).hasSize(1);
            }
            assertThat(outer.flush()).isEmpty();
        }
    }

    /** A failure in an inner window belongs to it alone: closing it unflushed leaves the failure to the GC. */
    @Test
    void aFailureInAnInnerWindowIsNotTheOuterOnes() {
        try (UnhandledErrorRecording outer = UnhandledErrorRecording.start()) {
            UnhandledErrorRecording inner = UnhandledErrorRecording.start();
            Deferred<String> d = Deferred.fail(new IOException("inner"));
            inner.close();
            assertThat(outer.flush()).isEmpty();
            assertThat(d.hasUnhandledFailure()).isTrue();
            d.addErrback(f -> null);
        }
    }

    /** After the inner window closes, the outer one remembers again. */
    @Test
    void theOuterWindowRemembersAgainOnceTheInnerCloses() {
        try (UnhandledErrorRecording outer = UnhandledErrorRecording.start()) {
            UnhandledErrorRecording.start().close();
            Deferred.fail(new IOException("outer"));

            assertThat(outer.flush()).hasSize(1);
        }
    }

    /** With two windows open, a report goes to the newer (inner) one only. */
    @Test
    void aReportGoesToTheNewestOpenRecordingOnly() {
        boolean logging = UnhandledErrors.isLogging();
        UnhandledErrors.setLogging(false);
        try (UnhandledErrorRecording outer = UnhandledErrorRecording.start()) {
            UnhandledError report = new UnhandledError(new Failure(new IOException("gc")), "Deferred@1", null, null);
            try (UnhandledErrorRecording inner = UnhandledErrorRecording.start()) {
                UnhandledErrors.report(report);
                assertThat(inner.flush()).containsExactly(report);
            }
            assertThat(outer.flush()).isEmpty();
        } finally {
            UnhandledErrors.setLogging(logging);
        }
    }

    /** Once every recording is closed, reports are no longer collected by any of them. */
    @Test
    void reportsAfterCloseAreNotCollected() {
        boolean logging = UnhandledErrors.isLogging();
        UnhandledErrors.setLogging(false);
        try {
            UnhandledErrorRecording rec = UnhandledErrorRecording.start();
            rec.close();
            UnhandledErrors.report(new UnhandledError(new Failure(new IOException("late")), "Deferred@1", null, null));
            assertThat(rec.flush()).isEmpty();
        } finally {
            UnhandledErrors.setLogging(logging);
        }
    }

    /** A closed recording remembers nothing more, and closing twice is harmless. */
    @Test
    void closedRecordingRemembersNothing() {
        UnhandledErrorRecording rec = UnhandledErrorRecording.start();
        rec.close();
        rec.close();
        Deferred<String> d = Deferred.fail(new IOException("after"));

        assertThat(rec.isClosed()).isTrue();
        assertThat(rec.flush()).isEmpty();
        d.addErrback(f -> null);
    }

    /** In debug mode the flushed report says where the Deferred was created and first fired. */
    @Test
    void debugModeSitesAreInTheReport() {
        boolean was = Deferred.getDebugging();
        Deferred.setDebugging(true);
        try (UnhandledErrorRecording rec = UnhandledErrorRecording.start()) {
            Deferred<String> d = new Deferred<>();
            d.errback(new IOException("boom"));

            UnhandledError e = rec.flush().get(0);

            assertThat(e.creator()).isNotNull();
            assertThat(e.invoker()).isNotNull();
            assertThat(e.describe()).contains("C: Deferred was created", "I: First Invoker was",
                    "debugModeSitesAreInTheReport");
        } finally {
            Deferred.setDebugging(was);
        }
    }
}
