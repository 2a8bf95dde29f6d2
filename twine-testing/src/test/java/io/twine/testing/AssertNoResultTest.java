package io.twine.testing;

import static io.twine.testing.DeferredAssertions.assertNoResult;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.twine.defer.Deferred;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@link DeferredAssertions#assertNoResult}: Twisted trial's assertNoResult. */
@TwineTest
class AssertNoResultTest {

    @Test
    void passesForAnUnfiredDeferredAndLeavesItUntouched() {
        Deferred<String> d = new Deferred<>();

        assertNoResult(d);

        List<String> seen = new ArrayList<>();
        d.addCallback(seen::add);
        d.callback("later");
        assertThat(seen).containsExactly("later");
    }

    @Test
    void passesForAPausedDeferred() {
        Deferred<String> d = new Deferred<>();
        d.pause();
        d.callback("x");

        assertNoResult(d);

        d.unpause();
        assertThat(d.result()).isEqualTo("x");
    }

    @Test
    void passesWhileTheChainWaitsOnAnotherDeferred() {
        Deferred<String> inner = new Deferred<>();
        Deferred<String> outer = Deferred.succeed("x").addCallbackDeferred(x -> inner);

        assertNoResult(outer);

        inner.callback("y");
    }

    @Test
    void failsWhenTheDeferredSucceeded() {
        assertThatThrownBy(() -> assertNoResult(Deferred.succeed("too soon")))
                .isInstanceOf(AssertionError.class)
                .hasMessageStartingWith("Expected no result from <Deferred at 0x")
                .hasMessageEndingWith("but it succeeded with: too soon");
    }

    @Test
    void failsWithTheTracebackWhenTheDeferredFailed() {
        IOException boom = new IOException("boom");
        Deferred<String> d = Deferred.fail(boom);

        AssertionError e = catchThrowableOfType(AssertionError.class, () -> assertNoResult(d));

        assertThat(e.getMessage())
                .startsWith("Expected no result from <Deferred at 0x")
                .contains("but it failed with java.io.IOException: boom\n")
                .contains("at io.twine.testing.AssertNoResultTest.failsWithTheTracebackWhenTheDeferredFailed(");
        assertThat(e.getCause()).isSameAs(boom);
        assertThat(d.hasUnhandledFailure()).isFalse();
    }
}
