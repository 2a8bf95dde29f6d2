package io.twine.testing;

import io.twine.defer.Deferred;
import io.twine.defer.Failure;
import java.util.Objects;
import java.util.function.Consumer;
import org.assertj.core.api.AbstractAssert;
import org.assertj.core.api.AbstractThrowableAssert;
import org.assertj.core.api.Assertions;
import org.assertj.core.api.ObjectAssert;
import org.opentest4j.AssertionFailedError;

/**
 * AssertJ assertions about a {@link Deferred}; start with {@link DeferredAssertions#assertThat}.
 *
 * <pre>{@code
 * assertThat(d).succeedsWith(42);
 * assertThat(d).succeedsSatisfying(v -> assertThat(v).startsWith("ok"));
 * assertThat(d).failsWith(IOException.class).hasMessage("connection refused");
 * assertThat(d).hasNoResult();
 * }</pre>
 *
 * <p>Same semantics as {@link DeferredAssertions}: "has a result" means fired and neither paused
 * nor waiting; nothing waits; a success value is read without being consumed; a failure these
 * assertions examined is consumed (the Deferred's result becomes {@code null}) because they report
 * it themselves. Messages name the Deferred and its state and include the failure's traceback; an
 * {@link #as} description is prefixed as usual.
 *
 * @param <T> the Deferred's result type
 */
public final class DeferredAssert<T> extends AbstractAssert<DeferredAssert<T>, Deferred<T>> {

    DeferredAssert(Deferred<T> actual) {
        super(actual, DeferredAssert.class);
    }

    /**
     * Asserts that the Deferred has succeeded, and continues with assertions on its value.
     *
     * @return an assertion on the value
     * @throws AssertionError if it has no result or failed
     */
    public ObjectAssert<T> succeeds() {
        return new ObjectAssert<>(successValue());
    }

    /**
     * Asserts that the Deferred has succeeded with a value equal to {@code expected}
     * ({@link Objects#equals}).
     *
     * @param expected the expected value, may be {@code null}
     * @return this assertion
     * @throws AssertionError if it has no result, failed, or succeeded with another value
     */
    public DeferredAssert<T> succeedsWith(T expected) {
        T value = successValue();
        if (!Objects.equals(value, expected)) {
            String description = info.descriptionText();
            // AssertionFailedError carries expected and actual, so IDEs can show a diff.
            throw new AssertionFailedError((description == null || description.isEmpty() ? "" : "[" + description + "] ")
                    + "Expected " + actual + " to succeed with: " + Outcome.show(expected)
                    + "\nbut it succeeded with: " + Outcome.show(value), expected, value);
        }
        return this;
    }

    /**
     * Asserts that the Deferred has succeeded and that its value passes {@code requirements}
     * (typically more assertions).
     *
     * @param requirements checks on the value; an AssertionError it throws fails this assertion
     * @return this assertion
     * @throws AssertionError if it has no result, failed, or the requirements fail
     */
    public DeferredAssert<T> succeedsSatisfying(Consumer<? super T> requirements) {
        Objects.requireNonNull(requirements, "requirements");
        requirements.accept(successValue());
        return this;
    }

    /**
     * Asserts that the Deferred has failed (with anything), consumes the failure, and continues
     * with assertions on the exception.
     *
     * @return an assertion on the failure's exception
     * @throws AssertionError if it has no result or succeeded
     */
    public AbstractThrowableAssert<?, ? extends Throwable> fails() {
        return Assertions.assertThat(failure(new Class<?>[0]).value());
    }

    /**
     * Asserts that the Deferred has failed with an instance of {@code type}, consumes the
     * failure, and continues with assertions on the exception.
     *
     * @param type the expected exception type
     * @return an assertion on the failure's exception
     * @throws AssertionError if it has no result, succeeded, or failed with another type (with
     *         the traceback; the failure is consumed all the same)
     */
    public AbstractThrowableAssert<?, ? extends Throwable> failsWith(Class<? extends Throwable> type) {
        Objects.requireNonNull(type, "failsWith needs an exception type, got null");
        return Assertions.assertThat(failure(new Class<?>[] {type}).value());
    }

    /**
     * Asserts that the Deferred has no result yet (see {@link DeferredAssertions#assertNoResult}).
     *
     * @return this assertion
     * @throws AssertionError if it has one (a failure is consumed)
     */
    public DeferredAssert<T> hasNoResult() {
        isNotNull();
        Outcome o = Outcome.of(actual);
        switch (o.kind) {
            case SUCCESS -> throw assertionError(o.succeeded("no result"), null);
            case FAILURE -> {
                Outcome.consumeFailure(actual);
                throw assertionError(o.failed("no result"), o.failure());
            }
            default -> {
                return this;
            }
        }
    }

    /**
     * Asserts that the Deferred's chain is waiting on {@code inner}: a callback returned it and
     * it has not fired yet.
     *
     * @param inner the Deferred waited on
     * @return this assertion
     * @throws AssertionError if it waits on nothing or on another Deferred
     */
    public DeferredAssert<T> isWaitingOn(Deferred<?> inner) {
        isNotNull();
        Deferred<?> waited = actual.waitingOn();
        if (waited != inner) {
            throw assertionError("Expected " + actual + " to be waiting on " + inner + ", but it is "
                    + (waited == null ? "waiting on nothing" : "waiting on " + waited), null);
        }
        return this;
    }

    private T successValue() {
        isNotNull();
        Outcome o = Outcome.of(actual);
        switch (o.kind) {
            case NO_RESULT -> throw assertionError(o.noResult("a success result"), null);
            case FAILURE -> {
                Outcome.consumeFailure(actual);
                throw assertionError(o.failed("a success result"), o.failure());
            }
            default -> {
                @SuppressWarnings("unchecked")
                T value = (T) o.value;
                return value;
            }
        }
    }

    private Failure failure(Class<?>[] types) {
        isNotNull();
        Outcome o = Outcome.of(actual);
        switch (o.kind) {
            case NO_RESULT -> throw assertionError(o.noResult("a failure result"), null);
            case SUCCESS -> throw assertionError(o.succeeded("a failure result"), null);
            default -> {
                Failure f = o.failure();
                Outcome.consumeFailure(actual);
                if (types.length > 0 && !Outcome.matches(f, types)) {
                    throw assertionError(o.failed("a failure of type " + Outcome.typeList(types)), f);
                }
                return f;
            }
        }
    }

    /** The AssertionError to throw, with this assertion's {@code as(...)} description in front. */
    private AssertionError assertionError(String message, Failure cause) {
        String description = info.descriptionText();
        String full = description == null || description.isEmpty() ? message : "[" + description + "] " + message;
        return Outcome.error(full, cause);
    }
}
