package io.twine.defer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** DeferredList, organised like Twisted's DeferredList tests: collecting, options, cancellation. */
class DeferredListTest {

    static Failure failureOf(Deferred<?> d) {
        Object r = d.result();
        assertThat(r).isInstanceOf(Failure.class);
        return (Failure) r;
    }

    static <T> Deferred<T> unfired() {
        return new Deferred<>();
    }

    @Nested
    class Collecting {
        /** An empty list fires at once with an empty list. */
        @Test
        void emptyListFiresAtOnceWithEmptyList() {
            DeferredList<String> dl = new DeferredList<>(List.of());
            assertThat(dl.called()).isTrue();
            assertThat(dl.result()).isEqualTo(List.of());
        }

        /** The list waits until every input has fired. */
        @Test
        void firesOnlyWhenEveryInputHasFired() {
            Deferred<String> a = unfired();
            Deferred<String> b = unfired();
            DeferredList<String> dl = new DeferredList<>(List.of(a, b));
            a.callback("a");
            assertThat(dl.called()).isFalse();
            b.callback("b");
            assertThat(dl.result()).isEqualTo(List.of(Outcome.succeeded("a"), Outcome.succeeded("b")));
        }

        /** E15: outcomes are in input order, whatever the order of firing, failures included. */
        @Test
        void outcomesAreInInputOrderWhateverTheFiringOrder() {
            Deferred<String> a = unfired();
            Deferred<String> b = unfired();
            Deferred<String> c = unfired();
            DeferredList<String> dl = new DeferredList<>(List.of(a, b, c), false, true);
            IllegalStateException boom = new IllegalStateException("a failed");
            c.callback("c");
            a.errback(boom);
            b.callback("b");
            List<Outcome<String>> outcomes = Results.successResultOf(dl);
            assertThat(outcomes).hasSize(3);
            assertThat(outcomes.get(0).success()).isEqualTo(Defer.FAILURE);
            assertThat(outcomes.get(0).failure().value()).isSameAs(boom);
            assertThat(outcomes.get(1)).isEqualTo(Outcome.succeeded("b"));
            assertThat(outcomes.get(2)).isEqualTo(Outcome.succeeded("c"));
        }

        /** Inputs that have already fired are taken in during construction, and can settle the list. */
        @Test
        void alreadyFiredInputsSettleTheListDuringConstruction() {
            Deferred<Integer> a = Deferred.succeed(1);
            Deferred<Integer> b = Deferred.fail(new IllegalArgumentException("b"));
            DeferredList<Integer> dl = new DeferredList<>(List.of(a, b), false, true);
            assertThat(dl.called()).isTrue();
            assertThat(dl.resultList().get(0)).isEqualTo(Outcome.succeeded(1));
            assertThat(dl.resultList().get(1).failure().value()).hasMessage("b");
        }

        /** Callbacks an input had before the list shape what the list sees. */
        @Test
        void earlierCallbacksOfAnInputShapeWhatTheListSees() {
            Deferred<Integer> a = unfired();
            Deferred<Integer> shaped = a.addCallback(x -> x * 10);
            DeferredList<Integer> dl = new DeferredList<>(List.of(shaped));
            a.callback(4);
            assertThat(dl.resultList()).containsExactly(Outcome.succeeded(40));
        }

        /** Callbacks added to an input after the list see the input's own result. */
        @Test
        void laterCallbacksOfAnInputSeeItsResult() {
            Deferred<Integer> a = unfired();
            new DeferredList<>(List.of(a));
            List<Object> seen = new ArrayList<>();
            a.addCallback(x -> seen.add(x));
            a.callback(7);
            assertThat(seen).containsExactly(7);
        }

        /** The result list keeps recording inputs that fire after the list fired. */
        @Test
        void resultListKeepsUpdatingAfterTheListFired() {
            Deferred<String> a = unfired();
            Deferred<String> b = unfired();
            DeferredList<String> dl = new DeferredList<>(List.of(a, b), true, true);
            a.errback(new IllegalStateException("first"));
            assertThat(dl.called()).isTrue();
            assertThat(dl.resultList().get(1)).isNull();
            assertThat(dl.finishedCount()).isEqualTo(1);
            b.callback("late");
            assertThat(dl.resultList().get(1)).isEqualTo(Outcome.succeeded("late"));
            assertThat(dl.finishedCount()).isEqualTo(2);
            dl.addErrback(f -> null);
        }

