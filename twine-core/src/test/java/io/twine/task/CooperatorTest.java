package io.twine.task;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.twine.defer.Deferred;
import io.twine.defer.Failure;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * The behaviour of {@link Cooperator} and {@link CooperativeTask}, organised like Twisted's
 * test_cooperator.py: scheduling, completion, Deferreds yielded by tasks, pause/resume, stopping a
 * task, stopping the cooperator, inputs, and the default cooperator. Everything runs on a
 * {@link ManualClock}: one {@code turn()} advances the clock to exactly the next turn.
 */
class CooperatorTest {

    private static final Object NOTHING = new Object();

    final ManualClock clock = new ManualClock();
    final List<Object> work = new ArrayList<>();

    /** Runs exactly one turn: each turn schedules the next one {@link Cooperator#TICK_DELAY} later. */
    void turn() {
        clock.advance(Cooperator.TICK_DELAY);
    }

    void turns(int n) {
        for (int i = 0; i < n; i++) {
            turn();
        }
    }

    /**
     * A cooperator whose turns end by count, not by wall-clock time, so that results do not depend
     * on the machine's speed.
     */
    Cooperator cooperator() {
        return new Cooperator(clock, Cooperator.workUnitsPerTurn(1_000), true);
    }

    Cooperator oneUnitPerTurn() {
        return new Cooperator(clock, Cooperator.workUnitsPerTurn(1), true);
    }

    /** An iterator that records each element it produces in {@link #work}. */
    Iterator<Object> recording(Object... elements) {
        return new Iterator<>() {
            int i;

            @Override
            public boolean hasNext() {
                return i < elements.length;
            }

            @Override
            public Object next() {
                if (!hasNext()) {
                    throw new NoSuchElementException();
                }
                Object e = elements[i++];
                work.add(e);
                return e;
            }
        };
    }

    /** An endless iterator counting 1, 2, 3... into {@link #work}. */
    Iterator<Object> counter() {
        return new Iterator<>() {
            int i;

            @Override
            public boolean hasNext() {
                return true;
            }

            @Override
            public Object next() {
                work.add(++i);
                return i;
            }
        };
    }

    /** The value or Failure a Deferred holds, consuming a Failure; {@link #NOTHING} if unfired. */
    static Object outcome(Deferred<?> d) {
        Object[] box = {NOTHING};
        d.addBoth(r -> {
            box[0] = r;
            return null;
        });
        return box[0];
    }

    static Throwable failureOf(Deferred<?> d) {
        Object o = outcome(d);
        assertThat(o).as("outcome of %s", d).isInstanceOf(Failure.class);
        return ((Failure) o).value();
    }

    @Nested
    class Scheduling {
        @Test
        void noWorkRunsDuringCooperate() {
            oneUnitPerTurn().cooperate(recording("a"));
            assertThat(work).isEmpty();
            assertThat(clock.getDelayedCalls()).hasSize(1);
        }

        @Test
        void aTurnIsScheduledTickDelayLater() {
            new Cooperator(clock).cooperate(recording("a"));
            assertThat(clock.getDelayedCalls().get(0).getTime()).isEqualTo(Cooperator.TICK_DELAY);
        }

        @Test
        void aTurnRunsUnitsUntilThePredicateSaysEnough() {
            new Cooperator(clock, Cooperator.workUnitsPerTurn(3), true).cooperate(counter());
            turn();
            assertThat(work).containsExactly(1, 2, 3);
            turn();
            assertThat(work).containsExactly(1, 2, 3, 4, 5, 6);
        }

        @Test
        void thePredicateIsAskedAfterEachUnit() {
            AtomicInteger asked = new AtomicInteger();
            Supplier<BooleanSupplier> factory = () -> () -> asked.incrementAndGet() == 10;
            new Cooperator(clock, factory, true).cooperate(counter());
            turn();
            assertThat(work).hasSize(10);
            assertThat(asked).hasValue(10);
        }

        @Test
        void tasksTakeOneUnitEachInTurnRoundRobin() {
            Cooperator c = cooperator();
            List<Deferred<Iterator<Object>>> done = new ArrayList<>();
            for (Object[] group : new Object[][] {{"a", "b", "c"}, {1, 2, 3}, {"d", "e", "f"}, {4, 5, 6}}) {
                done.add(c.coiterate(recording(group)));
            }
            turn();
            assertThat(work).containsExactly("a", 1, "d", 4, "b", 2, "e", 5, "c", 3, "f", 6);
            assertThat(done).allSatisfy(d -> assertThat(d.called()).isTrue());
        }

