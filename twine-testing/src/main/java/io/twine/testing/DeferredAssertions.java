package io.twine.testing;

import io.twine.defer.Deferred;
import io.twine.defer.Failure;
import java.time.Duration;
import java.util.Objects;

/**
 * Assertions about Deferreds, for synchronous tests: Twisted trial's {@code successResultOf},
 * {@code failureResultOf}, {@code assertNoResult} and {@code assertFailure}, plus
 * {@link #assertThat(Deferred)} for the AssertJ style.
 *
 * <pre>{@code
 * ManualClock clock = new ManualClock();
 * Deferred<String> d = fetchLater(clock);
 * assertNoResult(d);
 * clock.advance(5);
 * assertThat(successResultOf(d)).isEqualTo("hello");
 * }</pre>
 *
 * <h2>What "has a result" means</h2>
 * As in Twisted: a callback added now would run at once, i.e. the Deferred has fired and its chain
 * is neither {@linkplain Deferred#pause() paused} nor waiting on a Deferred returned by a callback.
 * The assertions never wait: they look at the Deferred as it is, on the calling thread, so call
 * them once whatever drives the Deferred (a {@code ManualClock}, a test double firing it) has run.
 *
 * <h2>What the assertions consume</h2>
 * <ul>
 * <li>A success value is read without being consumed (unlike Twisted's, whose result becomes
 *     {@code None}): a callback added afterwards still receives it.</li>
 * <li>A failure that an assertion examined is consumed, whether the assertion passes or fails: the
 *     Deferred's result becomes {@code null}, as after Twisted's {@code failureResultOf}. The
 *     assertion has reported that failure (by returning it, or in its error message with its
 *     traceback), so it is not reported a second time as an unhandled error by
 *     {@link TwineExtension} or the garbage collector.</li>
 * <li>A Deferred without a result is left exactly as it was; nothing is added to its chain.</li>
 * </ul>
 *
 * <h2>Waiting, for tests against a real reactor</h2>
 * When the Deferred is fired by another thread (a running {@link io.twine.reactor.Reactor}, its
 * thread pool), the test thread waits for it with {@link #await(Deferred, Duration)},
 * {@link #resultOf(Deferred, Duration)} or {@link #failureOf(Deferred, Duration, Class...)}: they
 * block until the Deferred has a result, at most for the timeout, and then behave as
 * {@code successResultOf}/{@code failureResultOf}. They see the result through a callback of
 * their own at the end of the chain, so what they return is the result at that point, handed
 * over safely from the firing thread; a callback added after they return runs after theirs,
 * and sees a consumed failure as {@code null}. (The firing thread may still be finishing the
 * chain then, so {@link Deferred#result()} may show the previous result for a moment.) Never
 * call them on the thread that is to fire the Deferred (inside a reactor callback, say): that
 * thread would wait for itself until the timeout. On the loop thread of the reactor that
 * {@link TwineExtension} injected they refuse at once, with an {@link IllegalStateException}.
 *
 * <pre>{@code
 * @Test
 * void fetchesOnThePool(Reactor reactor) {
 *     assertThat(resultOf(reactor.deferToThread(() -> fetch("x")), Duration.ofSeconds(5))).isEqualTo("x!");
 * }
 * }</pre>
 *
 * <p>Every failed assertion throws an {@link AssertionError} whose message names the Deferred and
 * its state, includes the failure's traceback when there is one, and whose cause is the failure's
 * exception.
 */
public final class DeferredAssertions {
    private DeferredAssertions() {
    }

    /**
     * The success result of {@code deferred} (Twisted's {@code successResultOf}). The value is
     * left in place.
     *
     * @param deferred a Deferred that should have succeeded
     * @param <T> its result type
     * @return its current result
     * @throws AssertionError if it has no result yet (saying whether it has not fired, is paused
     *         or is waiting on another Deferred), or has failed (with the failure's traceback; the
     *         failure is consumed)
     */
    public static <T> T successResultOf(Deferred<T> deferred) {
        Outcome o = Outcome.of(deferred);
        switch (o.kind) {
            case NO_RESULT -> throw Outcome.error(o.noResult("a success result"), null);
            case FAILURE -> {
                Outcome.consumeFailure(deferred);
                throw Outcome.error(o.failed("a success result"), o.failure());
            }
            default -> {
                @SuppressWarnings("unchecked")
                T value = (T) o.value;
                return value;
            }
        }
    }

