package io.twine.defer;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.function.Function;

/**
 * Collects the outcomes of several Deferreds into one: Twisted's {@code defer.DeferredList}. It
 * is itself a Deferred, so callbacks are added to it as to any other; by default it fires, once
 * every input has fired, with a list of {@link Outcome}s in <em>input order</em>, whatever the
 * order of firing:
 *
 * <pre>{@code
 * new DeferredList<>(List.of(fetch(a), fetch(b)), false, true)
 *     .addCallback(outcomes -> outcomes.stream().filter(Outcome::success).map(Outcome::value).toList());
 * }</pre>
 *
 * <h2>How it works, and what that means</h2>
 * The list adds one callback/errback pair to each input, after the callbacks the input already
 * has (Twisted does the same). So those earlier callbacks shape what the list sees, and callbacks
 * added to an input later see what the pair returns: the input's own result, or {@code null} in
 * place of a failure when {@code consumeErrors} is set. Inputs that have already fired are taken
 * in during construction, in index order; if that settles the list, it fires before the
 * constructor returns.
 *
 * <h2>Options (Twisted's keyword arguments)</h2>
 * <ul>
 * <li>{@code fireOnOneErrback}: the first input failure fails the list at once with a
 *     {@link Failure} of {@link FirstError} (the input's failure and index). Other inputs keep
 *     running and are not cancelled.</li>
 * <li>{@code consumeErrors}: each input failure is handed on to the input's later callbacks as
 *     {@code null}, so it is not reported as an unhandled error. It does not disable
 *     {@code fireOnOneErrback}. Without it, every failed input still holds its failure and will
 *     be reported as unhandled unless someone else handles it.</li>
 * <li>{@code fireOnOneCallback}: fire on the first success. Its result has another type, so it
 *     is built by {@link #fireOnOneCallback}, not by a constructor.</li>
 * </ul>
 * An empty list fires at once with an empty list. Inputs that fire after the list has fired
 * still update {@link #resultList()}.
 *
 * <h2>Cancellation</h2>
 * {@link #cancel()} on a list that has not fired cancels every input that has not fired (Twisted's
 * C6). Each input's cancellation is then seen by the list like any other outcome, so a plain list
 * usually fires with {@code (false, CancelledError)} outcomes, and a {@code fireOnOneErrback} list
 * with a {@link FirstError} of the first CancelledError. An input whose canceller throws is logged
 * (logger {@code io.twine.defer}, "Exception raised from user supplied canceller") and the others
 * are cancelled all the same. Cancelling a list that has fired, through {@code fireOnOne*}
 * included, does not touch the inputs: those still pending are not cancelled. (It then acts as
 * for any fired Deferred: if a callback on the list returned a Deferred the list now waits on,
 * that one is cancelled; Twisted's list would ignore the cancel.)
 * <br><b>Difference from Twisted:</b> if some input does not fire when cancelled (it was paused,
 * or its canceller threw), Twisted leaves the list waiting for it; Twine keeps the promise every
 * {@link Deferred#cancel()} makes and fails the list with {@link CancelledError}.
 *
 * <h2>Threads</h2>
 * Inputs may fire on any threads, concurrently. Each outcome is recorded exactly once; the list
 * fires exactly once, on the thread whose input settled it (or the thread constructing it, or the
 * one cancelling it), and its callbacks then run on that thread as for any Deferred.
 *
 * @param <T> the result type of the inputs
 */
public class DeferredList<T> extends Deferred<List<Outcome<T>>> {

    /**
     * What a {@link #fireOnOneCallback} list fires with: the first success as {@link Indexed}, or,
     * when every input failed, all the outcomes as {@link AllOutcomes}. Twisted returns either a
     * {@code (value, index)} tuple or the list; Java says so in the type:
     *
     * <pre>{@code
     * DeferredList.fireOnOneCallback(mirrors, false, true).addCallback(r -> switch (r) {
     *     case Indexed<String> first -> first.value();
     *     case DeferredList.AllOutcomes<String> all -> "every mirror failed";
     * });
     * }</pre>
     *
     * @param <T> the result type of the inputs
     */
    public sealed interface FirstOrAll<T> permits Indexed, AllOutcomes {
    }

    /**
     * Every outcome of a {@link #fireOnOneCallback} list whose inputs all failed.
     *
     * @param outcomes one per input, in input order
     * @param <T> the result type of the inputs
     */
    public record AllOutcomes<T>(List<Outcome<T>> outcomes) implements FirstOrAll<T> {
        /**
         * Copies the list.
         *
         * @param outcomes one per input, in input order
         */
        public AllOutcomes {
            outcomes = List.copyOf(outcomes);
        }
    }