        @Test
        void theNextTurnContinuesWhereTheLastStopped() {
            Cooperator c = new Cooperator(clock, Cooperator.workUnitsPerTurn(2), true);
            c.cooperate(recording("a1", "a2", "a3"));
            c.cooperate(recording("b1", "b2", "b3"));
            c.cooperate(recording("c1", "c2", "c3"));
            turn();
            assertThat(work).containsExactly("a1", "b1");
            turn();
            assertThat(work).containsExactly("a1", "b1", "c1", "a2");
        }

        @Test
        void aTaskThatEndsDoesNotMakeTheRoundSkipAnother() {
            Cooperator c = oneUnitPerTurn();
            c.cooperate(recording()); // ends on its first unit
            c.cooperate(recording("b1", "b2"));
            c.cooperate(recording("c1", "c2"));
            turns(3);
            assertThat(work).containsExactly("b1", "c1");
            turns(2);
            assertThat(work).containsExactly("b1", "c1", "b2", "c2");
        }

        @Test
        void timerEndsTheTurnOnceItsSliceHasPassed() {
            AtomicLong nanos = new AtomicLong();
            Cooperator c = new Cooperator(clock, Cooperator.timer(Duration.ofMillis(10), nanos::get), true);
            c.cooperate(new Iterator<Integer>() {
                int i;

                @Override
                public boolean hasNext() {
                    return true;
                }

                @Override
                public Integer next() {
                    nanos.addAndGet(3_000_000); // each unit "takes" 3 ms
                    work.add(++i);
                    return i;
                }
            });
            turn();
            assertThat(work).containsExactly(1, 2, 3, 4); // 12 ms >= 10 ms after the fourth
            turn();
            assertThat(work).hasSize(8);
        }

        @Test
        void aZeroSliceStillRunsOneUnitPerTurn() {
            new Cooperator(clock, Cooperator.timer(Duration.ZERO), true).cooperate(counter());
            turn();
            assertThat(work).containsExactly(1);
        }

        @Test
        void timerRejectsANegativeSlice() {
            assertThatThrownBy(() -> Cooperator.timer(Duration.ofMillis(-1)))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("PT-0.001S");
        }

        @Test
        void workUnitsPerTurnRejectsLessThanOne() {
            assertThatThrownBy(() -> Cooperator.workUnitsPerTurn(0))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("got 0");
        }

        @Test
        void anIdleCooperatorLeavesNothingOnTheClock() {
            Cooperator c = cooperator();
            c.coiterate(recording("a", "b"));
            turn();
            assertThat(c.tasks()).isEmpty();
            assertThat(clock.getDelayedCalls()).isEmpty();
        }

        @Test
        void removingTheLastRunnableTaskCancelsTheScheduledTurn() {
            Cooperator c = cooperator();
            CooperativeTask<?> t1 = c.cooperate(recording(1, 2));
            CooperativeTask<?> t2 = c.cooperate(recording(1, 2));
            DelayedCall scheduled = clock.getDelayedCalls().get(0);
            t1.stop();
            assertThat(scheduled.active()).isTrue();
            t2.stop();
            assertThat(scheduled.cancelled()).isTrue();
            assertThat(clock.getDelayedCalls()).isEmpty();
            c.cooperate(recording(1, 2));
            assertThat(clock.getDelayedCalls()).hasSize(1);
        }

        @Test
        void pausingEveryTaskCancelsTheScheduledTurn() {
            CooperativeTask<?> t = cooperator().cooperate(counter());
            t.pause();
            assertThat(clock.getDelayedCalls()).isEmpty();
            t.resume();
            assertThat(clock.getDelayedCalls()).hasSize(1);
        }

        @Test
        void coiteratingFromAWhenDoneCallbackSchedulesOnlyOneTurn() {
            Cooperator c = oneUnitPerTurn();
            List<Object> inner = new ArrayList<>();
            c.coiterate(recording()).addCallback(ignored -> {
                c.coiterate(recording()).addBoth(r -> inner.add(r));
                assertThat(clock.getDelayedCalls()).isEmpty(); // the running turn reschedules
                return null;
            });
            turn();
            assertThat(clock.getDelayedCalls()).hasSize(1);
            turn();
            assertThat(inner).hasSize(1);
            assertThat(clock.getDelayedCalls()).isEmpty();
        }