    /**
     * The failure result of {@code deferred}, consumed (Twisted's {@code failureResultOf}):
     * afterwards the Deferred's result is {@code null} and the failure no longer counts as
     * unhandled.
     *
     * @param deferred a Deferred that should have failed
     * @param expectedTypes the acceptable exception types (matched with
     *        {@link Failure#check}); none means any
     * @return the Failure
     * @throws AssertionError if it has no result, succeeded, or failed with another type (with
     *         the traceback; the failure is consumed all the same)
     */
    @SafeVarargs
    public static Failure failureResultOf(Deferred<?> deferred, Class<? extends Throwable>... expectedTypes) {
        Objects.requireNonNull(expectedTypes, "expectedTypes");
        Outcome o = Outcome.of(deferred);
        switch (o.kind) {
            case NO_RESULT -> throw Outcome.error(o.noResult("a failure result"), null);
            case SUCCESS -> throw Outcome.error(o.succeeded("a failure result"), null);
            default -> {
                Failure f = o.failure();
                Outcome.consumeFailure(deferred);
                Class<?>[] types = new Class<?>[expectedTypes.length];
                for (int i = 0; i < types.length; i++) {
                    types[i] = expectedTypes[i]; // copied element-wise: the varargs array itself never escapes
                }
                if (types.length > 0 && !Outcome.matches(f, types)) {
                    throw Outcome.error(o.failed("a failure of type " + Outcome.typeList(types)), f);
                }
                return f;
            }
        }
    }

    /**
     * Asserts that {@code deferred} has no result yet (Twisted's {@code assertNoResult}). When it
     * passes, nothing about the Deferred changes.
     *
     * @param deferred a Deferred that should still be waiting
     * @throws AssertionError if it has a result (the value, or the failure with its traceback; a
     *         failure is consumed)
     */
    public static void assertNoResult(Deferred<?> deferred) {
        Outcome o = Outcome.of(deferred);
        switch (o.kind) {
            case SUCCESS -> throw Outcome.error(o.succeeded("no result"), null);
            case FAILURE -> {
                Outcome.consumeFailure(deferred);
                throw Outcome.error(o.failed("no result"), o.failure());
            }
            default -> {
                // No result: the assertion holds.
            }
        }
    }

    /**
     * The asynchronous form (Twisted's {@code assertFailure}): adds to {@code deferred} a
     * callback and an errback that turn its outcome into an assertion, and returns it. When it
     * fails with {@code expectedType} the chain goes on with the exception itself (the failure is
     * consumed); when it succeeds, or fails with another type, the chain goes on with an
     * {@link AssertionError} failure, which the test must see (with {@link #successResultOf}, or
     * {@link TwineExtension} reports it as unhandled). The check runs whenever the Deferred
     * fires, on the firing thread.
     *
     * <pre>{@code
     * IOException e = successResultOf(assertFailure(download(), IOException.class));
     * }</pre>
     *
     * @param deferred the Deferred expected to fail
     * @param expectedType the acceptable exception type
     * @param <E> that type
     * @return {@code deferred}, typed for the exception
     */
    @SuppressWarnings("unchecked")
    public static <E extends Throwable> Deferred<E> assertFailure(Deferred<?> deferred, Class<E> expectedType) {
        Objects.requireNonNull(expectedType, "assertFailure needs an exception type, got null");
        return (Deferred<E>) expectFailure(deferred, new Class<?>[] {expectedType});
    }

    /**
     * As {@link #assertFailure(Deferred, Class)}, accepting any of several types.
     *
     * @param deferred the Deferred expected to fail
     * @param expectedTypes the acceptable exception types, at least one
     * @return {@code deferred}, typed for the exception
     * @throws IllegalArgumentException if no type is given (nothing could match)
     */
    @SafeVarargs
    public static Deferred<Throwable> assertFailure(Deferred<?> deferred, Class<? extends Throwable>... expectedTypes) {
        Objects.requireNonNull(expectedTypes, "expectedTypes");
        Class<?>[] types = new Class<?>[expectedTypes.length];
        for (int i = 0; i < types.length; i++) {
            types[i] = expectedTypes[i]; // copied element-wise: the varargs array itself never escapes
        }
        return expectFailure(deferred, types);
    }

    @SuppressWarnings("unchecked")
    private static Deferred<Throwable> expectFailure(Deferred<?> deferred, Class<?>[] types) {
        Objects.requireNonNull(deferred, "assertFailure needs a Deferred, got null");
        if (types.length == 0) {
            throw new IllegalArgumentException("assertFailure needs at least one expected exception type");
        }
        for (Class<?> t : types) {
            Objects.requireNonNull(t, "assertFailure: an expected exception type is null");
        }
        String description = deferred.toString();
        return ((Deferred<Object>) deferred).addCallbacks(
                value -> {
                    throw new AssertionError("Expected a failure of type " + Outcome.typeList(types) + " from "
                            + description + ", but it succeeded with: " + Outcome.show(value));
                },
                failure -> {
                    if (!Outcome.matches(failure, types)) {
                        throw new AssertionError("Expected a failure of type " + Outcome.typeList(types) + " from "
                                + description + ", but it failed with " + failure.type().getName() + ": "
                                + failure.getErrorMessage() + "\n" + Tracebacks.trim(failure.getTraceback()), failure.value());
                    }
                    return failure.value();
                });
    }

