package io.twine.defer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Optional reports of slow callbacks and long chains; a fake clock stands in for real time. */
class DiagnosticsReportTests {
    private final AtomicLong nanos = new AtomicLong();
    private final List<DiagnosticReport> reports = new CopyOnWriteArrayList<>();
    private LongSupplier savedClock;
    private long savedSlow;
    private int savedLong;
    private AutoCloseable observer;

    @BeforeEach
    void observe() {
        savedClock = Instrumentation.clock;
        savedSlow = Instrumentation.slowCallbackNanos;
        savedLong = Instrumentation.longChainCallbacks;
        Instrumentation.clock = nanos::get;
        observer = Deferreds.addObserver(reports::add);
    }

    @AfterEach
    void restore() throws Exception {
        observer.close();
        Deferreds.disable(Deferreds.Diagnostic.values());
        Instrumentation.clock = savedClock;
        Instrumentation.slowCallbackNanos = savedSlow;
        Instrumentation.longChainCallbacks = savedLong;
    }

    /** A callback that holds its thread past the threshold is reported with its duration. */
    @Test
    void slowCallbackIsReported() {
        Deferreds.reportSlowCallbacks(Duration.ofMillis(50));
        Deferred<String> d = new Deferred<>();
        d.addCallback(x -> { nanos.addAndGet(Duration.ofMillis(80).toNanos()); return x; });
        d.callback("go");
        assertThat(reports).singleElement().satisfies(r -> {
            assertThat(r.kind()).isEqualTo(DiagnosticReport.Kind.SLOW_CALLBACK);
            assertThat(r.duration()).isEqualTo(Duration.ofMillis(80));
            assertThat(r.deferred()).isEqualTo("Deferred at 0x" + Integer.toHexString(System.identityHashCode(d)));
            assertThat(r.message()).contains("held its thread for 80 ms (threshold 50 ms)");
        });
    }

    /** A callback under the threshold is not reported. */
    @Test
    void fastCallbackIsNotReported() {
        Deferreds.reportSlowCallbacks(Duration.ofMillis(50));
        Deferred<String> d = new Deferred<>();
        d.addCallback(x -> { nanos.addAndGet(Duration.ofMillis(10).toNanos()); return x; });
        d.callback("go");
        assertThat(reports).isEmpty();
    }

    /** A slow callback that throws is reported too, and its error still flows down the chain. */
    @Test
    void slowCallbackThatThrowsIsReportedAndItsErrorKept() {
        Deferreds.reportSlowCallbacks(Duration.ofMillis(50));
        Deferred<String> d = new Deferred<>();
        d.addCallback(x -> { nanos.addAndGet(Duration.ofMillis(60).toNanos()); throw new IllegalStateException("late"); })
         .addErrback(f -> f.getErrorMessage());
        d.callback("go");
        assertThat(reports).hasSize(1);
        assertThat(d.result()).isEqualTo("late");
    }

    /** With debug mode on, the report names where the slow callback was added. */
    @Test
    void slowCallbackReportNamesTheAddSiteInDebugMode() {
        Deferreds.enable(Deferreds.Diagnostic.DEBUG);
        Deferreds.reportSlowCallbacks(Duration.ofMillis(50));
        Deferred<String> d = new Deferred<>();
        d.addCallback(x -> { nanos.addAndGet(Duration.ofMillis(80).toNanos()); return x; });
        d.callback("go");
        assertThat(reports).singleElement().satisfies(r -> {
            assertThat(r.message()).contains("added at io.twine.defer.DiagnosticsReportTests.slowCallbackReportNamesTheAddSiteInDebugMode(");
            assertThat(r.site().get(0).getMethodName()).isEqualTo("slowCallbackReportNamesTheAddSiteInDebugMode");
        });
    }

    /** Deferreds created before the switch was turned on are not timed. */
    @Test
    void deferredsCreatedBeforeTheSwitchAreNotTimed() {
        Deferred<String> d = new Deferred<>();
        Deferreds.reportSlowCallbacks(Duration.ofMillis(50));
        d.addCallback(x -> { nanos.addAndGet(Duration.ofMillis(80).toNanos()); return x; });
        d.callback("go");
        assertThat(reports).isEmpty();
    }

    /** A chain reaching the threshold of waiting callbacks is reported once, with the count. */
    @Test
    void longChainIsReportedOnceAtTheThreshold() {
        Deferreds.reportLongChains(5);
        Deferred<String> d = new Deferred<>();
        for (int i = 0; i < 8; i++) {
            d.addCallback(x -> x);
        }
        assertThat(reports).singleElement().satisfies(r -> {
            assertThat(r.kind()).isEqualTo(DiagnosticReport.Kind.LONG_CHAIN);
            assertThat(r.callbacks()).isEqualTo(5);
            assertThat(r.message()).contains("has 5 callbacks waiting in its chain (threshold 5)")
                    .contains("longChainIsReportedOnceAtTheThreshold");
        });
    }

    /** Callbacks added to a fired Deferred run at once and never make a chain long. */
    @Test
    void callbacksOnAFiredDeferredDoNotCount() {
        Deferreds.reportLongChains(3);
        Deferred<String> d = Deferred.succeed("x");
        for (int i = 0; i < 10; i++) {
            d.addCallback(x -> x);
        }
        assertThat(reports).isEmpty();
        assertThat(d.result()).isEqualTo("x");
    }

    /** Bad thresholds are refused with a message. */
    @Test
    void badThresholdsAreRefused() {
        assertThatThrownBy(() -> Deferreds.reportSlowCallbacks(Duration.ZERO)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("positive");
        assertThatThrownBy(() -> Deferreds.reportLongChains(0)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("positive");
        assertThatThrownBy(() -> Deferreds.setLongPendingThreshold(Duration.ofSeconds(-1)))
                .isInstanceOf(IllegalArgumentException.class);
    }

    /** With everything off, nothing is reported. */
    @Test
    void nothingIsReportedByDefault() {
        Deferred<String> d = new Deferred<>();
        for (int i = 0; i < 2000; i++) {
            d.addCallback(x -> x);
        }
        d.addCallback(x -> { nanos.addAndGet(Duration.ofSeconds(5).toNanos()); return x; });
        d.callback("go");
        assertThat(reports).isEmpty();
    }
}