        @Test
        void aNotStartedCooperatorQueuesTasksUntilStart() {
            Cooperator c = new Cooperator(clock, Cooperator.workUnitsPerTurn(1), false);
            c.cooperate(recording("a"));
            assertThat(clock.getDelayedCalls()).isEmpty();
            turn();
            assertThat(work).isEmpty();
            c.start();
            turn();
            assertThat(work).containsExactly("a");
        }

        @Test
        void aThrowingPredicateFactoryPropagatesToTheClockAndTheNextTurnStillComes() {
            AtomicInteger calls = new AtomicInteger();
            Supplier<BooleanSupplier> factory = () -> {
                if (calls.incrementAndGet() == 1) {
                    throw new IllegalStateException("predicate trouble");
                }
                return () -> true;
            };
            new Cooperator(clock, factory, true).cooperate(counter());
            assertThatThrownBy(CooperatorTest.this::turn).hasMessage("predicate trouble");
            assertThat(work).isEmpty();
            turn();
            assertThat(work).containsExactly(1);
        }
    }

    @Nested
    class RunningState {
        @Test
        void runningWhenStartedOnCreation() {
            assertThat(cooperator().running()).isTrue();
        }

        @Test
        void notRunningWhenNotStarted() {
            assertThat(new Cooperator(clock, Cooperator.timer(Duration.ofMillis(1)), false).running()).isFalse();
        }

        @Test
        void runningAfterStart() {
            Cooperator c = new Cooperator(clock, Cooperator.timer(Duration.ofMillis(1)), false);
            c.start();
            assertThat(c.running()).isTrue();
        }

        @Test
        void notRunningAfterStop() {
            Cooperator c = cooperator();
            c.stop();
            assertThat(c.running()).isFalse();
        }
    }

    @Nested
    class Completion {
        @Test
        void whenDoneFiresWithTheIteratorWhenItRunsOut() {
            Iterator<Object> it = recording("a");
            CooperativeTask<Iterator<Object>> t = oneUnitPerTurn().cooperate(it);
            Deferred<Iterator<Object>> d = t.whenDone();
            turn();
            assertThat(d.called()).isFalse(); // "a" was the unit; running out is the next one
            turn();
            assertThat(outcome(d)).isSameAs(it);
            assertThat(t.isFinished()).isTrue();
        }

        @Test
        void eachWhenDoneIsANewDeferredWithItsOwnChain() {
            CooperativeTask<Iterator<Object>> t = oneUnitPerTurn().cooperate(recording());
            Deferred<Integer> one = t.whenDone().addCallback(it -> 1);
            Deferred<Integer> two = t.whenDone().addCallback(it -> 2);
            turn();
            assertThat(one.result()).isEqualTo(1);
            assertThat(two.result()).isEqualTo(2);
        }

        @Test
        void aWhenDoneDeferredFiredByItsHolderDoesNotKeepTheOthersFromFiring() {
            Iterator<Object> it = recording();
            CooperativeTask<Iterator<Object>> t = oneUnitPerTurn().cooperate(it);
            t.whenDone().callback(null);
            Deferred<Iterator<Object>> other = t.whenDone();
            turn();
            assertThat(outcome(other)).isSameAs(it);
        }

        @Test
        void whenDoneAfterTheEndHasAlreadyFired() {
            Iterator<Object> it = recording();
            CooperativeTask<Iterator<Object>> t = oneUnitPerTurn().cooperate(it);
            turn();
            assertThat(outcome(t.whenDone())).isSameAs(it);
        }

        @Test
        void coiterateGivesTheEndOfTheTask() {
            Iterator<Object> it = recording("x");
            Deferred<Iterator<Object>> d = cooperator().coiterate(it);
            turn();
            assertThat(outcome(d)).isSameAs(it);
        }

        @Test
        void anExceptionFromNextFailsTheTaskWithIt() {
            IllegalStateException boom = new IllegalStateException("boom");
            Deferred<?> d = cooperator().coiterate(new Iterator<Object>() {
                @Override
                public boolean hasNext() {
                    return true;
                }

                @Override
                public Object next() {
                    throw boom;
                }
            });
            turn();
            assertThat(failureOf(d)).isSameAs(boom);
        }

