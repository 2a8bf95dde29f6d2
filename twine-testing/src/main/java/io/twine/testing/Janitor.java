package io.twine.testing;

import java.util.List;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * One kind of mess a test must not leave behind, checked by {@link TwineExtension} around each
 * test and each class (Twisted trial's {@code _Janitor}).
 *
 * <p>The janitors today: {@link UnhandledErrorJanitor} (Deferred errors nobody handled),
 * {@link SuspendedCoroutineJanitor} (coroutines still suspended), and injected
 * {@link TestResource}s checking their own leftovers (delayed calls pending on a ManualClock;
 * delayed calls and pool work left on a Reactor). Resources are finished before janitors.
 */
interface Janitor {
    /**
     * Starts watching, before a test (after the instance was created, before {@code @BeforeEach})
     * or before a class (before {@code @BeforeAll}).
     *
     * @param context the test's or the class's context
     * @return the watch, finished exactly once
     */
    Watch start(ExtensionContext context);

    /** What one janitor is watching in one scope. */
    interface Watch {
        /**
         * Lists what was left behind, and cleans up so that nothing leaks into the next test.
         * Called after {@code @AfterEach} (or {@code @AfterAll}) methods, even when the test
         * failed.
         *
         * @return the leftovers, empty when the test was clean
         */
        List<Leftover> finish();
    }
}
