package io.twine.defer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * What Twine's reports do when the logging backend or an observer throws: nothing is lost, the
 * report goes to standard error instead. Also the small helpers that format sites and traces.
 */
class DiagnosticsEdgeCasesTest {

    /** Package-private, so that its proxies are generated in io.twine.defer. */
    interface Maker {
        Deferred<String> make();
    }

    /** A java.util.logging handler (System.Logger's default backend) that records, or throws. */
    private static final class TestHandler extends Handler {
        final List<LogRecord> records = new CopyOnWriteArrayList<>();
        final boolean throwing;

        TestHandler(boolean throwing) {
            this.throwing = throwing;
        }

        @Override
        public void publish(LogRecord r) {
            if (throwing) {
                throw new IllegalStateException("logging backend down");
            }
            records.add(r);
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    }

    private Logger jul;
    private TestHandler handler;
    private boolean savedParents;
    private PrintStream savedErr;
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private void install(String logger, boolean throwing) {
        jul = Logger.getLogger(logger);
        handler = new TestHandler(throwing);
        savedParents = jul.getUseParentHandlers();
        jul.setUseParentHandlers(false);
        jul.addHandler(handler);
    }

    private String stderr() {
        return err.toString(StandardCharsets.UTF_8);
    }

    @BeforeEach
    void captureStderr() {
        savedErr = System.err;
        System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    @AfterEach
    void restore() {
        System.setErr(savedErr);
        if (jul != null) {
            jul.removeHandler(handler);
            jul.setUseParentHandlers(savedParents);
        }
    }

    @Nested
    class DiagnosticReports {
        private long savedSlow;
        private final List<DiagnosticReport> seen = new CopyOnWriteArrayList<>();

        @BeforeEach
        void save() {
            savedSlow = Instrumentation.slowCallbackNanos;
        }

        @AfterEach
        void off() {
            Deferreds.disable(Deferreds.Diagnostic.values());
            Instrumentation.slowCallbackNanos = savedSlow;
        }

        private DiagnosticReport report() {
            return new DiagnosticReport(DiagnosticReport.Kind.LONG_CHAIN, "Deferred at 0x1", "a long chain", null, 3,
                    List.of());
        }

        @Test
        void aThrowingLoggerSendsTheReportToStandardErrorAndObserversStillSeeIt() throws Exception {
            install("io.twine.diagnostics", true);
            try (AutoCloseable o = Deferreds.addObserver(seen::add)) {
                Reports.deliver(report());
            }
            assertThat(stderr()).contains("Twine: a long chain");
            assertThat(seen).extracting(DiagnosticReport::message).containsExactly("a long chain");
        }

        @Test
        void aThrowingObserverIsLoggedAndTheNextObserverStillRuns() throws Exception {
            install("io.twine.diagnostics", false);
            try (AutoCloseable bad = Deferreds.addObserver(r -> {
                throw new IllegalStateException("observer broke");
            }); AutoCloseable good = Deferreds.addObserver(seen::add)) {
                Reports.deliver(report());
            }
            assertThat(seen).hasSize(1);
            assertThat(handler.records).anySatisfy(r -> {
                assertThat(r.getMessage()).startsWith("Diagnostics observer ").endsWith(" threw");
                assertThat(r.getThrown()).hasMessage("observer broke");
            });
        }
    }

    @Nested
    class UnhandledErrorReports {
        private final UnhandledError error = new UnhandledError(new Failure(new IOException("lost")), "Deferred@42",
                null, null);

        @Test
        void aThrowingLoggerPrintsTheTracebackToStandardError() throws Exception {
            install("io.twine.defer", true);
            List<UnhandledError> seen = new CopyOnWriteArrayList<>();
            boolean logging = UnhandledErrors.isLogging();
            UnhandledErrors.setLogging(true);
            try (AutoCloseable o = UnhandledErrors.addObserver(seen::add)) {
                UnhandledErrors.report(error);
            } finally {
                UnhandledErrors.setLogging(logging);
            }
            assertThat(stderr()).contains("Twine: logging an unhandled Deferred error failed with java.lang.IllegalStateException: "
                    + "logging backend down; the error was:\n").contains("java.io.IOException: lost");
            assertThat(seen).containsExactly(error);
        }

        @Test
        void aThrowingObserverWithAThrowingLoggerStillGetsReported() throws Exception {
            install("io.twine.defer", true);
            boolean logging = UnhandledErrors.isLogging();
            UnhandledErrors.setLogging(false);
            try (AutoCloseable o = UnhandledErrors.addObserver(u -> {
                throw new IllegalArgumentException("observer broke");
            })) {
                UnhandledErrors.report(error);
            } finally {
                UnhandledErrors.setLogging(logging);
            }
            assertThat(stderr()).contains("Twine: unhandled-error observer ")
                    .contains(" threw java.lang.IllegalArgumentException: observer broke");
        }
    }

    @Nested
    class LogError {
        @Test
        void aThrowingLoggerPrintsTheErrorAndTheFailureIsStillRethrown() {
            install("io.twine.defer", true);
            Failure f = new Failure(new IOException("logged"));
            assertThatThrownBy(() -> Defer.logError(f)).isSameAs(f);
            assertThat(stderr()).contains("Twine: logging failed (java.lang.IllegalStateException: logging backend down); "
                    + "the error was:\n").contains("java.io.IOException: logged");
        }
    }

    @Nested
    class SitesAndTraces {
        @Test
        void framesOfTheJdksContinuationsAreNotUserCode() {
            assertThat(Sites.internal(new StackTraceElement("jdk.internal.vm.Continuation", "enter", null, -1))).isTrue();
        }

        @Test
        void anUnknownClassInTwinesPackagesCountsAsUserCode() {
            assertThat(Sites.internal(new StackTraceElement("io.twine.nowhere.Gone", "run", "Gone.java", 3))).isFalse();
        }

        @Test
        void aSiteWithoutFramesIsAnUnknownPlace() {
            assertThat(Sites.first(new StackTraceElement[0])).isEqualTo("an unknown place (no user frames)");
            assertThat(Sites.first(null)).isEqualTo("an unknown place (no user frames)");
        }

        @Test
        void aFrameWithoutFileOrLineSaysSo() {
            assertThat(Sites.format(new StackTraceElement("a.B", "m", null, -1))).isEqualTo("a.B.m(Unknown Source)");
            assertThat(Sites.format(new StackTraceElement("a.B", "m", "B.java", -2))).isEqualTo("a.B.m(B.java)");
        }

        /** A class in Twine's packages that was not loaded from Twine's own classes (a generated proxy) is user code. */
        @Test
        void aGeneratedClassInTwinesPackageCountsAsUserCode() {
            Deferreds.enable(Deferreds.Diagnostic.PENDING);
            try {
                Maker maker = (Maker) java.lang.reflect.Proxy.newProxyInstance(Maker.class.getClassLoader(),
                        new Class<?>[] {Maker.class}, (proxy, method, args) -> new Deferred<String>());
                assertThat(maker.getClass().getPackageName()).isEqualTo("io.twine.defer");
                Deferred<String> d = maker.make();
                PendingSnapshot.Node n = Deferreds.snapshot().nodeOf(d).orElseThrow();
                assertThat(n.site()).anySatisfy(f -> assertThat(f.getClassName()).isEqualTo(maker.getClass().getName()));
            } finally {
                Deferreds.disable(Deferreds.Diagnostic.PENDING);
                Deferreds.clearPending();
            }
        }

        @Test
        void noErrorHasNoTrace() {
            assertThat(AsyncTrace.of(null)).isNull();
        }

        @Test
        void anErrbackRaisingSomethingElseIsTracedAsRaisedWhileHandling() {
            Deferreds.enable(Deferreds.Diagnostic.DEBUG);
            try {
                Deferred<String> d = new Deferred<>();
                d.addErrback(f -> {
                    throw new IllegalStateException("translated");
                });
                d.errback(new IOException("original"));
                Failure f = (Failure) d.result();
                d.addErrback(x -> null);
                assertThat(AsyncTrace.of(f).getMessage()).contains("raised by an errback added at ")
                        .contains(", while handling java.io.IOException");
            } finally {
                Deferreds.disable(Deferreds.Diagnostic.DEBUG);
            }
        }
    }

    @Nested
    class SlowCallbackWithoutDebug {
        @Test
        void theReportNamesTheCallbackClassAndSuggestsDebugMode() throws Exception {
            java.util.concurrent.atomic.AtomicLong nanos = new java.util.concurrent.atomic.AtomicLong();
            var savedClock = Instrumentation.clock;
            long savedSlow = Instrumentation.slowCallbackNanos;
            Instrumentation.clock = nanos::get;
            List<DiagnosticReport> seen = new CopyOnWriteArrayList<>();
            try (AutoCloseable o = Deferreds.addObserver(seen::add)) {
                Deferreds.reportSlowCallbacks(Duration.ofMillis(10));
                Deferred<String> d = new Deferred<>();
                d.addCallback(x -> {
                    nanos.addAndGet(Duration.ofSeconds(2).toNanos());
                    return x;
                });
                d.callback("x");
            } finally {
                Deferreds.disable(Deferreds.Diagnostic.values());
                Instrumentation.clock = savedClock;
                Instrumentation.slowCallbackNanos = savedSlow;
            }
            assertThat(seen).singleElement().satisfies(r -> assertThat(r.message())
                    .contains("held its thread for 2.0 s (threshold 10 ms)")
                    .endsWith("(turn on debug mode to see where it was added)"));
        }
    }
}