        @Test
        void anExceptionFromHasNextFailsTheTaskWithIt() {
            Deferred<?> d = cooperator().coiterate(new Iterator<Object>() {
                @Override
                public boolean hasNext() {
                    throw new ArithmeticException("hasNext");
                }

                @Override
                public Object next() {
                    return 1;
                }
            });
            turn();
            assertThat(failureOf(d)).isInstanceOf(ArithmeticException.class).hasMessage("hasNext");
        }

        @Test
        void aFailedTaskNobodyAskedAboutKeepsItsErrorAsUnhandled() {
            CooperativeTask<?> t = cooperator().cooperate(Stream.generate(() -> {
                throw new IllegalStateException("nobody listens");
            }));
            turn();
            assertThat(t.unobservedFailure()).isNotNull();
            assertThat(t.unobservedFailure().hasUnhandledFailure()).isTrue();
            assertThat(failureOf(t.whenDone())).hasMessage("nobody listens");
            assertThat(t.unobservedFailure()).isNull();
        }

        @Test
        void aFailedTaskSomebodyWatchedKeepsNothingUnhandled() {
            CooperativeTask<?> t = cooperator().cooperate(Stream.generate(() -> {
                throw new IllegalStateException("watched");
            }));
            Deferred<?> d = t.whenDone();
            turn();
            assertThat(t.unobservedFailure()).isNull();
            assertThat(failureOf(d)).hasMessage("watched");
        }

        @Test
        void aTaskThatRanOutKeepsNothingUnhandled() {
            CooperativeTask<?> t = cooperator().cooperate(recording());
            turn();
            assertThat(t.unobservedFailure()).isNull();
        }
    }

    @Nested
    class YieldedDeferreds {
        /** An iterator yielding the given elements, where a Supplier is asked for its element lazily. */
        Iterator<Object> yielding(Object... elements) {
            return new Iterator<>() {
                int i;

                @Override
                public boolean hasNext() {
                    return i < elements.length;
                }

                @Override
                public Object next() {
                    Object e = elements[i++];
                    Object v = e instanceof Supplier<?> s ? s.get() : e;
                    work.add(v);
                    return v;
                }
            };
        }

        @Test
        void aYieldedDeferredMakesTheTaskWaitUntilItFires() {
            Deferred<String> d = new Deferred<>();
            CooperativeTask<?> t = cooperator().cooperate(yielding(d, "after"));
            turn();
            assertThat(work).containsExactly(d);
            assertThat(t.isWaiting()).isTrue();
            assertThat(clock.getDelayedCalls()).isEmpty();
            d.callback("fired");
            assertThat(work).containsExactly(d); // resumes in a turn, not in the callback
            turn();
            assertThat(work).containsExactly(d, "after");
        }

        @Test
        void theTaskConsumesTheYieldedDeferredsResult() {
            Deferred<String> d = new Deferred<>();
            cooperator().cooperate(yielding(d));
            turn();
            d.callback("fired");
            assertThat(d.result()).isNull();
        }

        @Test
        void otherTasksKeepRunningWhileOneWaits() {
            Deferred<String> d = new Deferred<>();
            Cooperator c = oneUnitPerTurn();
            c.cooperate(yielding(d, "a-after"));
            c.cooperate(yielding("b1", "b2", "b3"));
            turns(4);
            assertThat(work).containsExactly(d, "b1", "b2", "b3");
        }

        @Test
        void aYieldedDeferredThatFailsLaterFailsTheTask() {
            Deferred<String> d = new Deferred<>();
            Deferred<?> done = cooperator().coiterate(yielding(d, "never"));
            turn();
            d.errback(new ArithmeticException("later"));
            assertThat(failureOf(done)).isInstanceOf(ArithmeticException.class).hasMessage("later");
            turn();
            assertThat(work).containsExactly(d);
            assertThat(d.hasUnhandledFailure()).isFalse(); // the task took the error over
        }

        @Test
        void aYieldedDeferredThatHasAlreadyFailedFailsTheTask() {
            Deferred<?> done = cooperator().coiterate(
                    yielding((Supplier<Object>) () -> Deferred.fail(new ArithmeticException("already"))));
            turn();
            assertThat(failureOf(done)).hasMessage("already");
        }