        /** The inputs are copied: changing the caller's list afterwards changes nothing. */
        @Test
        void inputsAreCopied() {
            Deferred<String> a = unfired();
            List<Deferred<String>> inputs = new ArrayList<>(List.of(a));
            DeferredList<String> dl = new DeferredList<>(inputs);
            Deferred<String> extra = unfired();
            inputs.add(extra);
            dl.cancel();
            assertThat(a.called()).isTrue();
            assertThat(extra.called()).isFalse();
            assertThat(dl.deferreds()).containsExactly(a);
        }

        /** A null input is refused at construction, naming its index. */
        @Test
        void nullInputIsRefusedWithItsIndex() {
            List<Deferred<String>> inputs = new ArrayList<>();
            inputs.add(unfired());
            inputs.add(null);
            assertThatThrownBy(() -> new DeferredList<>(inputs))
                    .isInstanceOf(NullPointerException.class).hasMessageContaining("index 1");
            assertThatThrownBy(() -> new DeferredList<String>(null)).isInstanceOf(NullPointerException.class);
        }

        /** Ten thousand unfired inputs, fired one by one, are collected without recursion trouble. */
        @Test
        void tenThousandUnfiredInputs() {
            List<Deferred<Integer>> inputs = new ArrayList<>();
            for (int i = 0; i < 10_000; i++) {
                inputs.add(unfired());
            }
            DeferredList<Integer> dl = new DeferredList<>(inputs);
            for (int i = 0; i < 10_000; i++) {
                inputs.get(i).callback(i);
            }
            List<Outcome<Integer>> outcomes = dl.resultList();
            assertThat(outcomes).hasSize(10_000);
            assertThat(outcomes.get(9_999)).isEqualTo(Outcome.succeeded(9_999));
            assertThat(dl.called()).isTrue();
        }

        /** Ten thousand already-fired inputs are collected during construction. */
        @Test
        void tenThousandFiredInputs() {
            List<Deferred<Integer>> inputs = new ArrayList<>();
            for (int i = 0; i < 10_000; i++) {
                inputs.add(Deferred.succeed(i));
            }
            DeferredList<Integer> dl = new DeferredList<>(inputs);
            AtomicInteger sum = new AtomicInteger();
            dl.addCallback(os -> {
                os.forEach(o -> sum.addAndGet(o.value()));
                return null;
            });
            assertThat(sum.get()).isEqualTo(10_000 * 9_999 / 2);
        }

        /** A list whose input is itself a DeferredList waits for the inner one. */
        @Test
        void listsNest() {
            Deferred<String> a = unfired();
            DeferredList<String> inner = new DeferredList<>(List.of(a));
            DeferredList<List<Outcome<String>>> outer = new DeferredList<>(List.of(inner));
            a.callback("x");
            assertThat(outer.resultList().get(0).value()).containsExactly(Outcome.succeeded("x"));
        }