    private final Watch<T> watch;

    /**
     * Collects every outcome; fires when all inputs have fired (Twisted's
     * {@code DeferredList(deferreds)}).
     *
     * @param deferreds the inputs, copied; may be empty
     * @throws NullPointerException if the iterable or one of its elements is {@code null}
     */
    public DeferredList(Iterable<? extends Deferred<? extends T>> deferreds) {
        this(deferreds, false, false);
    }

    /**
     * Collects every outcome, with Twisted's {@code fireOnOneErrback} and {@code consumeErrors}
     * options (see the class description).
     *
     * @param deferreds the inputs, copied; may be empty
     * @param fireOnOneErrback fail with a {@link FirstError} on the first input failure
     * @param consumeErrors hand each input failure on to the input's later callbacks as
     *        {@code null}
     * @throws NullPointerException if the iterable or one of its elements is {@code null}
     */
    public DeferredList(Iterable<? extends Deferred<? extends T>> deferreds, boolean fireOnOneErrback,
                        boolean consumeErrors) {
        super(DeferredList::cancelInputs);
        Deferred<?>[] inputs = Watch.copy(deferreds);
        this.watch = new Watch<>(inputs, this, false, fireOnOneErrback, consumeErrors, all -> all);
        watch.start();
    }

    private static <T> void cancelInputs(Deferred<List<Outcome<T>>> self) {
        ((DeferredList<T>) self).watch.cancelInputs();
    }

    /**
     * A list that fires on the first <em>success</em> among the inputs (Twisted's
     * {@code DeferredList(deferreds, fireOnOneCallback=True, ...)}), with an {@link Indexed} of
     * that value and its input's index. If every input fails it fires (successfully, as in
     * Twisted) with {@link AllOutcomes}; with {@code fireOnOneErrback} the first failure fails it
     * with a {@link FirstError} instead. The other inputs are not cancelled (see
     * {@link Defer#race} for that).
     *
     * <p>As in Twisted, an empty list of inputs never fires. Cancelling the returned Deferred
     * before it fired cancels every input that has not fired, as for a {@code DeferredList}.
     *
     * @param deferreds the inputs, copied
     * @param fireOnOneErrback fail with a {@link FirstError} on the first input failure
     * @param consumeErrors hand each input failure on to the input's later callbacks as
     *        {@code null}
     * @param <T> the result type of the inputs
     * @return a Deferred of the first success or of all outcomes
     * @throws NullPointerException if the iterable or one of its elements is {@code null}
     */
    public static <T> Deferred<FirstOrAll<T>> fireOnOneCallback(Iterable<? extends Deferred<? extends T>> deferreds,
                                                                boolean fireOnOneErrback, boolean consumeErrors) {
        Deferred<?>[] inputs = Watch.copy(deferreds);
        AtomicReference<Watch<T>> watch = new AtomicReference<>();
        Deferred<FirstOrAll<T>> target = new Deferred<>(self -> watch.get().cancelInputs());
        watch.set(new Watch<>(inputs, target, true, fireOnOneErrback, consumeErrors, AllOutcomes::new));
        watch.get().start();
        return target;
    }

    /**
     * The outcomes so far (Twisted's {@code resultList}): one entry per input, in input order,
     * {@code null} for an input that has not fired yet. Inputs that fire after the list has fired
     * still appear here.
     *
     * @return an unmodifiable snapshot
     */
    public final List<Outcome<T>> resultList() {
        return watch.snapshot();
    }

    /**
     * How many inputs have fired (Twisted's {@code finishedCount}).
     *
     * @return the count, from 0 to the number of inputs
     */
    public final int finishedCount() {
        return watch.finished.get();
    }

    /**
     * The inputs, in the order given.
     *
     * @return an unmodifiable list
     */
    public final List<Deferred<? extends T>> deferreds() {
        return watch.inputs();
    }

    /**
     * Whether this list fails on the first input failure.
     *
     * @return the {@code fireOnOneErrback} option
     */
    public final boolean fireOnOneErrback() {
        return watch.fireOnOneErrback;
    }

    /**
     * Whether this list consumes the failures of its inputs.
     *
     * @return the {@code consumeErrors} option
     */
    public final boolean consumeErrors() {
        return watch.consumeErrors;
    }

    /**
     * The shared engine of {@link DeferredList} and {@link #fireOnOneCallback}: watches the inputs
     * and fires a target Deferred once.
     */
    static final class Watch<T> {
        private static final System.Logger LOG = System.getLogger("io.twine.defer");

