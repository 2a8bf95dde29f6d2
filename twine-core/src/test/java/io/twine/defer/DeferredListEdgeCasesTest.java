package io.twine.defer;

import static io.twine.defer.Results.failureResultOf;
import static io.twine.defer.Results.successResultOf;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.Test;

/**
 * DeferredList edge cases: the option accessors, the index carried by FirstError and Indexed,
 * a list fired by its owner before its inputs, and cancellation of inputs that do not fire.
 */
class DeferredListEdgeCasesTest {

    /** The accessors report the options given at construction. */
    @Test
    void accessorsReportTheOptions() {
        DeferredList<String> both = new DeferredList<>(List.of(new Deferred<String>()), true, true);
        assertThat(both.fireOnOneErrback()).isTrue();
        assertThat(both.consumeErrors()).isTrue();
        DeferredList<String> neither = new DeferredList<>(List.of(new Deferred<String>()));
        assertThat(neither.fireOnOneErrback()).isFalse();
        assertThat(neither.consumeErrors()).isFalse();
    }

    /** deferreds() lists the inputs in the order given and cannot be modified. */
    @Test
    void deferredsListsTheInputsInOrderUnmodifiably() {
        Deferred<String> a = new Deferred<>();
        Deferred<String> b = new Deferred<>();
        DeferredList<String> dl = new DeferredList<>(List.of(a, b));
        assertThat(dl.deferreds()).containsExactly(a, b);
        assertThatThrownBy(() -> dl.deferreds().clear()).isInstanceOf(UnsupportedOperationException.class);
    }

    /** resultList() has null for inputs that have not fired, and is unmodifiable. */
    @Test
    void resultListHasNullForUnfiredInputs() {
        Deferred<String> a = new Deferred<>();
        Deferred<String> b = new Deferred<>();
        DeferredList<String> dl = new DeferredList<>(List.of(a, b));
        b.callback("B");
        assertThat(dl.resultList()).containsExactly(null, Outcome.succeeded("B"));
        assertThat(dl.finishedCount()).isEqualTo(1);
        assertThat(dl.called()).isFalse();
        assertThatThrownBy(() -> dl.resultList().clear()).isInstanceOf(UnsupportedOperationException.class);
    }

    /** FirstError carries the index of the input that failed first, not of the first input. */
    @Test
    void firstErrorCarriesTheIndexOfTheFailingInput() {
        Deferred<String> a = new Deferred<>();
        Deferred<String> b = new Deferred<>();
        Deferred<String> c = new Deferred<>();
        DeferredList<String> dl = new DeferredList<>(List.of(a, b, c), true, true);
        c.errback(new IllegalStateException("third"));
        FirstError fe = (FirstError) failureResultOf(dl, FirstError.class).value();
        assertThat(fe.index()).isEqualTo(2);
        assertThat(fe.subFailure().value()).hasMessage("third");
    }

    /** fireOnOneCallback gives the index and value of the first success, not of the first input. */
    @Test
    void fireOnOneCallbackCarriesTheIndexOfTheSucceedingInput() {
        Deferred<String> a = new Deferred<>();
        Deferred<String> b = new Deferred<>();
        Deferred<DeferredList.FirstOrAll<String>> d = DeferredList.fireOnOneCallback(List.of(a, b), false, true);
        a.errback(new IllegalStateException("first fails"));
        assertThat(d.called()).isFalse();
        b.callback("second wins");
        assertThat(successResultOf(d)).isEqualTo(new Indexed<>(1, "second wins"));
    }

    /** fireOnOneCallback whose inputs all fail fires with every outcome, in input order. */
    @Test
    void fireOnOneCallbackWithAllFailuresGivesEveryOutcomeInOrder() {
        Deferred<String> a = new Deferred<>();
        Deferred<String> b = new Deferred<>();
        Deferred<DeferredList.FirstOrAll<String>> d = DeferredList.fireOnOneCallback(List.of(a, b), false, true);
        b.errback(new IllegalStateException("b"));
        assertThat(d.called()).isFalse();
        a.errback(new IllegalArgumentException("a"));
        DeferredList.AllOutcomes<String> all = (DeferredList.AllOutcomes<String>) successResultOf(d);
        assertThat(all.outcomes()).hasSize(2);
        assertThat(all.outcomes().get(0).failure().value()).isInstanceOf(IllegalArgumentException.class);
        assertThat(all.outcomes().get(1).failure().value()).isInstanceOf(IllegalStateException.class);
    }

    /** AllOutcomes copies the list it is given. */
    @Test
    void allOutcomesCopiesItsList() {
        List<Outcome<String>> source = new ArrayList<>(List.of(Outcome.succeeded("x")));
        DeferredList.AllOutcomes<String> all = new DeferredList.AllOutcomes<>(source);
        source.clear();
        assertThat(all.outcomes()).containsExactly(Outcome.succeeded("x"));
    }