        /** Inputs firing concurrently on many threads: every outcome recorded, the list fires once. */
        @Test
        void inputsFiringConcurrentlyOnManyThreadsSettleTheListOnce() throws Exception {
            int n = 2_000;
            List<Deferred<Integer>> inputs = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                inputs.add(unfired());
            }
            DeferredList<Integer> dl = new DeferredList<>(inputs);
            AtomicInteger fired = new AtomicInteger();
            dl.addCallback(os -> fired.incrementAndGet());
            int threads = 4;
            CountDownLatch go = new CountDownLatch(1);
            List<Thread> ts = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int first = t;
                ts.add(Thread.ofPlatform().start(() -> {
                    try {
                        go.await();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                    for (int i = first; i < n; i += threads) {
                        inputs.get(i).callback(i);
                    }
                }));
            }
            go.countDown();
            for (Thread t : ts) {
                t.join();
            }
            assertThat(fired.get()).isEqualTo(1);
            assertThat(dl.finishedCount()).isEqualTo(n);
            for (int i = 0; i < n; i++) {
                assertThat(dl.resultList().get(i)).isEqualTo(Outcome.succeeded(i));
            }
        }
    }

    @Nested
    class FireOnOneErrback {
        /** The first failure fails the list with a FirstError of that failure and its index. */
        @Test
        void firstFailureFailsTheListWithFirstError() {
            Deferred<String> a = unfired();
            Deferred<String> b = unfired();
            Deferred<String> c = unfired();
            DeferredList<String> dl = new DeferredList<>(List.of(a, b, c), true, true);
            a.callback("a");
            assertThat(dl.called()).isFalse();
            IllegalStateException boom = new IllegalStateException("from b");
            b.errback(boom);
            FirstError fe = (FirstError) failureOf(dl).value();
            assertThat(fe.index()).isEqualTo(1);
            assertThat(fe.subFailure().value()).isSameAs(boom);
            dl.addErrback(f -> null);
        }

        /** Later failures do not change the result, and the remaining inputs are not cancelled. */
        @Test
        void laterFailuresAreIgnoredAndOthersKeepRunning() {
            Deferred<String> a = unfired();
            Deferred<String> b = unfired();
            Deferred<String> c = unfired();
            DeferredList<String> dl = new DeferredList<>(List.of(a, b, c), true, true);
            a.errback(new IllegalStateException("first"));
            b.errback(new IllegalStateException("second"));
            assertThat(((FirstError) failureOf(dl).value()).index()).isZero();
            assertThat(c.called()).isFalse();
            dl.addErrback(f -> null);
        }

        /** An already-failed input fails the list during construction. */
        @Test
        void alreadyFailedInputFailsTheListAtOnce() {
            Deferred<String> a = Deferred.fail(new IllegalStateException("bang"));
            DeferredList<String> dl = new DeferredList<>(List.of(a, unfired()), true, false);
            assertThat(failureOf(dl).check(FirstError.class)).isNotNull();
            a.addErrback(f -> null);
            dl.addErrback(f -> null);
        }

        /** Without failures, the list fires with all outcomes as usual. */
        @Test
        void withoutFailuresFiresWithAllOutcomes() {
            DeferredList<Integer> dl = new DeferredList<>(List.of(Deferred.succeed(1), Deferred.succeed(2)), true, false);
            assertThat(dl.result()).isEqualTo(List.of(Outcome.succeeded(1), Outcome.succeeded(2)));
        }
    }

    @Nested
    class ConsumeErrors {
        /** With consumeErrors, the input's later callbacks see null, and nothing stays unhandled. */
        @Test
        void consumedFailureBecomesNullForTheInputsLaterCallbacks() {
            Deferred<String> a = unfired();
            DeferredList<String> dl = new DeferredList<>(List.of(a), false, true);
            a.errback(new IllegalStateException("bang"));
            assertThat(a.result()).isNull();
            assertThat(a.hasUnhandledFailure()).isFalse();
            assertThat(dl.resultList().get(0).failure().value()).hasMessage("bang");
        }

        /** Without consumeErrors the input keeps its failure, and it counts as unhandled. */
        @Test
        void withoutConsumeErrorsTheInputKeepsItsFailure() {
            Deferred<String> a = unfired();
            DeferredList<String> dl = new DeferredList<>(List.of(a));
            a.errback(new IllegalStateException("bang"));
            assertThat(failureOf(a).value()).hasMessage("bang");
            assertThat(a.hasUnhandledFailure()).isTrue();
            assertThat(dl.resultList().get(0).success()).isFalse();
            a.addErrback(f -> null);
        }

        /** consumeErrors does not disable fireOnOneErrback. */
        @Test
        void consumeErrorsDoesNotDisableFireOnOneErrback() {
            Deferred<String> a = unfired();
            DeferredList<String> dl = new DeferredList<>(List.of(a, unfired()), true, true);
            a.errback(new IllegalStateException("bang"));
            assertThat(failureOf(dl).check(FirstError.class)).isNotNull();
            assertThat(a.result()).isNull();
            dl.addErrback(f -> null);
        }
    }

    @Nested
    class FireOnOneCallback {
        /** The first success fires the result with its value and index. */
        @Test
        void firstSuccessFiresWithValueAndIndex() {
            Deferred<String> a = unfired();
            Deferred<String> b = unfired();
            Deferred<DeferredList.FirstOrAll<String>> d = DeferredList.fireOnOneCallback(List.of(a, b), false, false);
            b.callback("b");
            assertThat(d.result()).isEqualTo(new Indexed<>(1, "b"));
            assertThat(a.called()).isFalse();
        }

        /** When every input fails, it fires (successfully) with all the outcomes, as in Twisted. */
        @Test
        void allFailingFiresWithAllOutcomes() {
            Deferred<String> a = unfired();
            Deferred<String> b = unfired();
            Deferred<DeferredList.FirstOrAll<String>> d = DeferredList.fireOnOneCallback(List.of(a, b), false, true);
            a.errback(new IllegalStateException("a"));
            b.errback(new IllegalStateException("b"));
            assertThat(d.result()).isInstanceOf(DeferredList.AllOutcomes.class);
            DeferredList.AllOutcomes<?> all = (DeferredList.AllOutcomes<?>) d.result();
            assertThat(all.outcomes()).extracting(Outcome::success).containsExactly(false, false);
        }

        /** With fireOnOneErrback too, the first failure wins if it comes first. */
        @Test
        void withFireOnOneErrbackTheFirstFailureFails() {
            Deferred<String> a = unfired();
            Deferred<DeferredList.FirstOrAll<String>> d =
                    DeferredList.fireOnOneCallback(List.of(a, unfired()), true, true);
            a.errback(new IllegalStateException("a"));
            assertThat(failureOf(d).check(FirstError.class)).isNotNull();
            d.addErrback(f -> null);
        }

        /** As in Twisted, an empty fireOnOneCallback list never fires. */
        @Test
        void emptyNeverFires() {
            Deferred<DeferredList.FirstOrAll<String>> d = DeferredList.fireOnOneCallback(List.of(), false, false);
            assertThat(d.called()).isFalse();
        }

        /** Pattern matching over the result reads naturally. */
        @Test
        void resultIsASealedChoice() {
            Deferred<String> a = Deferred.succeed("hit");
            String s = (String) DeferredList.fireOnOneCallback(List.of(a), false, false).addCallback(r -> switch (r) {
                case Indexed<String> first -> first.value() + "@" + first.index();
                case DeferredList.AllOutcomes<String> all -> "none";
            }).result();
            assertThat(s).isEqualTo("hit@0");
        }
    }

    @Nested
    class Cancellation {
        /** C6: cancelling an unfired list cancels every input. */
        @Test
        void cancelCancelsEveryInput() {
            Deferred<String> a = unfired();
            Deferred<String> b = unfired();
            DeferredList<String> dl = new DeferredList<>(List.of(a, b), false, true);
            dl.cancel();
            assertThat(a.called()).isTrue();
            assertThat(b.called()).isTrue();
            assertThat(dl.resultList()).allSatisfy(o -> assertThat(o.failure().check(CancelledError.class)).isNotNull());
        }

        /** A plain list then fires successfully with the inputs' outcomes, a canceller's value included. */
        @Test
        void cancelledPlainListFiresWithOutcomes() {
            Deferred<String> a = new Deferred<>(d -> d.callback("Callback Result"));
            Deferred<String> b = unfired();
            DeferredList<String> dl = new DeferredList<>(List.of(a, b));
            dl.cancel();
            List<Outcome<String>> outcomes = Results.successResultOf(dl);
            assertThat(outcomes.get(0)).isEqualTo(Outcome.succeeded("Callback Result"));
            assertThat(outcomes.get(1).failure().check(CancelledError.class)).isNotNull();
            b.addErrback(f -> null);
        }

        /** With fireOnOneErrback the first CancelledError gives a FirstError. */
        @Test
        void cancelWithFireOnOneErrbackGivesFirstErrorOfCancelledError() {
            Deferred<String> a = unfired();
            Deferred<String> b = unfired();
            DeferredList<String> dl = new DeferredList<>(List.of(a, b), true, true);
            dl.cancel();
            FirstError fe = (FirstError) failureOf(dl).value();
            assertThat(fe.subFailure().check(CancelledError.class)).isNotNull();
            assertThat(b.called()).as("every input is cancelled, even after the list fired").isTrue();
            dl.addErrback(f -> null);
        }

        /** With fireOnOneErrback, inputs whose cancellers succeed give a successful list. */
        @Test
        void cancelWithFireOnOneErrbackWhenAllCancellersSucceed() {
            Deferred<String> a = new Deferred<>(d -> d.callback("A"));
            Deferred<String> b = new Deferred<>(d -> d.callback("B"));
            DeferredList<String> dl = new DeferredList<>(List.of(a, b), true, false);
            dl.cancel();
            assertThat(dl.result()).isEqualTo(List.of(Outcome.succeeded("A"), Outcome.succeeded("B")));
        }

        /** fireOnOneCallback: cancel cancels every input; a canceller's value wins. */
        @Test
        void cancelFireOnOneCallbackListWhoseInputCancellerSucceeds() {
            Deferred<String> a = new Deferred<>(d -> d.callback("Callback Result"));
            Deferred<String> b = unfired();
            Deferred<DeferredList.FirstOrAll<String>> d = DeferredList.fireOnOneCallback(List.of(a, b), false, true);
            d.cancel();
            assertThat(d.result()).isEqualTo(new Indexed<>(0, "Callback Result"));
            assertThat(b.called()).isTrue();
        }

        /** fireOnOneCallback: when all inputs fail on cancel, all outcomes come back. */
        @Test
        void cancelFireOnOneCallbackListWithPlainInputs() {
            Deferred<String> a = unfired();
            Deferred<String> b = unfired();
            Deferred<DeferredList.FirstOrAll<String>> d = DeferredList.fireOnOneCallback(List.of(a, b), false, true);
            d.cancel();
            assertThat(a.called()).isTrue();
            assertThat(b.called()).isTrue();
            assertThat(d.result()).isInstanceOf(DeferredList.AllOutcomes.class);
        }

        /** Cancelling a list that fired through fireOnOneErrback does not cancel pending inputs. */
        @Test
        void cancelAfterFireOnOneErrbackDoesNothing() {
            Deferred<String> a = unfired();
            Deferred<String> b = unfired();
            DeferredList<String> dl = new DeferredList<>(List.of(a, b), true, false);
            a.errback(new IllegalStateException("test"));
            dl.cancel();
            assertThat(b.called()).isFalse();
            assertThat(failureOf(dl).check(FirstError.class)).isNotNull();
            assertThat(failureOf(a).value()).hasMessage("test");
            a.addErrback(f -> null);
            dl.addErrback(f -> null);
        }

        /** Cancelling a list that fired through fireOnOneCallback does not cancel pending inputs. */
        @Test
        void cancelAfterFireOnOneCallbackDoesNothing() {
            Deferred<String> a = unfired();
            Deferred<String> b = unfired();
            Deferred<DeferredList.FirstOrAll<String>> d = DeferredList.fireOnOneCallback(List.of(a, b), false, false);
            a.callback(null);
            d.cancel();
            assertThat(b.called()).isFalse();
        }

        /** Inputs that already fired are not cancelled again (cancel on them is a no-op anyway). */
        @Test
        void cancelLeavesFiredInputsAlone() {
            Deferred<String> a = Deferred.succeed("done");
            Deferred<String> b = unfired();
            DeferredList<String> dl = new DeferredList<>(List.of(a, b), false, true);
            dl.cancel();
            assertThat(a.result()).isEqualTo("done");
            assertThat(dl.resultList().get(0)).isEqualTo(Outcome.succeeded("done"));
        }

        /** An input canceller that throws is logged; the other inputs are still cancelled. */
        @Test
        void throwingInputCancellerDoesNotStopTheOthers() {
            Deferred<String> a = new Deferred<>(d -> {
                throw new IllegalStateException("test canceller");
            });
            Deferred<String> b = unfired();
            DeferredList<String> dl = new DeferredList<>(List.of(a, b), false, true);
            dl.cancel();
            assertThat(b.called()).isTrue();
            assertThat(a.called()).isFalse();
            // Twine difference: the list still fires (CancelledError) rather than wait for `a`.
            assertThat(failureOf(dl).check(CancelledError.class)).isNotNull();
            dl.addErrback(f -> null);
            a.callback("late");
            assertThat(dl.resultList().get(0)).isEqualTo(Outcome.succeeded("late"));
        }

        /** Cancelling the same list twice is harmless. */
        @Test
        void secondCancelIsANoOp() {
            Deferred<String> a = unfired();
            DeferredList<String> dl = new DeferredList<>(List.of(a), false, true);
            dl.cancel();
            Object first = dl.result();
            dl.cancel();
            assertThat(dl.result()).isSameAs(first);
        }
    }
}