        @Test
        void aYieldedDeferredThatHasAlreadySucceededLetsTheTaskGoOnNextTurn() {
            Cooperator c = new Cooperator(clock, Cooperator.workUnitsPerTurn(5), true);
            c.cooperate(yielding(Deferred.succeed(1), "next"));
            turn();
            assertThat(work).hasSize(2).last().isEqualTo("next");
        }

        @Test
        void aYieldedDeferredFiredFromAnotherThreadResumesTheTask() throws InterruptedException {
            Deferred<String> d = new Deferred<>();
            Deferred<?> done = cooperator().coiterate(yielding(d, "after"));
            turn();
            Thread other = new Thread(() -> d.callback("from elsewhere"));
            other.start();
            other.join();
            turns(2);
            assertThat(work).containsExactly(d, "after");
            assertThat(done.called()).isTrue();
        }
    }

    @Nested
    class PauseAndResume {
        @Test
        void aPausedTaskGetsNoTurnsAndResumeDoesNoWorkItself() {
            CooperativeTask<?> t = oneUnitPerTurn().cooperate(counter());
            turns(2);
            assertThat(work).containsExactly(1, 2);
            t.pause();
            turn();
            assertThat(work).containsExactly(1, 2);
            t.resume();
            assertThat(work).containsExactly(1, 2);
            turn();
            assertThat(work).containsExactly(1, 2, 3);
        }

        @Test
        void pausesAreCounted() {
            CooperativeTask<?> t = oneUnitPerTurn().cooperate(counter());
            t.pause();
            t.pause();
            assertThat(t.pauseCount()).isEqualTo(2);
            t.resume();
            turn();
            assertThat(work).isEmpty();
            t.resume();
            turn();
            assertThat(work).containsExactly(1);
        }

        @Test
        void resumeWithoutPauseThrowsNotPaused() {
            CooperativeTask<?> t = oneUnitPerTurn().cooperate(counter());
            assertThatThrownBy(t::resume).isInstanceOf(NotPaused.class);
            t.pause();
            t.resume();
            assertThatThrownBy(t::resume).isInstanceOf(NotPaused.class);
            turn();
            assertThat(work).containsExactly(1);
        }

        @Test
        void resumeCannotReleaseATaskWaitingForADeferred() {
            Deferred<String> d = new Deferred<>();
            CooperativeTask<?> t = oneUnitPerTurn().cooperate(recording(d, "after"));
            turn();
            assertThatThrownBy(t::resume).isInstanceOf(NotPaused.class);
            turn();
            assertThat(work).containsExactly(d);
        }

        @Test
        void aWaitingTaskThatIsPausedNeedsBothTheDeferredAndTheResume() {
            Deferred<String> d = new Deferred<>();
            CooperativeTask<?> t = oneUnitPerTurn().cooperate(recording(d, "after"));
            turn();
            t.pause();
            d.callback("fired");
            turn();
            assertThat(work).containsExactly(d);
            t.resume();
            turn();
            assertThat(work).containsExactly(d, "after");
        }

        @Test
        void pauseOnATaskThatRanOutThrowsTaskDone() {
            CooperativeTask<?> t = oneUnitPerTurn().cooperate(recording());
            turn();
            assertThatThrownBy(t::pause).isInstanceOf(TaskDone.class);
            assertThat(t.pauseCount()).isZero();
        }

        @Test
        void resumingAPausedTaskAfterItWasStoppedIsANoOp() {
            CooperativeTask<?> t = oneUnitPerTurn().cooperate(counter());
            t.pause();
            outcome(t.whenDone());
            t.stop();
            t.resume();
            turn();
            assertThat(work).isEmpty();
            assertThat(clock.getDelayedCalls()).isEmpty();
        }
    }

    @Nested
    class StoppingATask {
        @Test
        void stopFailsWhenDoneWithTaskStoppedAtOnce() {
            CooperativeTask<?> t = oneUnitPerTurn().cooperate(counter());
            Deferred<?> d = t.whenDone();
            t.stop();
            assertThat(failureOf(d)).isInstanceOf(TaskStopped.class);
        }

        @Test
        void aStoppedTaskGetsNoMoreTurns() {
            CooperativeTask<?> t = oneUnitPerTurn().cooperate(counter());
            turn();
            t.stop();
            turns(2);
            assertThat(work).containsExactly(1);
        }

