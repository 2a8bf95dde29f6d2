package io.twine.defer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatNullPointerException;

import java.lang.ref.WeakReference;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.lang.reflect.Method;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * "Unhandled error in Deferred": a Deferred collected while holding an unconsumed Failure is
 * reported exactly once, with a real garbage collector (test_defer.py LogTests).
 *
 * <p>Every test identifies its own failures by the identity of the exception, so reports of
 * Deferreds dropped by other tests cannot disturb it. Waiting is bounded: {@code System.gc()}
 * then a latch wait, a limited number of times.
 */
class UnhandledErrorTests {
    private static final int GC_ROUNDS = 100;
    private static final long WAIT_PER_ROUND_MS = 100;

    private final List<UnhandledError> reports = new CopyOnWriteArrayList<>();
    private AutoCloseable observer;
    private boolean loggingWas;
    private boolean debugWas;

    @BeforeEach
    void observe() {
        observer = UnhandledErrors.addObserver(reports::add);
        loggingWas = UnhandledErrors.isLogging();
        UnhandledErrors.setLogging(false); // these failures are intended; keep the build log clean
        debugWas = Deferred.getDebugging();
        Deferred.setDebugging(false);
    }

    @AfterEach
    void stopObserving() throws Exception {
        observer.close();
        UnhandledErrors.setLogging(loggingWas);
        Deferred.setDebugging(debugWas);
    }

    // ------------------------------------------------------------------------------------------
    // With the garbage collector

    @Test
    void droppedDeferredHoldingAFailureIsReported() throws InterruptedException {
        RuntimeException marker = new IllegalStateException("lost error");
        dropFailedDeferred(marker);
        UnhandledError report = awaitReport(marker);
        assertThat(report.failure().value()).isSameAs(marker);
        assertThat(report.deferred()).startsWith("Deferred@");
    }

    @Test
    void reportTextHasTheHeadlineAndTheFullTraceback() throws InterruptedException {
        RuntimeException marker = makeExceptionInANamedMethod();
        dropFailedDeferred(marker);
        String text = awaitReport(marker).describe();
        assertThat(text).startsWith("Unhandled error in Deferred")
                .contains("java.lang.IllegalStateException: made in a named method")
                .contains("makeExceptionInANamedMethod");
    }

    @Test
    void droppedDeferredIsReportedExactlyOnce() throws InterruptedException {
        RuntimeException marker = new IllegalStateException("once");
        dropFailedDeferred(marker);
        awaitReport(marker);
        // More collections, and a later lost Deferred whose report proves the reporter went on.
        for (int i = 0; i < 3; i++) {
            RuntimeException sentinel = new IllegalStateException("sentinel " + i);
            dropFailedDeferred(sentinel);
            awaitReport(sentinel);
        }
        assertThat(reportsFor(marker)).hasSize(1);
    }

    @Test
    void nothingIsReportedOnceAnErrbackConsumedTheFailure() throws InterruptedException {
        RuntimeException marker = new IllegalStateException("handled later");
        WeakReference<Deferred<?>> ref = dropFailedThenHandledDeferred(marker);
        awaitCollected(ref);
        RuntimeException sentinel = new IllegalStateException("sentinel");
        dropFailedDeferred(sentinel);
        awaitReport(sentinel);
        assertThat(reportsFor(marker)).isEmpty();
    }

    @Test
    void nothingIsReportedForAFailureHandledBeforeTheDeferredFired() throws InterruptedException {
        RuntimeException marker = new IllegalStateException("handled in the chain");
        WeakReference<Deferred<?>> ref = dropHandledInChainDeferred(marker);
        awaitCollected(ref);
        RuntimeException sentinel = new IllegalStateException("sentinel");
        dropFailedDeferred(sentinel);
        awaitReport(sentinel);
        assertThat(reportsFor(marker)).isEmpty();
    }

    @Test
    void failureHandedToAWaitingDeferredIsReportedOnlyOnce() throws InterruptedException {
        // The inner's failure moves to the outer: only the outer can lose it (test_errorClearedByChaining).
        RuntimeException marker = new IllegalStateException("moved to the outer");
        WeakReference<Deferred<?>> inner = dropChainedFailure(marker);
        awaitReport(marker);
        awaitCollected(inner);
        RuntimeException sentinel = new IllegalStateException("sentinel");
        dropFailedDeferred(sentinel);
        awaitReport(sentinel);
        assertThat(reportsFor(marker)).hasSize(1);
    }

    @Test
    void failureHandedToAWaitingDeferredThatHandlesItIsNeverReported() throws InterruptedException {
        // test_chainedErrorCleanup: neither the inner nor the outer is reported.
        RuntimeException marker = new IllegalStateException("handled by the outer");
        List<WeakReference<Deferred<?>>> refs = dropChainedFailureHandledByTheOuter(marker);
        for (WeakReference<Deferred<?>> ref : refs) {
            awaitCollected(ref);
        }
        RuntimeException sentinel = new IllegalStateException("sentinel");
        dropFailedDeferred(sentinel);
        awaitReport(sentinel);
        assertThat(reportsFor(marker)).isEmpty();
    }

