package io.twine.testing;

import static io.twine.testing.DeferredAssertions.assertFailure;
import static io.twine.testing.DeferredAssertions.failureResultOf;
import static io.twine.testing.DeferredAssertions.successResultOf;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.twine.defer.Deferred;
import io.twine.defer.Failure;
import java.io.FileNotFoundException;
import java.io.IOException;
import org.junit.jupiter.api.Test;

/** {@link DeferredAssertions#assertFailure}: Twisted trial's asynchronous assertFailure. */
@TwineTest
class AssertFailureTest {

    @Test
    void givesTheExceptionWhenTheDeferredFailsWithTheExpectedType() {
        IOException boom = new IOException("boom");
        Deferred<String> d = new Deferred<>();
        Deferred<IOException> checked = assertFailure(d, IOException.class);

        d.errback(boom);

        assertThat(successResultOf(checked)).isSameAs(boom);
    }

    @Test
    void acceptsAnyOfSeveralTypesAndSubclasses() {
        Deferred<Throwable> checked = assertFailure(Deferred.fail(new FileNotFoundException("gone")),
                IllegalStateException.class, IOException.class);

        assertThat(successResultOf(checked)).isInstanceOf(FileNotFoundException.class);
    }

    @Test
    void failsTheChainWhenTheDeferredSucceeds() {
        Deferred<String> d = new Deferred<>();
        Deferred<IOException> checked = assertFailure(d, IOException.class);

        d.callback("fine");

        Failure f = failureResultOf(checked, AssertionError.class);
        assertThat(f.getErrorMessage())
                .startsWith("Expected a failure of type java.io.IOException from <Deferred at 0x")
                .endsWith("but it succeeded with: fine");
    }

    @Test
    void failsTheChainWithTheTracebackWhenTheDeferredFailsWithAnotherType() {
        IllegalStateException odd = new IllegalStateException("odd");
        Deferred<IOException> checked = assertFailure(Deferred.fail(odd), IOException.class);

        Failure f = failureResultOf(checked, AssertionError.class);

        assertThat(f.getErrorMessage())
                .contains("but it failed with java.lang.IllegalStateException: odd\n")
                .contains("at io.twine.testing.AssertFailureTest."
                        + "failsTheChainWithTheTracebackWhenTheDeferredFailsWithAnotherType(");
        assertThat(f.value().getCause()).isSameAs(odd);
    }

    @Test
    void refusesAnEmptyListOfTypes() {
        assertThatThrownBy(() -> assertFailure(new Deferred<String>()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("assertFailure needs at least one expected exception type");
    }
}
