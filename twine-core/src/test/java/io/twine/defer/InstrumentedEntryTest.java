package io.twine.defer;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Timed entries (slow-callback reports on) made by addCallbacks: only the side that has user code runs and is timed. */
class InstrumentedEntryTest {
    private final AtomicLong nanos = new AtomicLong();
    private final List<DiagnosticReport> reports = new CopyOnWriteArrayList<>();
    private LongSupplier savedClock;
    private long savedSlow;
    private AutoCloseable observer;

    /** Both a Callback and an Errback: addCallback wraps it so that only its callback side is used. */
    private final class BothSides implements Callback<String, String>, Errback<String> {
        @Override
        public String call(String value) {
            nanos.addAndGet(Duration.ofSeconds(1).toNanos());
            return value + " (callback)";
        }

        @Override
        public String call(Failure f) {
            nanos.addAndGet(Duration.ofSeconds(1).toNanos());
            return "errback side must not run";
        }
    }

    @BeforeEach
    void slowCallbacksOn() {
        savedClock = Instrumentation.clock;
        savedSlow = Instrumentation.slowCallbackNanos;
        Instrumentation.clock = nanos::get;
        observer = Deferreds.addObserver(reports::add);
        Deferreds.reportSlowCallbacks(Duration.ofMillis(100));
    }

    @AfterEach
    void off() throws Exception {
        observer.close();
        Deferreds.disable(Deferreds.Diagnostic.values());
        Instrumentation.clock = savedClock;
        Instrumentation.slowCallbackNanos = savedSlow;
    }

    @Test
    void addCallbacksRunsAndTimesTheCallbackSide() {
        Deferred<String> d = new Deferred<>();
        d.addCallbacks(v -> {
            nanos.addAndGet(Duration.ofMillis(300).toNanos());
            return v + "!";
        }, f -> "recovered");
        d.callback("v");
        assertThat(d.result()).isEqualTo("v!");
        assertThat(reports).singleElement().satisfies(r -> assertThat(r.duration()).isEqualTo(Duration.ofMillis(300)));
    }

    @Test
    void addCallbacksRunsAndTimesTheErrbackSide() {
        Deferred<String> d = new Deferred<>();
        d.addCallbacks(v -> "callback side must not run", f -> {
            nanos.addAndGet(Duration.ofMillis(200).toNanos());
            return "recovered";
        });
        d.errback(new IOException("x"));
        assertThat(d.result()).isEqualTo("recovered");
        assertThat(reports).singleElement().satisfies(r -> assertThat(r.duration()).isEqualTo(Duration.ofMillis(200)));
    }

    @Test
    void aFailurePassesAnEntryWithoutErrbackUntimed() {
        Deferred<String> d = new Deferred<>();
        d.addCallback(new BothSides());
        IOException e = new IOException("passes");
        d.errback(e);
        Failure f = (Failure) d.result();
        d.addErrback(x -> null);
        assertThat(f.value()).isSameAs(e);
        assertThat(reports).isEmpty();
    }

    @Test
    void aValuePassesAnEntryWithoutCallbackUntimed() {
        Deferred<String> d = new Deferred<>();
        d.addErrback(new BothSides());
        d.callback("value");
        assertThat(d.result()).isEqualTo("value");
        assertThat(reports).isEmpty();
    }
}