        @Test
        void aSecondStopThrowsTaskStopped() {
            CooperativeTask<?> t = oneUnitPerTurn().cooperate(counter());
            t.stop();
            assertThatThrownBy(t::stop).isInstanceOf(TaskStopped.class);
            assertThatThrownBy(t::pause).isInstanceOf(TaskStopped.class);
        }

        @Test
        void stopAfterTheIteratorRanOutThrowsTaskDone() {
            CooperativeTask<?> t = oneUnitPerTurn().cooperate(recording());
            turn();
            assertThatThrownBy(t::stop).isInstanceOf(TaskDone.class);
        }

        @Test
        void stopAfterTheIteratorFailedThrowsTaskFailedWithTheError() {
            CooperativeTask<?> t = oneUnitPerTurn().cooperate(Stream.generate(() -> {
                throw new ArithmeticException("died");
            }));
            outcome(t.whenDone());
            turn();
            assertThatThrownBy(t::stop).isInstanceOf(TaskFailed.class)
                    .cause().isInstanceOf(ArithmeticException.class).hasMessage("died");
        }

        @Test
        void aTaskStoppedWhileWaitingIgnoresTheDeferredWhenItFires() {
            Deferred<Integer> d = new Deferred<>();
            CooperativeTask<?> t = oneUnitPerTurn().cooperate(recording(d, "never"));
            turn();
            outcome(t.whenDone());
            t.stop();
            d.callback(7);
            turns(2);
            assertThat(d.result()).isNull(); // consumed by the task, as in Twisted
            assertThat(work).containsExactly(d);
        }

        @Test
        void aFailureOfTheAwaitedDeferredAfterStopStaysInThatDeferred() {
            Deferred<Integer> d = new Deferred<>();
            CooperativeTask<?> t = oneUnitPerTurn().cooperate(recording(d));
            turn();
            outcome(t.whenDone());
            t.stop();
            d.errback(new ArithmeticException("too late"));
            assertThat(d.hasUnhandledFailure()).isTrue();
            assertThat(failureOf(d)).hasMessage("too late");
        }
    }

    @Nested
    class StoppingTheCooperator {
        @Test
        void stopFailsEveryTaskWithSchedulerStopped() {
            Cooperator c = oneUnitPerTurn();
            Deferred<Integer> awaited = new Deferred<>();
            CooperativeTask<?> running = c.cooperate(counter());
            CooperativeTask<?> paused = c.cooperate(counter());
            CooperativeTask<?> waiting = c.cooperate(recording(awaited));
            paused.pause();
            turns(2);
            assertThat(waiting.isWaiting()).isTrue();
            List<Deferred<?>> ends = List.of(running.whenDone(), paused.whenDone(), waiting.whenDone());
            c.stop();
            assertThat(ends).allSatisfy(d -> assertThat(failureOf(d)).isInstanceOf(SchedulerStopped.class));
            assertThat(c.tasks()).isEmpty();
            assertThat(clock.getDelayedCalls()).isEmpty();
        }

        @Test
        void aTaskEndedByTheCooperatorStopDoesNotRun() {
            Cooperator c = oneUnitPerTurn();
            Deferred<?> d = c.coiterate(recording(1, 2, 3));
            c.stop();
            turns(3);
            assertThat(work).isEmpty();
            assertThat(failureOf(d)).isInstanceOf(SchedulerStopped.class);
        }

        @Test
        void aStoppedCooperatorEndsNewTasksAtOnce() {
            Cooperator c = cooperator();
            c.stop();
            Deferred<?> d = c.coiterate(recording("a"));
            assertThat(failureOf(d)).isInstanceOf(SchedulerStopped.class);
            assertThat(clock.getDelayedCalls()).isEmpty();
        }

        @Test
        void pauseOnATaskEndedByTheCooperatorThrowsSchedulerStopped() {
            Cooperator c = cooperator();
            CooperativeTask<?> t = c.cooperate(counter());
            c.stop();
            assertThatThrownBy(t::pause).isInstanceOf(SchedulerStopped.class);
        }

        @Test
        void stoppingTheCooperatorFromAWhenDoneCallbackIsSafe() {
            Cooperator c = oneUnitPerTurn();
            Iterator<Object> it = recording();
            CooperativeTask<?> t = c.cooperate(it);
            Deferred<?> other = c.coiterate(counter());
            List<Object> phases = new ArrayList<>();
            t.whenDone().addCallback(r -> {
                phases.add(r);
                c.stop();
                phases.add("done");
                return null;
            });
            turn();
            assertThat(phases).containsExactly(it, "done");
            assertThat(failureOf(other)).isInstanceOf(SchedulerStopped.class);
        }

