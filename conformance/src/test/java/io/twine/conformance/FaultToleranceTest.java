package io.twine.conformance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.twine.defer.CancelledError;
import io.twine.defer.Deferred;
import io.twine.defer.Failure;
import io.twine.defer.UnhandledError;
import io.twine.defer.UnhandledErrors;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Faults in user code (Errors, misbehaving observers, toString()/getMessage() that throw,
 * interrupted threads): the Deferred stays consistent, no result is lost and every failure is
 * reported.
 */
class FaultToleranceTest {

    private boolean logging;
    private final List<Object> seen = new ArrayList<>();

    @BeforeEach
    void quiet() {
        logging = UnhandledErrors.isLogging();
        UnhandledErrors.setLogging(false);
    }

    @AfterEach
    void restore() {
        UnhandledErrors.setLogging(logging);
        Thread.interrupted();
    }

    private Deferred<Object> chainRecordingFailure(Deferred<Object> d) {
        return d.addErrback(f -> {
            seen.add(f.value());
            return "recovered";
        }).addCallback(v -> {
            seen.add(v);
            return v;
        });
    }

    @Test
    void anErrorThrownByACallbackIsTheFailureTheNextErrbackGets() {
        AssertionError boom = new AssertionError("boom");
        Deferred<Object> d = new Deferred<>();
        d.addCallback(v -> {
            throw boom;
        });
        chainRecordingFailure(d);
        d.callback("x");
        assertThat(seen).containsExactly(boom, "recovered");
        assertThat(d.result()).isEqualTo("recovered");
    }

    @Test
    void aStackOverflowInACallbackBecomesAFailureAndTheChainGoesOn() {
        Deferred<Object> d = new Deferred<>();
        d.addCallback(v -> recurse(0));
        chainRecordingFailure(d);
        d.callback("x");
        assertThat(seen.get(0)).isInstanceOf(StackOverflowError.class);
        assertThat(d.result()).isEqualTo("recovered");
    }

    private static int recurse(int n) {
        return recurse(n + 1) + 1;
    }

    @Test
    void anOutOfMemoryErrorThrownByACallbackBecomesAFailureLikeAnyOther() {
        // VirtualMachineErrors are not rethrown: like Twisted with BaseException, the chain owns them.
        OutOfMemoryError oom = new OutOfMemoryError("simulated");
        Deferred<Object> d = new Deferred<>();
        d.addCallback(v -> {
            throw oom;
        });
        d.callback("x");
        assertThat(d.result()).isInstanceOfSatisfying(Failure.class, f -> assertThat(f.value()).isSameAs(oom));
        assertThat(d.hasUnhandledFailure()).isTrue();
        d.addErrback(f -> null);
        assertThat(d.hasUnhandledFailure()).isFalse();
    }

    @Test
    void anExceptionWhoseGetMessageThrowsStillFailsTheChain() {
        Deferred<Object> d = new Deferred<>();
        d.addCallback(v -> {
            throw new RuntimeException() {
                @Override
                public String getMessage() {
                    throw new IllegalStateException("no message for you");
                }
            };
        });
        chainRecordingFailure(d);
        d.callback("x");
        assertThat(seen).hasSize(2).last().isEqualTo("recovered");
    }

    @Test
    void anExceptionWhoseGetMessageThrowsAnErrorStillFailsTheChain() {
        Deferred<Object> d = new Deferred<>();
        d.addCallback(v -> {
            throw new RuntimeException() {
                @Override
                public String getMessage() {
                    throw new AssertionError("no message for you");
                }
            };
        });
        chainRecordingFailure(d);
        d.callback("x");
        assertThat(seen).hasSize(2).last().isEqualTo("recovered");
        assertThat(d.result()).isEqualTo("recovered");
    }

    @Test
    void aResultWhoseToStringThrowsIsShownByItsClassName() {
        Object nasty = new Object() {
            @Override
            public String toString() {
                throw new IllegalStateException("no");
            }
        };
        Deferred<Object> d = Deferred.succeed(nasty);
        assertThat(d.toString()).contains("whose toString() threw");
        assertThat(d.result()).isSameAs(nasty);
    }

    @Test
    void aResultWhoseToStringThrowsAnErrorIsShownByItsClassName() {
        Object nasty = new Object() {
            @Override
            public String toString() {
                throw new StackOverflowError("recursive toString");
            }
        };
        Deferred<Object> d = Deferred.succeed(nasty);
        assertThat(d.toString()).contains("whose toString() threw");
    }

    @Test
    void anObserverThatThrowsDoesNotKeepTheReportFromTheOthers() throws Exception {
        List<UnhandledError> got = new ArrayList<>();
        try (AutoCloseable bad = UnhandledErrors.addObserver(e -> {
            throw new IllegalStateException("observer broke");
        }); AutoCloseable badError = UnhandledErrors.addObserver(e -> {
            throw new AssertionError("observer broke harder");
        }); AutoCloseable good = UnhandledErrors.addObserver(got::add)) {
            Failure f = new Failure(new IllegalArgumentException("lost?"));
            UnhandledErrors.report(new UnhandledError(f, "test", null, null));
            assertThat(got).extracting(UnhandledError::failure).containsExactly(f);
        }
    }

