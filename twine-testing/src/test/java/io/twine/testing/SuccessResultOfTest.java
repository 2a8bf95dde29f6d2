package io.twine.testing;

import static io.twine.testing.DeferredAssertions.successResultOf;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.twine.defer.Deferred;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@link DeferredAssertions#successResultOf}: Twisted trial's successResultOf. */
@TwineTest
class SuccessResultOfTest {

    @Test
    void returnsTheValueOfASucceededDeferred() {
        Deferred<String> d = Deferred.succeed("hello");

        assertThat(successResultOf(d)).isEqualTo("hello");
    }

    @Test
    void returnsTheResultAtTheEndOfTheChain() {
        Deferred<Integer> d = new Deferred<>();
        Deferred<Integer> chained = d.addCallback(x -> x + 1);
        d.callback(1);

        assertThat(successResultOf(chained)).isEqualTo(2);
    }

    @Test
    void returnsNullWhenTheResultIsNull() {
        assertThat(successResultOf(Deferred.<String>succeed(null))).isNull();
    }

    @Test
    void leavesTheValueForLaterCallbacks() {
        Deferred<String> d = Deferred.succeed("kept");
        successResultOf(d);
        List<String> seen = new ArrayList<>();

        d.addCallback(seen::add);

        assertThat(seen).containsExactly("kept");
    }

    @Test
    void failsWhenTheDeferredHasNotFired() {
        Deferred<String> d = new Deferred<>();

        assertThatThrownBy(() -> successResultOf(d))
                .isInstanceOf(AssertionError.class)
                .hasMessageStartingWith("Expected a success result from <Deferred at 0x")
                .hasMessageEndingWith("but it has no result yet: it has not fired.");
    }

    @Test
    void leavesAnUnfiredDeferredUntouched() {
        Deferred<String> d = new Deferred<>();
        catchThrowableOfType(AssertionError.class, () -> successResultOf(d));
        List<String> seen = new ArrayList<>();
        d.addCallback(seen::add);

        d.callback("later");

        assertThat(seen).containsExactly("later");
    }

    @Test
    void failsWhenTheDeferredIsPaused() {
        Deferred<String> d = new Deferred<>();
        d.pause();
        d.callback("x");

        assertThatThrownBy(() -> successResultOf(d))
                .hasMessageContaining("it has fired but is paused (pause count 1)");
        d.unpause();
    }

    @Test
    void failsWhenTheChainWaitsOnAnotherDeferred() {
        Deferred<String> inner = new Deferred<>();
        Deferred<String> outer = Deferred.succeed("x").addCallbackDeferred(x -> inner);

        assertThatThrownBy(() -> successResultOf(outer))
                .hasMessageContaining("it has fired but its chain is waiting on " + inner);
        inner.callback("done");
        assertThat(successResultOf(outer)).isEqualTo("done");
    }

    @Test
    void failureMessageNamesTheErrorAndShowsItsTraceback() {
        IOException boom = new IOException("disk on fire");
        Deferred<String> d = Deferred.fail(boom);

        AssertionError e = catchThrowableOfType(AssertionError.class, () -> successResultOf(d));

        assertThat(e.getMessage())
                .startsWith("Expected a success result from <Deferred at 0x")
                .contains("current result: <Failure java.io.IOException: disk on fire>")
                .contains("but it failed with java.io.IOException: disk on fire\n")
                .contains("at io.twine.testing.SuccessResultOfTest.failureMessageNamesTheErrorAndShowsItsTraceback(");
        assertThat(e).hasCause(boom);
        assertThat(e.getCause()).isSameAs(boom);
    }

    @Test
    void consumesTheFailureItReports() {
        Deferred<String> d = Deferred.fail(new IOException("boom"));

        catchThrowableOfType(AssertionError.class, () -> successResultOf(d));

        assertThat(d.hasUnhandledFailure()).isFalse();
        assertThat(d.result()).isNull();
    }

    @Test
    void refusesNull() {
        assertThatThrownBy(() -> successResultOf(null))
                .isInstanceOf(NullPointerException.class)
                .hasMessage("expected a Deferred, got null");
    }
}
