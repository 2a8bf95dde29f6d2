package io.twine.examples.tour;

import io.twine.defer.Deferred;
import io.twine.defer.Failure;
import io.twine.task.Clock;

/**
 * The asynchronous versions of the seed's {@code f}, {@code g} and {@code h}: each returns at once
 * with a Deferred that fires one clock step later, when the synchronous step of {@link Steps} has
 * run (from the clock, on the thread that advances it).
 *
 * <p>Section classes extend this with a {@code run} method whose body is the Deferred code they
 * show, so that code can pass {@code this::f}, {@code this::g} and {@code this::h} as callbacks.
 */
class AsyncSteps {
    final Clock clock;
    final Steps steps;

    AsyncSteps(Scenario input, Clock clock, Outcome out) {
        this.clock = clock;
        this.steps = new Steps(input, out);
    }

    /**
     * {@link Steps#f()}, later.
     *
     * @return a Deferred firing with {@code f}'s value or failing with its error
     */
    Deferred<String> f() {
        return Later.deferLater(clock, steps::f);
    }

    /**
     * {@link Steps#g(Throwable)}, later: an errback that recovers asynchronously.
     *
     * @param failure the failure to handle
     * @return a Deferred firing with the replacement value, or failing with {@code g}'s own error
     */
    Deferred<String> g(Failure failure) {
        return Later.deferLater(clock, () -> steps.g(failure.value()));
    }

    /**
     * {@link Steps#h(String)}, later.
     *
     * @param y the value
     * @return a Deferred firing with {@code h}'s value or failing with its error
     */
    Deferred<String> h(String y) {
        return Later.deferLater(clock, () -> steps.h(y));
    }
}
