package io.twine.defer;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * The module-level functions of Twisted's {@code twisted.internet.defer} that combine Deferreds:
 * {@link #gatherResults} and {@link #race}, the small chain helpers {@link #passthru} and
 * {@link #logError}, plus the {@link #SUCCESS}/{@link #FAILURE} flags of {@link Outcome}. (Twisted's {@code succeed}, {@code fail}, {@code execute} and
 * {@code maybeDeferred} live on {@link Deferred} as static factories.)
 *
 * <p>Every function here is safe to call from any thread, and the inputs may fire on any threads;
 * the Deferred returned fires exactly once, on the thread whose input settled it.
 */
public final class Defer {
    /** Twisted's {@code defer.SUCCESS}: the {@link Outcome#success()} of a result. */
    public static final boolean SUCCESS = true;
    /** Twisted's {@code defer.FAILURE}: the {@link Outcome#success()} of a failure. */
    public static final boolean FAILURE = false;

    private Defer() {
    }

    /**
     * Returns its argument (Twisted's {@code passthru}): the callback that leaves a result as it is,
     * e.g. {@code d.addCallbacks(Defer::passthru, errback)}.
     *
     * @param result anything
     * @param <T> its type
     * @return {@code result}
     */
    public static <T> T passthru(T result) {
        return result;
    }

    /**
     * Logs a failure and passes it on (Twisted's {@code logError}): use it as an errback,
     * {@code d.addErrback(Defer::logError)}. The failure's traceback is logged through
     * {@link System.Logger} {@code io.twine.defer} at {@code ERROR}, on the thread running the
     * chain. Twisted's version returns the Failure, which in a chain is the same as raising it; this
     * one throws it, so that it fits any {@code Errback<T>}. The chain therefore stays on the
     * failure side, and if nothing handles the failure afterwards it is reported as unhandled too,
     * as in Twisted.
     *
     * @param failure the failure to log
     * @param <R> whatever result type the chain has
     * @return never returns normally
     * @throws Failure always, the same {@code failure}
     */
    public static <R> R logError(Failure failure) {
        java.util.Objects.requireNonNull(failure, "logError needs a Failure, got null");
        try {
            System.getLogger("io.twine.defer").log(System.Logger.Level.ERROR, "Error passed to Defer.logError:\n" + failure.getTraceback());
        } catch (RuntimeException loggingFailed) {
            System.err.println("Twine: logging failed (" + loggingFailed + "); the error was:\n"
                    + failure.getTraceback());
        }
        throw failure;
    }

    /**
     * Waits for all the inputs and gives their values in input order, or fails with a
     * {@link FirstError} on the first failure (Twisted's {@code gatherResults}, with
     * {@code consumeErrors=False}). See {@link #gatherResults(Iterable, boolean)}.
     *
     * @param deferreds the inputs, copied
     * @param <T> the inputs' result type
     * @return a Deferred of the list of values
     * @throws NullPointerException if the iterable or one of its elements is {@code null}
     */
    public static <T> Deferred<List<T>> gatherResults(Iterable<? extends Deferred<? extends T>> deferreds) {
        return gatherResults(deferreds, false);
    }

    /**
     * Waits for all the inputs and gives their values in input order, whatever order they fire
     * in (Twisted's {@code gatherResults}). The first input failure fails the result at once with
     * a {@link Failure} of {@link FirstError} carrying that input's failure and index; the other
     * inputs keep running and are not cancelled. An empty input gives an empty list at once.
     *
     * <p>It is a {@link DeferredList} with {@code fireOnOneErrback} plus a callback that keeps the
     * values, and it is returned as that DeferredList: {@code cancel()} before it fired cancels
     * every input (the first CancelledError then gives the FirstError).
     *
     * @param deferreds the inputs, copied
     * @param consumeErrors hand each input failure on to the input's later callbacks as
     *        {@code null}, so that it is not also reported as unhandled there; without it a failed
     *        input keeps its failure
     * @param <T> the inputs' result type
     * @return a Deferred of the list of values (unmodifiable; it may contain {@code null})
     * @throws NullPointerException if the iterable or one of its elements is {@code null}
     */
    public static <T> Deferred<List<T>> gatherResults(Iterable<? extends Deferred<? extends T>> deferreds,
                                                      boolean consumeErrors) {
        return new DeferredList<T>(deferreds, true, consumeErrors).addCallback(Defer::values);
    }

    private static <T> List<T> values(List<Outcome<T>> outcomes) {
        List<T> values = new ArrayList<>(outcomes.size());
        for (Outcome<T> o : outcomes) {
            values.add(o.get());
        }
        return Collections.unmodifiableList(values);
    }

    /**
     * Gives the first <em>successful</em> result among the inputs and cancels all the others
     * (Twisted's {@code race}). It fires with an {@link Indexed} of that input's index and value.
     *
     * <ul>
     * <li>Every input, winner included, continues with {@code null} afterwards: their results and
     *     failures (the losers' CancelledErrors too) are consumed, so none is reported as
     *     unhandled.</li>
     * <li>If every input fails, it fails with a {@link FailureGroup} of their failures in input
     *     order.</li>
     * <li>Among inputs that had already fired, the lowest index wins. A success that arrives after
     *     the winner (say from a canceller that fires with a value) is ignored.</li>
     * <li>{@code cancel()} cancels every input; if they all fail, as they usually do, the result
     *     is a {@link FailureGroup} of CancelledErrors, not a CancelledError (as in Twisted).</li>
     * <li>An input whose canceller throws is logged (logger {@code io.twine.defer}) and the other
     *     inputs are cancelled all the same (in Twisted the exception would escape).</li>
     * <li>As in Twisted, racing an empty list gives a Deferred that never fires.</li>
     * </ul>
     *
     * @param deferreds the inputs, copied
     * @param <T> the inputs' result type
     * @return a Deferred of the winner's index and value
     * @throws NullPointerException if the iterable or one of its elements is {@code null}
     */
    public static <T> Deferred<Indexed<T>> race(Iterable<? extends Deferred<? extends T>> deferreds) {
        Deferred<?>[] inputs = DeferredList.Watch.copy(deferreds);
        return new Race<T>(inputs).result;
    }

    /** The state of one race; all of it is safe under concurrent firing of the inputs. */
    private static final class Race<T> {
        private static final System.Logger LOG = System.getLogger("io.twine.defer");
        final Deferred<?>[] inputs;
        final Deferred<Indexed<T>> result;
        /** -1 until an input wins; then its index. */
        final AtomicInteger winner = new AtomicInteger(-1);
        final AtomicReferenceArray<Failure> failures;
        final AtomicInteger failed = new AtomicInteger();

        @SuppressWarnings("unchecked")
        Race(Deferred<?>[] inputs) {
            this.inputs = inputs;
            this.failures = new AtomicReferenceArray<>(inputs.length);
            this.result = new Deferred<>(self -> cancelAllExcept(-1));
            for (int i = 0; i < inputs.length; i++) {
                int index = i;
                ((Deferred<Object>) inputs[i]).addCallbacks(value -> {
                    succeeded(index, (T) value);
                    return null;
                }, failure -> {
                    failed(index, failure);
                    return null;
                });
            }
        }

        void succeeded(int index, T value) {
            if (!winner.compareAndSet(-1, index)) {
                return;
            }
            cancelAllExcept(index);
            try {
                result.callback(new Indexed<>(index, value));
            } catch (AlreadyCalledError cancelledMeanwhile) {
                // The race was cancelled and gave up on an input that never fired; too late now.
            }
        }

        void failed(int index, Failure failure) {
            failures.set(index, failure);
            if (failed.incrementAndGet() == inputs.length) {
                List<Failure> all = new ArrayList<>(inputs.length);
                for (int i = 0; i < inputs.length; i++) {
                    all.add(failures.get(i));
                }
                try {
                    result.errback(new FailureGroup(all));
                } catch (AlreadyCalledError cancelledMeanwhile) {
                    // As in succeeded(): the race already ended with a CancelledError.
                }
            }
        }

        /**
         * Cancels the losers. A canceller that throws is logged and does not stop the others, nor
         * the winner's result (in Twisted it would escape into the winner's chain and lose it).
         */
        void cancelAllExcept(int keep) {
            for (int i = 0; i < inputs.length; i++) {
                if (i != keep) {
                    try {
                        inputs[i].cancel();
                    } catch (RuntimeException | Error e) {
                        if (e instanceof VirtualMachineError) {
                            throw e;
                        }
                        LOG.log(System.Logger.Level.ERROR, "Exception raised from user supplied canceller", e);
                    }
                }
            }
        }
    }
}
