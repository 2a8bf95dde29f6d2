package io.twine.testing;

import static io.twine.testing.DeferredAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.twine.defer.Deferred;
import java.io.FileNotFoundException;
import java.io.IOException;
import org.junit.jupiter.api.Test;
import org.opentest4j.AssertionFailedError;

/**
 * {@link DeferredAssert}, reached through {@link DeferredAssertions#assertThat}. This file imports
 * both AssertJ's {@code assertThat} and Twine's, proving that they coexist.
 */
@TwineTest
class DeferredAssertTest {

    @Test
    void succeedsWithPassesOnAnEqualValue() {
        assertThat(Deferred.succeed("ok")).succeedsWith("ok");
    }

    @Test
    void succeedsWithFailsOnAnotherValueReportingBoth() {
        AssertionFailedError e = catchThrowableOfType(AssertionFailedError.class,
                () -> assertThat(Deferred.succeed("actual")).succeedsWith("expected"));

        assertThat(e.getMessage()).contains("to succeed with: expected\nbut it succeeded with: actual");
        assertThat(e.getExpected().getValue()).isEqualTo("expected");
        assertThat(e.getActual().getValue()).isEqualTo("actual");
    }

    @Test
    void succeedsWithFailsWhenThereIsNoResult() {
        assertThatThrownBy(() -> assertThat(new Deferred<String>()).succeedsWith("x"))
                .isInstanceOf(AssertionError.class)
                .hasMessageEndingWith("but it has no result yet: it has not fired.");
    }

    @Test
    void succeedsWithFailsWithTheTracebackOnAFailure() {
        IOException boom = new IOException("boom");
        Deferred<String> d = Deferred.fail(boom);

        AssertionError e = catchThrowableOfType(AssertionError.class, () -> assertThat(d).succeedsWith("x"));

        assertThat(e.getMessage())
                .contains("Expected a success result from")
                .contains("but it failed with java.io.IOException: boom\n")
                .contains("at io.twine.testing.DeferredAssertTest.succeedsWithFailsWithTheTracebackOnAFailure(");
        assertThat(e.getCause()).isSameAs(boom);
        assertThat(d.hasUnhandledFailure()).isFalse();
    }

    @Test
    void succeedsGivesAnAssertionOnTheValue() {
        assertThat(Deferred.succeed("value")).succeeds().isEqualTo("value");
    }

    @Test
    void succeedsSatisfyingRunsTheRequirementsOnTheValue() {
        assertThat(Deferred.succeed("hello")).succeedsSatisfying(v -> assertThat(v).startsWith("he"));
    }

    @Test
    void succeedsSatisfyingFailsWhenTheRequirementsFail() {
        assertThatThrownBy(() -> assertThat(Deferred.succeed("hello"))
                .succeedsSatisfying(v -> assertThat(v).startsWith("x")))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("\"hello\"");
    }

    @Test
    void failsWithPassesAndGivesAnAssertionOnTheException() {
        Deferred<String> d = Deferred.fail(new FileNotFoundException("gone"));

        assertThat(d).failsWith(IOException.class).hasMessage("gone");

        assertThat(d.hasUnhandledFailure()).isFalse();
    }

    @Test
    void failsWithFailsOnAnotherTypeWithTheTraceback() {
        IllegalStateException odd = new IllegalStateException("odd");
        Deferred<String> d = Deferred.fail(odd);

        AssertionError e = catchThrowableOfType(AssertionError.class, () -> assertThat(d).failsWith(IOException.class));

        assertThat(e.getMessage())
                .contains("Expected a failure of type java.io.IOException from")
                .contains("but it failed with java.lang.IllegalStateException: odd\n")
                .contains("at io.twine.testing.DeferredAssertTest.failsWithFailsOnAnotherTypeWithTheTraceback(");
        assertThat(e.getCause()).isSameAs(odd);
        assertThat(d.hasUnhandledFailure()).isFalse();
    }

    @Test
    void failsWithFailsWhenTheDeferredSucceeded() {
        assertThatThrownBy(() -> assertThat(Deferred.succeed(7)).failsWith(IOException.class))
                .isInstanceOf(AssertionError.class)
                .hasMessageEndingWith("but it succeeded with: 7");
    }

    @Test
    void failsAcceptsAnyFailure() {
        assertThat(Deferred.fail(new IllegalStateException("odd"))).fails().isInstanceOf(IllegalStateException.class);
    }

    @Test
    void hasNoResultPassesForAnUnfiredDeferred() {
        assertThat(new Deferred<String>()).hasNoResult();
    }

    @Test
    void hasNoResultFailsWhenItHasOne() {
        assertThatThrownBy(() -> assertThat(Deferred.succeed("early")).hasNoResult())
                .isInstanceOf(AssertionError.class)
                .hasMessageEndingWith("but it succeeded with: early");
    }

    @Test
    void isWaitingOnChecksTheInnerDeferred() {
        Deferred<String> inner = new Deferred<>();
        Deferred<String> outer = Deferred.succeed("x").addCallbackDeferred(x -> inner);

        assertThat(outer).isWaitingOn(inner).hasNoResult();
        assertThatThrownBy(() -> assertThat(outer).isWaitingOn(new Deferred<String>()))
                .hasMessageContaining("but it is waiting on " + inner);
        inner.callback("y");
        assertThatThrownBy(() -> assertThat(outer).isWaitingOn(inner))
                .hasMessageEndingWith("but it is waiting on nothing");
    }

    @Test
    void descriptionPrefixesTheMessage() {
        assertThatThrownBy(() -> assertThat(new Deferred<String>()).as("login").succeeds())
                .hasMessageStartingWith("[login] Expected a success result from");
    }

    @Test
    void nullActualFailsClearly() {
        assertThatThrownBy(() -> assertThat((Deferred<String>) null).succeeds())
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("Expecting actual not to be null");
    }
}
