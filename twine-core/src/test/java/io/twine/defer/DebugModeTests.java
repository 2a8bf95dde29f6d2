package io.twine.defer;

import static io.twine.defer.DeferredAssertions.failureResultOf;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Deferred.setDebugging: recording where Deferreds are created and first fired. */
class DebugModeTests {
    private boolean debugWas;

    @BeforeEach
    void rememberDebugging() {
        debugWas = Deferred.getDebugging();
    }

    @AfterEach
    void restoreDebugging() {
        Deferred.setDebugging(debugWas);
    }

    @Test
    void debuggingIsOffByDefault() {
        // Nothing in this test tree leaves it on (every test restores it), and the default is off.
        assertThat(debugWas).isFalse();
    }

    @Test
    void getDebuggingReturnsWhatWasSet() {
        Deferred.setDebugging(true);
        assertThat(Deferred.getDebugging()).isTrue();
        Deferred.setDebugging(false);
        assertThat(Deferred.getDebugging()).isFalse();
    }

    @Test
    void withoutDebuggingNoSitesAreRecorded() {
        Deferred.setDebugging(false);
        Deferred<Integer> d = new Deferred<>();
        d.callback(1);
        assertThat(d.creationSite()).isNull();
        assertThat(d.firstInvocationSite()).isNull();
    }

    @Test
    void creationSiteIsTheConstructorCaller() {
        Deferred.setDebugging(true);
        Deferred<Integer> d = createdHere();
        assertThat(methodsOf(d.creationSite())).contains("createdHere");
        assertThat(d.firstInvocationSite()).isNull();
    }

    @Test
    void firstInvocationSiteIsTheFirstCallbackCaller() {
        Deferred.setDebugging(true);
        Deferred<Integer> d = new Deferred<>();
        firedHere(d);
        assertThat(methodsOf(d.firstInvocationSite())).contains("firedHere");
    }

    @Test
    void firstInvocationSiteIsRecordedForErrback() {
        Deferred.setDebugging(true);
        Deferred<Integer> d = new Deferred<>();
        d.errback(new RuntimeException());
        assertThat(methodsOf(d.firstInvocationSite())).contains("firstInvocationSiteIsRecordedForErrback");
        failureResultOf(d);
    }

    @Test
    void factoriesRecordTheirCallersInDebugMode() {
        Deferred.setDebugging(true);
        Deferred<Integer> d = Deferred.fail(new RuntimeException());
        assertThat(methodsOf(d.creationSite())).contains("factoriesRecordTheirCallersInDebugMode");
        assertThat(d.firstInvocationSite()).isNotNull();
        failureResultOf(d);
    }

    @Test
    void debugSitesAreStackTracesNotThrownExceptions() {
        Deferred.setDebugging(true);
        Deferred<Integer> d = new Deferred<>();
        assertThat(d.creationSite().getMessage()).isEqualTo("Deferred was created");
        d.callback(1);
        assertThat(d.firstInvocationSite().getMessage()).isEqualTo("First Invoker was");
    }

    @Test
    void firstInvocationSiteIsRecordedWhenCancelFiresTheDeferred() {
        Deferred.setDebugging(true);
        Deferred<Integer> d = new Deferred<>();
        cancelledHere(d);
        assertThat(methodsOf(d.firstInvocationSite())).contains("cancelledHere");
        failureResultOf(d, CancelledError.class);
    }

    @Test
    void firstInvocationSiteIsRecordedWhenACancellerLeavesTheFiringToCancel() {
        Deferred.setDebugging(true);
        Deferred<Integer> d = new Deferred<>(self -> { });
        cancelledHere(d);
        assertThat(methodsOf(d.firstInvocationSite())).contains("cancelledHere");
        failureResultOf(d, CancelledError.class);
    }

    @Test
    void alreadyCalledAfterCancelShowsTheCancelAsFirstInvoker() {
        Deferred.setDebugging(true);
        Deferred<Integer> d = new Deferred<>();
        cancelledHere(d);
        d.callback(1); // the forgiven late firing
        assertThatThrownBy(() -> d.callback(2))
                .isInstanceOf(AlreadyCalledError.class)
                .hasMessageContaining(" I: First Invoker was:")
                .hasMessageContaining("cancelledHere");
        failureResultOf(d, CancelledError.class);
    }

    @Test
    void firstInvocationSiteIsRecordedForAChainDeferredTarget() {
        Deferred.setDebugging(true);
        Deferred<Integer> source = new Deferred<>();
        Deferred<Integer> target = new Deferred<>();
        source.chainDeferred(target);
        firedHere(source);
        assertThat(methodsOf(target.firstInvocationSite())).contains("firedHere");
    }

    private static void cancelledHere(Deferred<Integer> d) {
        d.cancel();
    }

    private static Deferred<Integer> createdHere() {
        return new Deferred<>();
    }

    private static void firedHere(Deferred<Integer> d) {
        d.callback(1);
    }

    private static List<String> methodsOf(Throwable site) {
        assertThat(site).isNotNull();
        return Arrays.stream(site.getStackTrace()).map(StackTraceElement::getMethodName).toList();
    }
}