    @Test
    void aLoggerThatThrowsAnErrorDoesNotKeepTheReportFromTheObservers() throws Exception {
        java.util.logging.Logger jul = java.util.logging.Logger.getLogger("io.twine.defer");
        java.util.logging.Handler broken = new java.util.logging.Handler() {
            @Override
            public void publish(java.util.logging.LogRecord record) {
                throw new AssertionError("logger broke");
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        boolean parents = jul.getUseParentHandlers();
        java.io.PrintStream err = System.err;
        java.io.ByteArrayOutputStream captured = new java.io.ByteArrayOutputStream();
        List<UnhandledError> got = new ArrayList<>();
        jul.addHandler(broken);
        jul.setUseParentHandlers(false);
        System.setErr(new java.io.PrintStream(captured, true, java.nio.charset.StandardCharsets.UTF_8));
        UnhandledErrors.setLogging(true);
        try (AutoCloseable good = UnhandledErrors.addObserver(got::add)) {
            Failure f = new Failure(new IllegalArgumentException("lost while logging"));
            UnhandledErrors.report(new UnhandledError(f, "test", null, null));
            assertThat(got).extracting(UnhandledError::failure).containsExactly(f);
        } finally {
            UnhandledErrors.setLogging(false);
            System.setErr(err);
            jul.removeHandler(broken);
            jul.setUseParentHandlers(parents);
        }
        assertThat(captured.toString(java.nio.charset.StandardCharsets.UTF_8))
                .contains("logging an unhandled Deferred error failed with java.lang.AssertionError: logger broke")
                .contains("lost while logging");
    }

    @Test
    void aDroppedFailedDeferredIsReportedEvenWhenAnotherObserverThrows() throws Exception {
        CountDownLatch reported = new CountDownLatch(1);
        IllegalArgumentException lost = new IllegalArgumentException("dropped");
        try (AutoCloseable bad = UnhandledErrors.addObserver(e -> {
            throw new IllegalStateException("observer broke");
        }); AutoCloseable good = UnhandledErrors.addObserver(e -> {
            if (e.failure().value() == lost) {
                reported.countDown();
            }
        })) {
            dropFailed(lost);
            // The report comes from a Cleaner once the GC notices; nudge it until it does.
            for (int i = 0; i < 200 && reported.getCount() > 0; i++) {
                System.gc();
                reported.await(50, TimeUnit.MILLISECONDS);
            }
            assertThat(reported.getCount()).as("the dropped failure was reported").isZero();
        }
    }

    private static void dropFailed(Throwable t) {
        Deferred.fail(t);
    }

    @Test
    void firingOnAnInterruptedThreadRunsTheCallbacksAndKeepsTheInterrupt() {
        Deferred<Object> d = new Deferred<>();
        d.addCallback(v -> {
            seen.add(v);
            return v;
        });
        Thread.currentThread().interrupt();
        d.callback("x");
        assertThat(Thread.currentThread().isInterrupted()).isTrue();
        assertThat(seen).containsExactly("x");
    }

    @Test
    void aCallbackThatInterruptsItsThreadDoesNotStopTheChain() {
        Deferred<Object> d = new Deferred<>();
        d.addCallback(v -> {
            Thread.currentThread().interrupt();
            return v + "1";
        }).addCallback(v -> {
            seen.add(v);
            return v;
        });
        d.callback("x");
        assertThat(seen).containsExactly("x1");
        assertThat(Thread.interrupted()).isTrue();
    }

    @Test
    void aCancellerThatThrowsAnErrorLeavesTheDeferredUnfiredAndCancellableAgain() {
        AtomicInteger calls = new AtomicInteger();
        Deferred<Object> d = new Deferred<>(self -> {
            if (calls.incrementAndGet() == 1) {
                throw new AssertionError("canceller broke");
            }
        });
        assertThatThrownBy(d::cancel).isInstanceOf(AssertionError.class);
        assertThat(d.called()).isFalse();
        d.cancel();
        assertThat(calls).hasValue(2);
        assertThat(d.result()).isInstanceOfSatisfying(Failure.class,
                f -> assertThat(f.value()).isInstanceOf(CancelledError.class));
    }

    @Test
    void anErrorFromAnErrbackReplacesTheFailureAndIsReportedIfUnhandled() {
        StackOverflowError soe = new StackOverflowError("deep");
        Deferred<Object> d = Deferred.fail(new IllegalStateException("first"));
        d.addErrback(f -> {
            throw soe;
        });
        assertThat(d.result()).isInstanceOfSatisfying(Failure.class, f -> assertThat(f.value()).isSameAs(soe));
        assertThat(d.hasUnhandledFailure()).isTrue();
    }
}