    /**
     * Blocks the calling thread until {@code deferred} has a result (in the sense above: fired,
     * and neither paused nor waiting on another Deferred), for at most {@code timeout}. Consumes
     * nothing: read the result afterwards with {@link #successResultOf}, {@link #failureResultOf}
     * or {@link #assertThat(Deferred)}, once no other thread is still adding to its chain. Safe
     * from any thread but the one that will fire the Deferred. Adds one callback/errback pair to
     * the chain, which passes the result on unchanged.
     *
     * @param deferred the Deferred, fired (or to be fired) by another thread
     * @param timeout how long to wait; zero looks once
     * @param <T> its result type
     * @return {@code deferred}
     * @throws AssertionError if it has no result within the timeout (saying whether it has not
     *         fired, is paused or is waiting on another Deferred), or the thread was interrupted
     *         (the interrupt flag is set again)
     * @throws IllegalArgumentException if the timeout is negative
     * @throws IllegalStateException if called, without a result at hand, on the loop thread of a
     *         reactor that {@link TwineExtension} injected (the thread would wait for itself)
     */
    public static <T> Deferred<T> await(Deferred<T> deferred, Duration timeout) {
        Waiting.resultOf(deferred, timeout, false, "a result");
        return deferred;
    }

    /**
     * Waits (as {@link #await}) for {@code deferred}'s result and returns its success value: the
     * waiting form of {@link #successResultOf}. The value is passed on down the chain unchanged.
     * A failure is consumed (the chain goes on with {@code null}), as by {@code successResultOf}:
     * this assertion reports it.
     *
     * @param deferred the Deferred, fired (or to be fired) by another thread
     * @param timeout how long to wait; zero looks once
     * @param <T> its result type
     * @return the value it succeeded with
     * @throws AssertionError if it has no result within the timeout (naming its state), or it
     *         failed (with the failure's traceback; the cause is the failure's exception), or
     *         the thread was interrupted
     * @throws IllegalArgumentException if the timeout is negative
     * @throws IllegalStateException if called, without a result at hand, on the injected reactor's
     *         loop thread
     */
    public static <T> T resultOf(Deferred<T> deferred, Duration timeout) {
        String description = String.valueOf(deferred);
        Object r = Waiting.resultOf(deferred, timeout, true, "a success result");
        if (r instanceof Failure f) {
            throw Outcome.error(Outcome.failed(description, "a success result", f), f);
        }
        @SuppressWarnings("unchecked")
        T value = (T) r;
        return value;
    }

    /**
     * Waits (as {@link #await}) for {@code deferred}'s result and returns its failure, consumed:
     * the waiting form of {@link #failureResultOf}. Afterwards the chain goes on with
     * {@code null}, and the failure no longer counts as unhandled.
     *
     * @param deferred the Deferred, fired (or to be fired) by another thread
     * @param timeout how long to wait; zero looks once
     * @param expectedTypes the acceptable exception types (as {@link Failure#check}); none means any
     * @return the Failure
     * @throws AssertionError if it has no result within the timeout (naming its state), it
     *         succeeded, or it failed with another type (with the traceback; the failure is
     *         consumed all the same), or the thread was interrupted
     * @throws IllegalArgumentException if the timeout is negative
     * @throws IllegalStateException if called, without a result at hand, on the injected reactor's
     *         loop thread
     */
    @SafeVarargs
    public static Failure failureOf(Deferred<?> deferred, Duration timeout, Class<? extends Throwable>... expectedTypes) {
        Objects.requireNonNull(expectedTypes, "expectedTypes");
        Class<?>[] types = new Class<?>[expectedTypes.length];
        for (int i = 0; i < types.length; i++) {
            types[i] = Objects.requireNonNull(expectedTypes[i], "an expected exception type is null");
        }
        String description = String.valueOf(deferred);
        Object r = Waiting.resultOf(deferred, timeout, true, "a failure result");
        if (!(r instanceof Failure f)) {
            throw Outcome.error(Outcome.succeeded(description, "a failure result", r), null);
        }
        if (types.length > 0 && !Outcome.matches(f, types)) {
            throw Outcome.error(Outcome.failed(description, "a failure of type " + Outcome.typeList(types), f), f);
        }
        return f;
    }

    /**
     * Starts an AssertJ-style assertion about {@code deferred}. Statically importing this
     * alongside AssertJ's {@code Assertions.assertThat} is fine: Java picks this overload for a
     * Deferred.
     *
     * @param deferred the Deferred under test
     * @param <T> its result type
     * @return the assertion
     */
    public static <T> DeferredAssert<T> assertThat(Deferred<T> deferred) {
        return new DeferredAssert<>(deferred);
    }
}