        @Test
        void startAfterStopAcceptsNewTasks() {
            Cooperator c = cooperator();
            c.stop();
            c.start();
            Iterator<Object> it = recording("a");
            Deferred<Iterator<Object>> d = c.coiterate(it);
            turn();
            assertThat(outcome(d)).isSameAs(it);
        }
    }

    @Nested
    class Errors {
        @Test
        void theHierarchyIsTwisteds() {
            assertThat(new SchedulerStopped("x")).isInstanceOf(SchedulerError.class);
            assertThat(new TaskDone("x")).isInstanceOf(TaskFinished.class).isInstanceOf(SchedulerError.class);
            assertThat(new TaskStopped("x")).isInstanceOf(TaskFinished.class);
            assertThat(new TaskFailed("x", null)).isInstanceOf(TaskFinished.class);
            assertThat(new NotPaused("x")).isInstanceOf(SchedulerError.class).isNotInstanceOf(TaskFinished.class);
            assertThat(SchedulerStopped.class.getSuperclass()).isEqualTo(SchedulerError.class);
        }
    }

    @Nested
    class Inputs {
        @Test
        void anIterableRunsOneElementPerUnit() {
            Cooperator c = oneUnitPerTurn();
            Deferred<Iterator<Integer>> d = c.coiterate(List.of(1, 2, 3));
            turns(3);
            assertThat(d.called()).isFalse();
            turn();
            assertThat(outcome(d)).isInstanceOf(Iterator.class);
        }

        @Test
        void aLazyStreamPipelineRunsOneElementPerUnit() {
            Cooperator c = oneUnitPerTurn();
            c.coiterate(IntStream.rangeClosed(1, 5).boxed().map(i -> work.add(i * 10)));
            turns(2);
            assertThat(work).containsExactly(10, 20);
        }

        @Test
        void aStreamIsClosedWhenItRunsOut() {
            AtomicInteger closed = new AtomicInteger();
            Deferred<?> d = cooperator().coiterate(Stream.of(1, 2).onClose(closed::incrementAndGet));
            turn();
            assertThat(closed).hasValue(1);
            assertThat(d.called()).isTrue();
        }

        @Test
        void aStreamIsClosedWhenItsTaskIsStopped() {
            AtomicInteger closed = new AtomicInteger();
            CooperativeTask<?> t = cooperator().cooperate(Stream.of(1, 2).onClose(closed::incrementAndGet));
            outcome(t.whenDone());
            t.stop();
            assertThat(closed).hasValue(1);
        }

        @Test
        void aStreamIsClosedWhenTheCooperatorStops() {
            AtomicInteger closed = new AtomicInteger();
            Cooperator c = cooperator();
            outcome(c.coiterate(Stream.of(1, 2).onClose(closed::incrementAndGet)));
            c.stop();
            assertThat(closed).hasValue(1);
        }

        @Test
        void aStreamThatFailsToCloseFailsATaskThatRanOut() {
            Deferred<?> d = cooperator().coiterate(Stream.of(1).onClose(() -> {
                throw new IllegalStateException("close failed");
            }));
            turn();
            assertThat(failureOf(d)).hasMessage("close failed");
        }

        @Test
        void aCloseFailureOfAStoppedTaskIsSuppressedIntoTaskStopped() {
            CooperativeTask<?> t = cooperator().cooperate(Stream.of(1).onClose(() -> {
                throw new IllegalStateException("close failed");
            }));
            Deferred<?> d = t.whenDone();
            t.stop();
            Throwable stopped = failureOf(d);
            assertThat(stopped).isInstanceOf(TaskStopped.class);
            assertThat(stopped.getSuppressed()).singleElement().satisfies(e -> assertThat(e).hasMessage("close failed"));
        }

        @Test
        void cooperateRefusesNull() {
            Cooperator c = cooperator();
            assertThatThrownBy(() -> c.cooperate((Iterator<?>) null))
                    .isInstanceOf(NullPointerException.class).hasMessageContaining("iterator");
        }
    }