    @Test
    void debugModeReportShowsWhereTheDeferredWasCreatedAndFirstFired() throws InterruptedException {
        Deferred.setDebugging(true);
        RuntimeException marker = new IllegalStateException("debug");
        dropFailedDeferred(marker);
        UnhandledError report = awaitReport(marker);
        assertThat(report.creator()).isNotNull();
        assertThat(report.invoker()).isNotNull();
        assertThat(report.describe())
                .contains("(debug: ")
                .contains(" C: Deferred was created:")
                .contains(" I: First Invoker was:")
                .contains("dropFailedDeferred");
    }

    @Test
    void observersRunOnTheReporterThread() throws InterruptedException {
        RuntimeException marker = new IllegalStateException("which thread");
        List<String> threads = new CopyOnWriteArrayList<>();
        Consumer<UnhandledError> o = r -> {
            if (r.failure().value() == marker) {
                threads.add(Thread.currentThread().getName());
            }
        };
        UnhandledErrors.addObserver(o);
        try {
            dropFailedDeferred(marker);
            awaitReport(marker);
        } finally {
            UnhandledErrors.removeObserver(o);
        }
        assertThat(threads).containsExactly("twine-unhandled-error-reporter");
    }

    @Test
    void reportWithoutDebugModeHasNoSites() throws InterruptedException {
        RuntimeException marker = new IllegalStateException("no debug");
        dropFailedDeferred(marker);
        UnhandledError report = awaitReport(marker);
        assertThat(report.creator()).isNull();
        assertThat(report.invoker()).isNull();
        assertThat(report.describe()).doesNotContain("(debug: ");
    }

    // ------------------------------------------------------------------------------------------
    // Without the garbage collector: the reporting machinery itself

    @Test
    void trackedFailureIsReportedAtMostOnceByItsCleanerAction() {
        RuntimeException marker = new IllegalStateException("structural");
        DebugInfo info = new DebugInfo(null);
        Object owner = new Object();
        info.track(new Failure(marker), owner);
        info.run();
        info.run();
        assertThat(reportsFor(marker)).hasSize(1);
        assertThat(owner).isNotNull();
    }

    @Test
    void clearedFailureIsNotReportedByTheCleanerAction() {
        RuntimeException marker = new IllegalStateException("cleared");
        DebugInfo info = new DebugInfo(null);
        info.track(new Failure(marker), new Object());
        info.clear();
        info.run();
        assertThat(reportsFor(marker)).isEmpty();
    }

    @Test
    void observerThatThrowsDoesNotStopTheOthers() throws Exception {
        Consumer<UnhandledError> thrower = e -> { throw new IllegalStateException("bad observer"); };
        List<UnhandledError> second = new CopyOnWriteArrayList<>();
        try (AutoCloseable a = UnhandledErrors.addObserver(thrower);
             AutoCloseable b = UnhandledErrors.addObserver(second::add)) {
            UnhandledError e = new UnhandledError(new Failure(new RuntimeException("x")), "Deferred@1", null, null);
            UnhandledErrors.report(e);
            assertThat(second).containsExactly(e);
        }
    }

    @Test
    void closingTheHandleRemovesTheObserver() throws Exception {
        List<UnhandledError> seen = new CopyOnWriteArrayList<>();
        AutoCloseable handle = UnhandledErrors.addObserver(seen::add);
        handle.close();
        UnhandledErrors.report(new UnhandledError(new Failure(new RuntimeException()), "Deferred@2", null, null));
        assertThat(seen).isEmpty();
    }

    @Test
    void removeObserverSaysWhetherItWasThere() {
        Consumer<UnhandledError> o = e -> { };
        UnhandledErrors.addObserver(o);
        assertThat(UnhandledErrors.removeObserver(o)).isTrue();
        assertThat(UnhandledErrors.removeObserver(o)).isFalse();
    }

    @Test
    void reportIsLoggedThroughSystemLoggerAsAnError() throws Exception {
        // System.Logger's default backend is java.util.logging. The core module does not read
        // java.logging, so the test reaches it by reflection (which needs no readability).
        Class<?> loggerClass = Class.forName("java.util.logging.Logger");
        Class<?> handlerClass = Class.forName("java.util.logging.Handler");
        Class<?> formatterClass = Class.forName("java.util.logging.Formatter");
        Object jul = loggerClass.getMethod("getLogger", String.class).invoke(null, "io.twine.defer");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        Object formatter = Class.forName("java.util.logging.SimpleFormatter").getConstructor().newInstance();
        Object handler = Class.forName("java.util.logging.StreamHandler")
                .getConstructor(OutputStream.class, formatterClass).newInstance(out, formatter);
        Method addHandler = loggerClass.getMethod("addHandler", handlerClass);
        Method removeHandler = loggerClass.getMethod("removeHandler", handlerClass);
        Method setUseParent = loggerClass.getMethod("setUseParentHandlers", boolean.class);
        boolean useParent = (boolean) loggerClass.getMethod("getUseParentHandlers").invoke(jul);
        addHandler.invoke(jul, handler);
        setUseParent.invoke(jul, false);
        try {
            UnhandledErrors.setLogging(true);
            UnhandledErrors.report(new UnhandledError(
                    new Failure(new IllegalArgumentException("logged")), "Deferred@3", null, null));
            UnhandledErrors.setLogging(false);
            UnhandledErrors.report(new UnhandledError(
                    new Failure(new IllegalArgumentException("not logged")), "Deferred@4", null, null));
        } finally {
            handlerClass.getMethod("flush").invoke(handler);
            removeHandler.invoke(jul, handler);
            setUseParent.invoke(jul, useParent);
        }
        String log = out.toString(StandardCharsets.UTF_8);
        assertThat(log).contains("SEVERE")
                .contains("Unhandled error in Deferred (Deferred@3)")
                .contains("java.lang.IllegalArgumentException: logged")
                .doesNotContain("Deferred@4");
    }

