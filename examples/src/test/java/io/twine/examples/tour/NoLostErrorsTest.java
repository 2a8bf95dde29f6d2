package io.twine.examples.tour;

import static org.assertj.core.api.Assertions.assertThat;

import io.twine.defer.Deferred;
import io.twine.defer.UnhandledError;
import io.twine.defer.UnhandledErrors;
import io.twine.examples.Tour;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Running the tour loses no error: every failure in every Deferred it creates (the outer chain
 * and the inner Deferreds of asynchronous steps) is consumed, so none is reported as
 * "Unhandled error in Deferred" when the garbage collector finds them.
 */
class NoLostErrorsTest {

    /** Sentinel message: the one failure this test drops on purpose, to know the collector has looked. */
    private static final String SENTINEL = "sentinel dropped by NoLostErrorsTest";

    @Test
    void runningEverySectionOnEveryInputLeavesNoUnhandledError() throws Exception {
        List<UnhandledError> reports = new CopyOnWriteArrayList<>();
        CountDownLatch sentinelSeen = new CountDownLatch(1);
        boolean logging = UnhandledErrors.isLogging();
        UnhandledErrors.setLogging(false);
        try (AutoCloseable observer = UnhandledErrors.addObserver(report -> {
            if (SENTINEL.equals(report.failure().getErrorMessage())) {
                sentinelSeen.countDown();
            } else {
                reports.add(report);
            }
        })) {
            for (TourSection section : Tour.sections()) {
                for (Scenario input : Scenario.everyCombination(section.steps())) {
                    assertThat(Comparison.of(section, input).agree()).isTrue();
                }
            }
            dropSentinel();
            // The tour's Deferreds became unreachable before the sentinel; wait until the
            // collector has reported the sentinel, so it has looked at them too.
            for (int i = 0; i < 50 && !sentinelSeen.await(100, TimeUnit.MILLISECONDS); i++) {
                System.gc();
            }
            assertThat(sentinelSeen.getCount()).as("the collector reported the sentinel").isZero();
            System.gc();
            assertThat(reports).isEmpty();
        } finally {
            UnhandledErrors.setLogging(logging);
        }
    }

    private static void dropSentinel() {
        Deferred.fail(new IllegalStateException(SENTINEL));
    }
}