    @Nested
    class Threads {
        @Test
        void pauseResumeAndStopFromAnotherThreadWhileTurnsRun() throws Exception {
            Cooperator c = new Cooperator(clock, Cooperator.workUnitsPerTurn(50), true);
            Thread clockThread = Thread.currentThread();
            AtomicInteger wrongThread = new AtomicInteger();
            List<CooperativeTask<Iterator<Integer>>> tasks = new ArrayList<>();
            List<AtomicInteger> fired = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                CooperativeTask<Iterator<Integer>> t = c.cooperate(IntStream.range(0, 2_000).boxed().peek(x -> {
                    if (Thread.currentThread() != clockThread) {
                        wrongThread.incrementAndGet();
                    }
                }));
                AtomicInteger count = new AtomicInteger();
                t.whenDone().addBoth(r -> count.incrementAndGet());
                tasks.add(t);
                fired.add(count);
            }
            java.util.concurrent.atomic.AtomicReference<Throwable> trouble = new java.util.concurrent.atomic.AtomicReference<>();
            Thread meddler = new Thread(() -> {
                try {
                    for (int round = 0; round < 500; round++) {
                        CooperativeTask<?> t = tasks.get(round % 6); // tasks 6 and 7 are stopped below
                        try {
                            t.pause();
                            t.resume();
                        } catch (TaskDone finished) {
                            // it ran out meanwhile: fine
                        }
                    }
                    tasks.get(6).stop();
                    tasks.get(7).stop();
                } catch (Throwable e) {
                    trouble.set(e);
                }
            });
            meddler.start();
            while (meddler.isAlive() || !c.tasks().isEmpty()) {
                turn();
            }
            meddler.join();
            assertThat(trouble.get()).isNull();
            assertThat(wrongThread).hasValue(0);
            assertThat(fired).allSatisfy(n -> assertThat(n).hasValue(1));
            assertThat(tasks).allSatisfy(t -> assertThat(t.isFinished()).isTrue());
        }

        @Test
        void anErrorFromAUnitWhoseTaskWasStoppedMeanwhileIsReportedNotLost() throws Exception {
            java.util.concurrent.CountDownLatch entered = new java.util.concurrent.CountDownLatch(1);
            java.util.concurrent.CountDownLatch proceed = new java.util.concurrent.CountDownLatch(1);
            CooperativeTask<?> t = oneUnitPerTurn().cooperate(Stream.generate(() -> {
                entered.countDown();
                try {
                    proceed.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                throw new IllegalStateException("after the stop");
            }));
            List<io.twine.defer.UnhandledError> reports = new java.util.concurrent.CopyOnWriteArrayList<>();
            boolean logging = io.twine.defer.UnhandledErrors.isLogging();
            io.twine.defer.UnhandledErrors.setLogging(false);
            try (AutoCloseable observer = io.twine.defer.UnhandledErrors.addObserver(reports::add)) {
                Thread clockThread = new Thread(CooperatorTest.this::turn);
                clockThread.start();
                entered.await();
                Deferred<?> d = t.whenDone();
                t.stop();
                assertThat(failureOf(d)).isInstanceOf(TaskStopped.class);
                proceed.countDown();
                clockThread.join();
            } finally {
                io.twine.defer.UnhandledErrors.setLogging(logging);
            }
            assertThat(reports).anySatisfy(r -> assertThat(r.failure().value()).hasMessage("after the stop"));
        }
    }

    @Nested
    class DefaultCooperator {
        @Test
        void aClockHasOneDefaultCooperator() {
            assertThat(Cooperator.forClock(clock)).isSameAs(Cooperator.forClock(clock));
            assertThat(Cooperator.forClock(clock)).isNotSameAs(Cooperator.forClock(new ManualClock()));
            assertThat(Cooperator.forClock(clock).clock()).isSameAs(clock);
        }

        @Test
        void moduleLevelCooperateRunsOnTheClocksDefaultCooperator() {
            CooperativeTask<Iterator<Object>> t = Cooperator.cooperate(clock, recording("a", "b"));
            assertThat(Cooperator.forClock(clock).tasks()).containsExactly(t);
            Deferred<Iterator<Object>> d = Cooperator.coiterate(clock, recording("c"));
            for (int i = 0; i < 5 && !t.isFinished(); i++) {
                turn(); // the default time slice is real time: a slow machine may need more turns
            }
            assertThat(work).containsExactly("a", "c", "b");
            assertThat(d.called()).isTrue();
            assertThat(t.isFinished()).isTrue();
        }
    }
}