    @Test
    void reportOfAnExceptionWhoseMessageThrowsCanStillBeDescribed() {
        // test_errorLogNoRepr: a broken value must not break the report.
        RuntimeException broken = new RuntimeException() {
            @Override
            public String getMessage() {
                throw new UnsupportedOperationException("no message");
            }
        };
        String text = new UnhandledError(new Failure(broken), "Deferred@5", null, null).describe();
        assertThat(text).startsWith("Unhandled error in Deferred (Deferred@5):");
    }

    @Test
    void unhandledErrorRequiresAFailureAndADescription() {
        assertThatNullPointerException().isThrownBy(() -> new UnhandledError(null, "d", null, null));
        assertThatNullPointerException().isThrownBy(
                () -> new UnhandledError(new Failure(new RuntimeException()), null, null, null));
    }

    // ------------------------------------------------------------------------------------------
    // Helpers: each Deferred lives only inside a helper frame, so it is unreachable on return.

    private static void dropFailedDeferred(RuntimeException e) {
        Deferred<Integer> d = new Deferred<>();
        d.addCallback(x -> x + 1);
        d.errback(e);
        assertThat(d.hasUnhandledFailure()).isTrue();
    }

    private static WeakReference<Deferred<?>> dropFailedThenHandledDeferred(RuntimeException e) {
        Deferred<Integer> d = Deferred.fail(e);
        assertThat(d.hasUnhandledFailure()).isTrue();
        d.addErrback(f -> 0);
        assertThat(d.hasUnhandledFailure()).isFalse();
        return new WeakReference<>(d);
    }

    private static WeakReference<Deferred<?>> dropHandledInChainDeferred(RuntimeException e) {
        Deferred<Integer> d = new Deferred<>();
        d.addErrback(f -> 0);
        d.errback(e);
        assertThat(d.hasUnhandledFailure()).isFalse();
        return new WeakReference<>(d);
    }

    private static WeakReference<Deferred<?>> dropChainedFailure(RuntimeException e) {
        Deferred<Integer> inner = Deferred.fail(e);
        Deferred<Integer> outer = new Deferred<>();
        outer.addCallbackDeferred(x -> inner);
        outer.callback(0);
        assertThat(inner.hasUnhandledFailure()).isFalse();
        assertThat(outer.hasUnhandledFailure()).isTrue();
        return new WeakReference<>(inner);
    }

    private static List<WeakReference<Deferred<?>>> dropChainedFailureHandledByTheOuter(RuntimeException e) {
        Deferred<Integer> inner = new Deferred<>();
        Deferred<Integer> outer = new Deferred<>();
        outer.addCallbackDeferred(x -> inner).addErrback(f -> 0);
        outer.callback(0);
        inner.errback(e);
        assertThat(inner.hasUnhandledFailure()).isFalse();
        assertThat(outer.hasUnhandledFailure()).isFalse();
        return List.of(new WeakReference<>(inner), new WeakReference<>(outer));
    }

    private static RuntimeException makeExceptionInANamedMethod() {
        return new IllegalStateException("made in a named method");
    }

    private List<UnhandledError> reportsFor(Throwable marker) {
        return reports.stream().filter(r -> r.failure().value() == marker).toList();
    }

    private UnhandledError awaitReport(Throwable marker) throws InterruptedException {
        CountDownLatch seen = new CountDownLatch(1);
        Consumer<UnhandledError> o = r -> {
            if (r.failure().value() == marker) {
                seen.countDown();
            }
        };
        UnhandledErrors.addObserver(o);
        try {
            for (int i = 0; i < GC_ROUNDS && reportsFor(marker).isEmpty(); i++) {
                System.gc();
                if (seen.await(WAIT_PER_ROUND_MS, TimeUnit.MILLISECONDS)) {
                    break;
                }
            }
        } finally {
            UnhandledErrors.removeObserver(o);
        }
        List<UnhandledError> mine = reportsFor(marker);
        assertThat(mine).as("reports for %s", marker).isNotEmpty();
        return mine.get(0);
    }

    private static void awaitCollected(WeakReference<?> ref) throws InterruptedException {
        for (int i = 0; i < GC_ROUNDS && ref.get() != null; i++) {
            System.gc();
            Thread.onSpinWait();
        }
        assertThat(ref.get()).as("collected").isNull();
    }
}