    /** A list its owner fired directly ignores its inputs' later outcomes (no AlreadyCalledError escapes). */
    @Test
    void aListFiredByItsOwnerIgnoresLaterInputs() {
        Deferred<String> a = new Deferred<>();
        DeferredList<String> dl = new DeferredList<>(List.of(a));
        dl.callback(List.of());
        a.callback("late");
        assertThat(successResultOf(dl)).isEmpty();
        assertThat(dl.resultList()).containsExactly(Outcome.succeeded("late"));
        assertThat(successResultOf(a)).isEqualTo("late");
    }

    /** Cancelling a list whose input is paused (so does not fire on cancel) fails the list with CancelledError. */
    @Test
    void cancellingAListWhosePausedInputCannotFireFailsItWithCancelledError() {
        Deferred<String> a = new Deferred<>();
        DeferredList<String> dl = new DeferredList<>(List.of(a));
        a.pause();
        dl.cancel();
        Failure f = failureResultOf(dl, CancelledError.class);
        assertThat(f.value()).hasMessage("DeferredList was cancelled before all its inputs fired");
        assertThat(dl.resultList()).containsExactly((Outcome<String>) null);
        a.unpause();
        assertThat(dl.resultList().get(0).failure().check(CancelledError.class)).isNotNull();
        failureResultOf(a, CancelledError.class);
    }

    /** A VirtualMachineError from an input's canceller is not swallowed by the list's cancel. */
    @Test
    void aVirtualMachineErrorFromAnInputCancellerPropagates() {
        Deferred<String> a = new Deferred<>(d -> {
            throw new StackOverflowError("test canceller");
        });
        DeferredList<String> dl = new DeferredList<>(List.of(a));
        assertThatThrownBy(dl::cancel).isInstanceOf(StackOverflowError.class).hasMessage("test canceller");
    }

    /** An ordinary Error from an input's canceller is logged and the others are still cancelled. */
    @Test
    void anOrdinaryErrorFromAnInputCancellerDoesNotStopTheOthers() {
        Deferred<String> a = new Deferred<>(d -> {
            throw new AssertionError("test canceller");
        });
        Deferred<String> b = new Deferred<>();
        DeferredList<String> dl = new DeferredList<>(Arrays.asList(a, b), false, true);
        dl.cancel();
        assertThat(b.called()).isTrue();
        failureResultOf(dl, CancelledError.class);
    }

    /** A throwing input canceller is logged on io.twine.defer with the exception. */
    @Test
    void aThrowingInputCancellerIsLogged() {
        // The unhandled-error reporter thread may log to the same logger meanwhile.
        List<LogRecord> records = new CopyOnWriteArrayList<>();
        Handler capture = new Handler() {
            @Override
            public void publish(LogRecord r) {
                records.add(r);
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        Logger jul = Logger.getLogger("io.twine.defer");
        jul.addHandler(capture);
        try {
            IllegalStateException boom = new IllegalStateException("test canceller");
            Deferred<String> a = new Deferred<>(d -> {
                throw boom;
            });
            DeferredList<String> dl = new DeferredList<>(List.of(a), false, true);
            dl.cancel();
            assertThat(records).anySatisfy(r -> {
                assertThat(r.getMessage()).isEqualTo("Exception raised from user supplied canceller");
                assertThat(r.getThrown()).isSameAs(boom);
            });
            failureResultOf(dl, CancelledError.class);
        } finally {
            jul.removeHandler(capture);
        }
    }

    /** A plain list over one already-failed input without consumeErrors leaves the failure on the input. */
    @Test
    void aPlainListRecordsAFailureAndLeavesItOnTheInput() {
        Deferred<String> a = Deferred.fail(new IllegalStateException("boom"));
        DeferredList<String> dl = new DeferredList<>(List.of(a));
        List<Outcome<String>> outcomes = successResultOf(dl);
        assertThat(outcomes.get(0).success()).isFalse();
        assertThat(outcomes.get(0).failure().value()).hasMessage("boom");
        failureResultOf(a, IllegalStateException.class);
    }

    /** An empty fireOnOneCallback list never fires, even when cancelled it only fails with CancelledError. */
    @Test
    void anEmptyFireOnOneCallbackListFailsWithCancelledErrorWhenCancelled() {
        Deferred<DeferredList.FirstOrAll<String>> d = DeferredList.fireOnOneCallback(List.of(), false, false);
        assertThat(d.called()).isFalse();
        d.cancel();
        failureResultOf(d, CancelledError.class);
    }
}
