package io.twine.defer;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;
import jdk.jfr.Recording;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordingFile;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Flight Recorder events that {@link DiagnosticsJfrTests} leaves out (slow callback, long
 * chain, the waits-for of a long-pending Deferred) and how the JFR switch installs its hooks;
 * every event is read back from a real recording.
 */
class JfrEventsTest {
    @TempDir
    Path dir;

    private final AtomicLong nanos = new AtomicLong();
    private LongSupplier savedClock;
    private long savedSlow;
    private int savedLong;
    private Duration savedPending;
    private boolean savedLogging;

    @BeforeEach
    void fakeClock() {
        savedClock = Instrumentation.clock;
        savedSlow = Instrumentation.slowCallbackNanos;
        savedLong = Instrumentation.longChainCallbacks;
        savedPending = Deferreds.longPendingThreshold();
        savedLogging = UnhandledErrors.isLogging();
        Instrumentation.clock = nanos::get;
        UnhandledErrors.setLogging(false);
    }

    @AfterEach
    void allOff() {
        Deferreds.disable(Deferreds.Diagnostic.values());
        Deferreds.clearPending();
        Instrumentation.clock = savedClock;
        Instrumentation.slowCallbackNanos = savedSlow;
        Instrumentation.longChainCallbacks = savedLong;
        Deferreds.setLongPendingThreshold(savedPending);
        UnhandledErrors.setLogging(savedLogging);
    }

    /** Runs {@code body} inside a recording of {@code event} and returns the recorded events of that type. */
    private List<RecordedEvent> record(String event, String period, Runnable body) throws IOException {
        Path file = dir.resolve("events.jfr");
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
        return RecordingFile.readAllEvents(file).stream().filter(e -> e.getEventType().getName().equals(event)).toList();
    }

    private static String name(Deferred<?> d) {
        return "Deferred at 0x" + Integer.toHexString(System.identityHashCode(d));
    }

    private static void reportUnhandled(String deferred) {
        UnhandledErrors.report(new UnhandledError(new Failure(new IOException("lost")), deferred, null, null));
    }

    @Test
    void slowCallbackRecordsItsDurationAndWhereItWasAdded() throws IOException {
        Deferreds.enable(Deferreds.Diagnostic.JFR, Deferreds.Diagnostic.DEBUG);
        Deferreds.reportSlowCallbacks(Duration.ofMillis(50));
        Deferred<String> d = new Deferred<>();
        d.addCallback(x -> {
            nanos.addAndGet(Duration.ofMillis(70).toNanos());
            return x;
        });
        List<RecordedEvent> events = record("io.twine.SlowCallback", null, () -> d.callback("go"));
        assertThat(events).singleElement().satisfies(e -> {
            assertThat(e.getString("deferred")).isEqualTo(name(d));
            assertThat(e.getDuration("callbackDuration")).isEqualTo(Duration.ofMillis(70));
            assertThat(e.getString("addedAt")).contains("slowCallbackRecordsItsDurationAndWhereItWasAdded");
        });
    }

    @Test
    void longChainRecordsTheNumberOfWaitingCallbacks() throws IOException {
        Deferreds.enable(Deferreds.Diagnostic.JFR);
        Deferreds.reportLongChains(3);
        Deferred<String> d = new Deferred<>();
        List<RecordedEvent> events = record("io.twine.LongChain", null, () -> {
            for (int i = 0; i < 4; i++) {
                d.addCallback(x -> x);
            }
        });
        assertThat(events).singleElement().satisfies(e -> {
            assertThat(e.getString("deferred")).isEqualTo(name(d));
            assertThat(e.getInt("callbacks")).isEqualTo(3);
        });
    }

    @Test
    void reportsWithTheJfrSwitchOffRecordNoEvent() throws IOException {
        Deferreds.reportLongChains(2);
        Deferred<String> d = new Deferred<>();
        List<RecordedEvent> events = record("io.twine.LongChain", null, () -> {
            d.addCallback(x -> x);
            d.addCallback(x -> x);
        });
        assertThat(events).isEmpty();
    }

    @Test
    void longPendingEventListsWhatTheDeferredWaitsFor() throws IOException {
        Deferreds.enable(Deferreds.Diagnostic.JFR, Deferreds.Diagnostic.PENDING);
        Deferreds.setLongPendingThreshold(Duration.ofSeconds(10));
        Deferred<String> inner = new Deferred<>();
        Deferred<String> outer = new Deferred<>();
        outer.addCallbackDeferred(x -> inner);
        outer.callback("start"); // outer now waits on inner
        nanos.addAndGet(Duration.ofSeconds(11).toNanos());
        List<RecordedEvent> events = record("io.twine.LongPendingDeferred", "everyChunk", () -> { });
        assertThat(events).anySatisfy(e -> {
            assertThat(e.getString("deferred")).endsWith(name(outer));
            assertThat(e.getString("waitsFor")).isNotEmpty();
        });
        assertThat(inner.called()).isFalse();
    }

    @Test
    void firingWithNoRecordingOfDeferredFiredStillRunsTheChain() throws IOException {
        Deferreds.enable(Deferreds.Diagnostic.JFR);
        Deferred<String> d = new Deferred<>();
        d.addCallback(x -> x + "!");
        // Only an unrelated event is recorded, so DeferredFired is disabled while d fires.
        List<RecordedEvent> events = record("io.twine.LongChain", null, () -> d.callback("fired"));
        assertThat(events).isEmpty();
        assertThat(d.result()).isEqualTo("fired!");
    }

    @Test
    void enablingJfrTwiceRecordsEachUnhandledErrorOnce() throws IOException {
        Deferreds.enable(Deferreds.Diagnostic.JFR);
        Deferreds.enable(Deferreds.Diagnostic.JFR);
        JfrSupport.activate(); // already active: no second observer
        assertThat(record("io.twine.UnhandledError", null, () -> reportUnhandled("Deferred@once"))).hasSize(1);
    }

    @Test
    void disablingJfrStopsUnhandledErrorEvents() throws IOException {
        Deferreds.enable(Deferreds.Diagnostic.JFR);
        Deferreds.disable(Deferreds.Diagnostic.JFR);
        JfrSupport.deactivate(); // already inactive: nothing to remove
        assertThat(record("io.twine.UnhandledError", null, () -> reportUnhandled("Deferred@off"))).isEmpty();
    }

    @Test
    void jfrInTheSystemPropertyInstallsTheUnhandledErrorHook() throws IOException {
        String saved = System.getProperty(Instrumentation.PROPERTY);
        System.setProperty(Instrumentation.PROPERTY, "jfr");
        try {
            assertThat(Instrumentation.fromSystemProperty()).isEqualTo(Instrumentation.JFR);
            assertThat(record("io.twine.UnhandledError", null, () -> reportUnhandled("Deferred@prop")))
                    .singleElement().satisfies(e -> assertThat(e.getString("deferred")).isEqualTo("Deferred@prop"));
        } finally {
            // The switch word never had JFR (only class initialisation stores the result): go through on/off.
            Instrumentation.set(Instrumentation.JFR, true);
            Instrumentation.set(Instrumentation.JFR, false);
            if (saved == null) {
                System.clearProperty(Instrumentation.PROPERTY);
            } else {
                System.setProperty(Instrumentation.PROPERTY, saved);
            }
        }
        assertThat(record("io.twine.UnhandledError", null, () -> reportUnhandled("Deferred@after"))).isEmpty();
    }
}
