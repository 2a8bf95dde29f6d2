package io.twine.testing;

import static io.twine.testing.DeferredAssertions.failureResultOf;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.twine.defer.CancelledError;
import io.twine.defer.Deferred;
import io.twine.defer.Failure;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@link DeferredAssertions#failureResultOf}: Twisted trial's failureResultOf. */
@TwineTest
class FailureResultOfTest {

    @Test
    void returnsTheFailure() {
        IOException boom = new IOException("boom");
        Deferred<String> d = Deferred.fail(boom);

        Failure f = failureResultOf(d, IOException.class);

        assertThat(f.value()).isSameAs(boom);
    }

    @Test
    void consumesTheFailure() {
        Deferred<String> d = Deferred.fail(new IOException("boom"));

        failureResultOf(d);

        assertThat(d.hasUnhandledFailure()).isFalse();
        List<Object> seen = new ArrayList<>();
        d.addBoth(seen::add);
        assertThat(seen).containsExactly((Object) null);
    }

    @Test
    void acceptsAnyFailureWhenNoTypeIsGiven() {
        Deferred<String> d = new Deferred<>();
        d.cancel();

        assertThat(failureResultOf(d).value()).isInstanceOf(CancelledError.class);
    }

    @Test
    void acceptsASubclassOfAnExpectedType() {
        Deferred<String> d = Deferred.fail(new FileNotFoundException("gone"));

        assertThat(failureResultOf(d, IOException.class).type()).isEqualTo(FileNotFoundException.class);
    }

    @Test
    void acceptsAnyOfSeveralTypes() {
        Deferred<String> d = Deferred.fail(new IllegalStateException("odd"));

        assertThat(failureResultOf(d, IOException.class, IllegalStateException.class).getErrorMessage())
                .isEqualTo("odd");
    }

    @Test
    void failsWhenTheDeferredHasNotFired() {
        assertThatThrownBy(() -> failureResultOf(new Deferred<String>()))
                .isInstanceOf(AssertionError.class)
                .hasMessageStartingWith("Expected a failure result from <Deferred at 0x")
                .hasMessageEndingWith("but it has no result yet: it has not fired.");
    }

    @Test
    void failsWhenTheDeferredSucceeded() {
        assertThatThrownBy(() -> failureResultOf(Deferred.succeed(42)))
                .isInstanceOf(AssertionError.class)
                .hasMessageStartingWith("Expected a failure result from <Deferred at 0x")
                .hasMessageEndingWith("current result: 42>, but it succeeded with: 42");
    }

    @Test
    void failsOnAnotherTypeNamingBothAndShowingTheTraceback() {
        IllegalStateException odd = new IllegalStateException("odd");
        Deferred<String> d = Deferred.fail(odd);

        AssertionError e = catchThrowableOfType(AssertionError.class,
                () -> failureResultOf(d, IOException.class, CancelledError.class));

        assertThat(e.getMessage())
                .contains("Expected a failure of type java.io.IOException or io.twine.defer.CancelledError from")
                .contains("but it failed with java.lang.IllegalStateException: odd\n")
                .contains("at io.twine.testing.FailureResultOfTest.failsOnAnotherTypeNamingBothAndShowingTheTraceback(");
        assertThat(e.getCause()).isSameAs(odd);
    }

    @Test
    void consumesAFailureOfTheWrongTypeAsWell() {
        Deferred<String> d = Deferred.fail(new IllegalStateException("odd"));

        catchThrowableOfType(AssertionError.class, () -> failureResultOf(d, IOException.class));

        assertThat(d.hasUnhandledFailure()).isFalse();
    }
}
