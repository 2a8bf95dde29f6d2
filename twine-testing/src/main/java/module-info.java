/**
 * Twine's testing support: {@link io.twine.testing.DeferredAssertions} (Twisted trial's
 * {@code successResultOf}, {@code failureResultOf}, {@code assertNoResult}, {@code assertFailure},
 * and an AssertJ {@link io.twine.testing.DeferredAssert}) and the JUnit Jupiter extension
 * {@link io.twine.testing.TwineExtension} ({@link io.twine.testing.TwineTest}), which injects a
 * ManualClock or a running Reactor and fails a test that leaves a Deferred error unhandled, or
 * delayed calls or thread-pool work pending.
 */
module io.twine.testing {
    requires transitive io.twine.core;
    requires transitive org.junit.jupiter.api;
    requires transitive org.assertj.core;

    exports io.twine.testing;
}