        private final Deferred<?>[] inputs;
        private final Deferred<Object> target;
        private final boolean fireOnOneCallback;
        final boolean fireOnOneErrback;
        final boolean consumeErrors;
        private final Function<List<Outcome<T>>, Object> whenAll;
        private final AtomicReferenceArray<Outcome<T>> outcomes;
        final AtomicInteger finished = new AtomicInteger();
        /** Set by whoever fires the target; makes firing exactly-once under races. */
        private final AtomicBoolean decided = new AtomicBoolean();

        @SuppressWarnings("unchecked")
        Watch(Deferred<?>[] inputs, Deferred<?> target, boolean fireOnOneCallback, boolean fireOnOneErrback,
              boolean consumeErrors, Function<List<Outcome<T>>, ?> whenAll) {
            this.inputs = inputs;
            this.target = (Deferred<Object>) target;
            this.fireOnOneCallback = fireOnOneCallback;
            this.fireOnOneErrback = fireOnOneErrback;
            this.consumeErrors = consumeErrors;
            this.whenAll = (Function<List<Outcome<T>>, Object>) whenAll;
            this.outcomes = new AtomicReferenceArray<>(inputs.length);
        }

        static Deferred<?>[] copy(Iterable<? extends Deferred<?>> deferreds) {
            Objects.requireNonNull(deferreds, "DeferredList needs an iterable of Deferreds, got null");
            List<Deferred<?>> list = new ArrayList<>();
            for (Deferred<?> d : deferreds) {
                if (d == null) {
                    throw new NullPointerException("DeferredList: the Deferred at index " + list.size() + " is null");
                }
                list.add(d);
            }
            return list.toArray(new Deferred<?>[0]);
        }

        @SuppressWarnings("unchecked")
        List<Deferred<? extends T>> inputs() {
            return (List<Deferred<? extends T>>) (List<?>) Collections.unmodifiableList(Arrays.asList(inputs));
        }

        /** Attaches to every input, in index order; fired inputs are taken in right now. */
        @SuppressWarnings("unchecked")
        void start() {
            if (inputs.length == 0 && !fireOnOneCallback) {
                fire(whenAll.apply(List.of()));
                return;
            }
            for (int i = 0; i < inputs.length; i++) {
                int index = i;
                Deferred<Object> input = (Deferred<Object>) inputs[i];
                input.addCallbacks(value -> {
                    record(index, Outcome.succeeded((T) value));
                    return value;
                }, failure -> {
                    record(index, Outcome.failed(failure));
                    // Returning the Failure keeps the input failed; null consumes it.
                    return consumeErrors ? null : failure;
                });
            }
        }

        private void record(int index, Outcome<T> outcome) {
            outcomes.set(index, outcome);
            // The increment publishes the outcome set above to whoever sees the final count.
            int done = finished.incrementAndGet();
            if (decided.get()) {
                return;
            }
            if (outcome.success() && fireOnOneCallback) {
                fire(new Indexed<>(index, outcome.value()));
            } else if (!outcome.success() && fireOnOneErrback) {
                fire(new Failure(new FirstError(outcome.failure(), index)));
            } else if (done == inputs.length) {
                fire(whenAll.apply(snapshot()));
            }
        }

        /** Fires the target unless it has been fired already (by us, a race, or its owner). */
        private void fire(Object resultOrFailure) {
            if (target.called() || !decided.compareAndSet(false, true)) {
                return;
            }
            try {
                if (resultOrFailure instanceof Failure f) {
                    target.errback(f);
                } else {
                    target.callback(resultOrFailure);
                }
            } catch (AlreadyCalledError firedMeanwhile) {
                // Someone fired the list directly (it is a public Deferred) between our check and now.
            }
        }

        List<Outcome<T>> snapshot() {
            List<Outcome<T>> copy = new ArrayList<>(outcomes.length());
            for (int i = 0; i < outcomes.length(); i++) {
                copy.add(outcomes.get(i));
            }
            return Collections.unmodifiableList(copy);
        }

        /** The target's canceller: cancels the inputs, then makes sure the target has fired. */
        void cancelInputs() {
            for (Deferred<?> d : inputs) {
                try {
                    d.cancel();
                } catch (RuntimeException | Error e) {
                    if (e instanceof VirtualMachineError) {
                        throw e;
                    }
                    LOG.log(System.Logger.Level.ERROR, "Exception raised from user supplied canceller", e);
                }
            }
            // Usually the inputs' CancelledErrors have settled the list by now. If one did not fire,
            // do what every cancel() promises instead of waiting for it forever.
            fire(new Failure(new CancelledError("DeferredList was cancelled before all its inputs fired")));
        }
    }
}
