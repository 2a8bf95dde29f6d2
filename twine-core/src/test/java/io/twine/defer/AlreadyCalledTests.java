package io.twine.defer;

import static io.twine.defer.DeferredAssertions.failureResultOf;
import static io.twine.defer.DeferredAssertions.successResultOf;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Firing twice (E10), with and without debug mode (test_defer.py AlreadyCalledTests). */
class AlreadyCalledTests {
    private boolean debugWas;

    @BeforeEach
    void rememberDebugging() {
        debugWas = Deferred.getDebugging();
        Deferred.setDebugging(false);
    }

    @AfterEach
    void restoreDebugging() {
        Deferred.setDebugging(debugWas);
    }

    @Test
    void callbackThenCallbackThrowsAlreadyCalledError() {
        Deferred<Integer> d = new Deferred<>();
        d.callback(1);
        assertThatThrownBy(() -> d.callback(2)).isInstanceOf(AlreadyCalledError.class);
    }

    @Test
    void callbackThenErrbackThrowsAlreadyCalledError() {
        Deferred<Integer> d = new Deferred<>();
        d.callback(1);
        assertThatThrownBy(() -> d.errback(new RuntimeException())).isInstanceOf(AlreadyCalledError.class);
    }

    @Test
    void errbackThenCallbackThrowsAlreadyCalledError() {
        Deferred<Integer> d = new Deferred<>();
        d.errback(new RuntimeException());
        assertThatThrownBy(() -> d.callback(1)).isInstanceOf(AlreadyCalledError.class);
        failureResultOf(d, RuntimeException.class);
    }

    @Test
    void errbackThenErrbackThrowsAlreadyCalledError() {
        Deferred<Integer> d = new Deferred<>();
        d.errback(new RuntimeException());
        assertThatThrownBy(() -> d.errback(new RuntimeException())).isInstanceOf(AlreadyCalledError.class);
        failureResultOf(d, RuntimeException.class);
    }

    @Test
    void secondFiringChangesNothing() {
        Deferred<Integer> d = new Deferred<>();
        List<Integer> seen = new ArrayList<>();
        d.addCallback(x -> { seen.add(x); return x; });
        d.callback(1);
        assertThatThrownBy(() -> d.callback(2)).isInstanceOf(AlreadyCalledError.class);
        assertThat(seen).containsExactly(1);
        assertThat(successResultOf(d)).isEqualTo(1);
    }

    @Test
    void alreadyCalledErrorIsAnIllegalStateException() {
        assertThat(new AlreadyCalledError("x")).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void withoutDebuggingTheMessageSaysHowToGetMore() {
        Deferred<Integer> d = new Deferred<>();
        d.callback(1);
        assertThatThrownBy(() -> d.callback(2))
                .hasMessageContaining("already")
                .hasMessageContaining("setDebugging(true)")
                .hasMessageNotContaining(" C:")
                .hasMessageNotContaining(" I:");
    }

    @Test
    void withDebuggingTheMessageShowsWhereItWasCreatedAndFirstFired() {
        Deferred.setDebugging(true);
        Deferred<Integer> d = createHere();
        fireHere(d);
        assertThatThrownBy(() -> d.callback(2))
                .isInstanceOf(AlreadyCalledError.class)
                .hasMessageContaining(" C: Deferred was created:")
                .hasMessageContaining("createHere")
                .hasMessageContaining(" I: First Invoker was:")
                .hasMessageContaining("fireHere");
    }

    @Test
    void withDebuggingTheMessageDoesNotShowTheSecondFiring() {
        Deferred.setDebugging(true);
        Deferred<Integer> d = createHere();
        fireHere(d);
        assertThatThrownBy(() -> fireAgainHere(d))
                .hasMessageContaining("fireHere")
                .hasMessageNotContaining("fireAgainHere")
                .satisfies(e -> assertThat(e.getStackTrace()).anySatisfy(
                        frame -> assertThat(frame.getMethodName()).isEqualTo("fireAgainHere")));
    }

    private static void fireAgainHere(Deferred<Integer> d) {
        d.callback(2);
    }

    @Test
    void withDebuggingErrbackTwiceShowsBothSites() {
        Deferred.setDebugging(true);
        Deferred<Integer> d = createHere();
        d.errback(new RuntimeException());
        assertThatThrownBy(() -> d.errback(new RuntimeException()))
                .hasMessageContaining("createHere")
                .hasMessageContaining(" I: First Invoker was:")
                .hasMessageContaining("withDebuggingErrbackTwiceShowsBothSites");
        failureResultOf(d);
    }

    @Test
    void debuggingTurnedOnAfterCreationShowsOnlyTheInvoker() {
        Deferred<Integer> d = createHere();
        Deferred.setDebugging(true);
        fireHere(d);
        assertThatThrownBy(() -> d.callback(2))
                .hasMessageNotContaining(" C:")
                .hasMessageContaining(" I: First Invoker was:")
                .hasMessageContaining("fireHere");
    }

    @Test
    void debuggingTurnedOffAfterCreationShowsOnlyTheCreator() {
        Deferred.setDebugging(true);
        Deferred<Integer> d = createHere();
        Deferred.setDebugging(false);
        fireHere(d);
        assertThatThrownBy(() -> d.callback(2))
                .hasMessageContaining(" C: Deferred was created:")
                .hasMessageContaining("createHere")
                .hasMessageNotContaining(" I:");
    }

    @Test
    void firstInvokerIsTheFirstFiringNotALaterAttempt() {
        Deferred.setDebugging(true);
        Deferred<Integer> d = new Deferred<>();
        fireHere(d);
        Throwable firstSite = d.firstInvocationSite();
        assertThatThrownBy(() -> d.callback(3)).isInstanceOf(AlreadyCalledError.class);
        assertThat(d.firstInvocationSite()).isSameAs(firstSite);
    }

    private static Deferred<Integer> createHere() {
        return new Deferred<>();
    }

    private static void fireHere(Deferred<Integer> d) {
        d.callback(1);
    }
}
