package io.twine.defer;

import static io.twine.defer.DeferredAssertions.failureResultOf;
import static io.twine.defer.DeferredAssertions.successResultOf;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatNullPointerException;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** succeed, fail, execute, maybeDeferred. */
class FactoryTests {

    @Test
    void succeedIsAlreadyFiredWithTheValue() {
        Deferred<String> d = Deferred.succeed("x");
        assertThat(d.called()).isTrue();
        assertThat(successResultOf(d)).isEqualTo("x");
    }

    @Test
    void succeedMatchesManualSuccess() {
        Deferred<String> manual = new Deferred<>();
        manual.callback("success");
        Deferred<String> made = Deferred.succeed("success");
        assertThat(made.called()).isEqualTo(manual.called());
        assertThat(made.paused()).isEqualTo(manual.paused());
        assertThat(made.result()).isEqualTo(manual.result());
        assertThat(made.hasUnhandledFailure()).isEqualTo(manual.hasUnhandledFailure());
    }

    @Test
    void succeedRunsCallbacksAsTheyAreAdded() {
        List<Integer> seen = new ArrayList<>();
        Deferred.succeed(1).addCallback(x -> x + 1).addCallback(x -> seen.add(x));
        assertThat(seen).containsExactly(2);
    }

    @Test
    void succeedWithNullIsASuccess() {
        Deferred<Object> d = Deferred.succeed(null);
        assertThat(successResultOf(d)).isNull();
    }

    @Test
    @SuppressWarnings({"unchecked", "rawtypes"})
    void succeedWithADeferredIsRefused() {
        Deferred inner = new Deferred<>();
        assertThatIllegalArgumentException().isThrownBy(() -> Deferred.succeed(inner))
                .withMessageContaining("succeed(aDeferred)");
    }

    @Test
    void succeedWithAFailureBehavesAsFailAndIsTracked() {
        // Twine difference: Twisted's succeed(Failure) is untracked; Twine tracks it like fail().
        Failure f = new Failure(new RuntimeException());
        Deferred<Object> d = Deferred.succeed(f);
        assertThat(d.hasUnhandledFailure()).isTrue();
        assertThat(failureResultOf(d)).isSameAs(f);
        assertThat(d.hasUnhandledFailure()).isFalse();
    }

    @Test
    void failIsAlreadyFiredWithTheFailure() {
        IOException e = new IOException("nope");
        Deferred<String> d = Deferred.fail(e);
        assertThat(d.called()).isTrue();
        assertThat(d.hasUnhandledFailure()).isTrue();
        assertThat(failureResultOf(d, IOException.class).value()).isSameAs(e);
    }

    @Test
    void failWithAFailureUsesItAsIs() {
        Failure f = new Failure(new RuntimeException());
        assertThat(failureResultOf(Deferred.fail(f))).isSameAs(f);
    }

    @Test
    void failWithNullIsRefused() {
        assertThatNullPointerException().isThrownBy(() -> Deferred.fail(null));
    }

    @Test
    void executeWrapsTheReturnedValue() {
        assertThat(successResultOf(Deferred.execute(() -> 6 * 7))).isEqualTo(42);
    }

    @Test
    void executeRunsTheFunctionNowExactlyOnce() {
        AtomicInteger calls = new AtomicInteger();
        Deferred<Integer> d = Deferred.execute(calls::incrementAndGet);
        assertThat(calls).hasValue(1);
        assertThat(successResultOf(d)).isEqualTo(1);
    }

    @Test
    void executeTurnsAThrownCheckedExceptionIntoAFailure() {
        IOException e = new IOException("x");
        Deferred<Object> d = Deferred.execute(() -> { throw e; });
        assertThat(failureResultOf(d).value()).isSameAs(e);
    }

    @Test
    void executeRefusesAReturnedDeferredAsAFailure() {
        Deferred<Object> d = Deferred.execute(() -> Deferred.succeed(1));
        assertThat(failureResultOf(d, IllegalArgumentException.class).getErrorMessage()).contains("maybeDeferred");
    }

    @Test
    void executeOfAFunctionReturningAFailureGivesAFailedDeferred() {
        Failure f = new Failure(new RuntimeException());
        Deferred<Object> d = Deferred.execute(() -> f);
        assertThat(d.hasUnhandledFailure()).isTrue();
        assertThat(failureResultOf(d)).isSameAs(f);
    }

    @Test
    void executeWithNullFunctionIsRefused() {
        assertThatNullPointerException().isThrownBy(() -> Deferred.execute(null)).withMessageContaining("execute");
    }

    @Test
    void maybeDeferredWrapsAPlainValue() {
        assertThat(successResultOf(Deferred.<Integer>maybeDeferred(() -> 10))).isEqualTo(10);
    }

    @Test
    void maybeDeferredTurnsAnExceptionIntoAFailedDeferred() {
        IllegalStateException e = new IllegalStateException();
        Deferred<Object> d = Deferred.maybeDeferred(() -> { throw e; });
        assertThat(failureResultOf(d).value()).isSameAs(e);
    }

    @Test
    void maybeDeferredTurnsAReturnedFailureIntoAFailedDeferred() {
        Failure f = new Failure(new RuntimeException());
        Deferred<Object> d = Deferred.maybeDeferred(() -> f);
        assertThat(d.hasUnhandledFailure()).isTrue();
        assertThat(failureResultOf(d)).isSameAs(f);
    }

    @Test
    void maybeDeferredReturnsAReturnedDeferredItself() {
        Deferred<String> inner = new Deferred<>();
        Deferred<String> d = Deferred.maybeDeferred(() -> inner);
        assertThat(d).isSameAs(inner);
    }

    @Test
    void maybeDeferredOfAnUnfiredDeferredFiresLater() {
        Deferred<String> inner = new Deferred<>();
        List<String> seen = new ArrayList<>();
        Deferred.<String>maybeDeferred(() -> inner).addCallback(s -> seen.add(s));
        assertThat(seen).isEmpty();
        inner.callback("late");
        assertThat(seen).containsExactly("late");
    }

    @Test
    void maybeDeferredWithNullFunctionIsRefused() {
        assertThatNullPointerException().isThrownBy(() -> Deferred.maybeDeferred(null))
                .withMessageContaining("maybeDeferred");
    }
}
