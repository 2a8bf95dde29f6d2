package io.twine.defer;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import jdk.jfr.Recording;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordingFile;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Flight Recorder events, read back from a real recording file. */
class DiagnosticsJfrTests {
    @TempDir
    Path dir;

    @BeforeEach
    void jfrOn() {
        Deferreds.enable(Deferreds.Diagnostic.JFR);
    }

    @AfterEach
    void allOff() {
        Deferreds.disable(Deferreds.Diagnostic.values());
        Deferreds.clearPending();
    }

    /** Runs {@code body} inside a recording of {@code event} and returns the recorded events. */
    private List<RecordedEvent> record(String event, String period, Runnable body) throws IOException {
        Path file = dir.resolve("twine.jfr");
        try (Recording r = new Recording()) {
            var settings = r.enable(event).withoutThreshold();
            if (period != null) {
                settings.with("period", period);
            }
            r.start();
            body.run();
            r.stop();
            r.dump(file);
        }
        List<RecordedEvent> events = RecordingFile.readAllEvents(file).stream()
                .filter(e -> e.getEventType().getName().equals(event)).toList();
        Files.deleteIfExists(file);
        return events;
    }

    /** callback() records a DeferredFired event naming the Deferred and the result type. */
    @Test
    void firingRecordsDeferredFired() throws IOException {
        Deferred<String> d = new Deferred<>();
        String name = "Deferred at 0x" + Integer.toHexString(System.identityHashCode(d));
        List<RecordedEvent> events = record("io.twine.DeferredFired", null, () -> d.callback("hello"));
        assertThat(events).anySatisfy(e -> {
            assertThat(e.getString("deferred")).isEqualTo(name);
            assertThat(e.getBoolean("failed")).isFalse();
            assertThat(e.getString("resultType")).isEqualTo("java.lang.String");
        });
    }

    /** errback() records a DeferredFired event marked failed, with the exception type. */
    @Test
    void errbackRecordsAFailedDeferredFired() throws IOException {
        Deferred<String> d = new Deferred<>();
        d.addErrback(f -> "handled");
        List<RecordedEvent> events = record("io.twine.DeferredFired", null, () -> d.errback(new IOException("x")));
        assertThat(events).anySatisfy(e -> {
            assertThat(e.getBoolean("failed")).isTrue();
            assertThat(e.getString("resultType")).isEqualTo("java.io.IOException");
        });
    }

    /** With the switch off, firing records nothing. */
    @Test
    void noEventsWhenTheSwitchIsOff() throws IOException {
        Deferreds.disable(Deferreds.Diagnostic.JFR);
        Deferred<String> d = new Deferred<>();
        assertThat(record("io.twine.DeferredFired", null, () -> d.callback("quiet"))).isEmpty();
    }

    /** An unhandled-error report records an UnhandledError event. */
    @Test
    void unhandledErrorIsRecorded() throws IOException {
        boolean logging = UnhandledErrors.isLogging();
        UnhandledErrors.setLogging(false);
        try {
            List<RecordedEvent> events = record("io.twine.UnhandledError", null, () -> UnhandledErrors.report(
                    new UnhandledError(new Failure(new IOException("lost")), "Deferred@1234", null, null)));
            assertThat(events).singleElement().satisfies(e -> {
                assertThat(e.getString("deferred")).isEqualTo("Deferred@1234");
                assertThat(e.getString("failureType")).isEqualTo("java.io.IOException");
                assertThat(e.getString("message")).isEqualTo("lost");
            });
        } finally {
            UnhandledErrors.setLogging(logging);
        }
    }

    /** The waiter SPI records CoroutineSuspended, then CoroutineResumed with the time suspended. */
    @Test
    void awaitRecordsSuspendedAndResumed() throws IOException {
        Deferred<String> awaited = new Deferred<>();
        List<RecordedEvent> suspended = record("io.twine.CoroutineSuspended", null,
                () -> Deferreds.awaiting("coroutine jfr", null, awaited).resumed());
        assertThat(suspended).singleElement().satisfies(e -> {
            assertThat(e.getString("waiter")).isEqualTo("coroutine jfr");
            assertThat(e.getString("awaited")).startsWith("Deferred at 0x");
        });
        List<RecordedEvent> resumed = record("io.twine.CoroutineResumed", null,
                () -> Deferreds.awaiting("coroutine jfr", null, awaited).resumed());
        assertThat(resumed).singleElement().satisfies(e -> {
            assertThat(e.getString("waiter")).isEqualTo("coroutine jfr");
            assertThat(e.getDuration("suspendedFor").isNegative()).isFalse();
        });
    }

    /** The periodic LongPendingDeferred event lists tracked Deferreds older than the threshold. */
    @Test
    void longPendingDeferredIsRecordedPeriodically() throws IOException {
        Duration saved = Deferreds.longPendingThreshold();
        var savedClock = Instrumentation.clock;
        java.util.concurrent.atomic.AtomicLong nanos = new java.util.concurrent.atomic.AtomicLong();
        Instrumentation.clock = nanos::get;
        Deferreds.enable(Deferreds.Diagnostic.PENDING);
        try {
            Deferreds.setLongPendingThreshold(Duration.ofSeconds(10));
            Deferred<String> old = new Deferred<>();
            nanos.addAndGet(Duration.ofSeconds(11).toNanos());
            Deferred<String> young = new Deferred<>();
            List<RecordedEvent> events = record("io.twine.LongPendingDeferred", "everyChunk", () -> { });
            String oldName = "Deferred at 0x" + Integer.toHexString(System.identityHashCode(old));
            String youngName = "Deferred at 0x" + Integer.toHexString(System.identityHashCode(young));
            assertThat(events).anySatisfy(e -> {
                assertThat(e.getString("deferred")).endsWith(oldName);
                assertThat(e.getString("state")).isEqualTo("not fired");
                assertThat(e.getDuration("age")).isEqualTo(Duration.ofSeconds(11));
                assertThat(e.getString("createdAt")).contains("longPendingDeferredIsRecordedPeriodically");
            });
            assertThat(events).noneMatch(e -> e.getString("deferred").endsWith(youngName));
        } finally {
            Deferreds.setLongPendingThreshold(saved);
            Instrumentation.clock = savedClock;
        }
    }
}
