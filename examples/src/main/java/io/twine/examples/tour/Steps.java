package io.twine.examples.tour;

import java.io.IOException;

/**
 * The seed's generic steps {@code f}, {@code g} and {@code h}, done synchronously: the real work of
 * the sections that use them. Each step says what it did on the {@link Outcome} and fails when the
 * {@link Scenario} names it. {@link AsyncSteps} runs the very same methods later, from a clock, so
 * both versions of a section do identical work and can only differ in the order they do it.
 *
 * <p>Section classes extend this with a {@code run} method whose body is the synchronous code
 * they show, so that code can call {@code f()}, {@code g(e)} and {@code h(y)} by their seed names.
 */
class Steps {
    /** What {@code f} produces when it succeeds. */
    static final String Y = "y";

    final Scenario input;
    final Outcome out;

    Steps(Scenario input, Outcome out) {
        this.input = input;
        this.out = out;
    }

    /**
     * The operation that may fail (the body of the seed's {@code try}).
     *
     * @return {@link #Y}
     * @throws IOException when the scenario fails {@code "f"}: a checked exception on purpose
     */
    String f() throws IOException {
        if (input.fails("f")) {
            throw said("f()", new IOException("f could not produce y"));
        }
        out.say("f() returned " + Outcome.show(Y));
        return Y;
    }

    /**
     * The error handler (the body of the seed's {@code except}).
     *
     * @param e the error it handles
     * @return a replacement for the value that {@code f} did not produce
     * @throws IllegalStateException when the scenario fails {@code "g"}
     */
    String g(Throwable e) {
        String call = "g(" + Outcome.describe(e) + ")";
        if (input.fails("g")) {
            throw said(call, new IllegalStateException("g could not handle the error"));
        }
        String fallback = "fallback";
        out.say(call + " returned " + Outcome.show(fallback));
        return fallback;
    }

    /**
     * The clean-up of the seed's {@code finally}, which takes no argument.
     *
     * @throws IllegalStateException when the scenario fails {@code "g"}
     */
    void g() {
        if (input.fails("g")) {
            throw said("g()", new IllegalStateException("g could not clean up"));
        }
        out.say("g() cleaned up");
    }

    /**
     * The next step, which uses {@code f}'s value.
     *
     * @param y the value
     * @return what it makes of it
     * @throws IllegalArgumentException when the scenario fails {@code "h"}
     */
    String h(String y) {
        String call = "h(" + Outcome.show(y) + ")";
        if (input.fails("h")) {
            throw said(call, new IllegalArgumentException("h could not use " + Outcome.show(y)));
        }
        String z = "z from " + y;
        out.say(call + " returned " + Outcome.show(z));
        return z;
    }

    /** Says that {@code call} raised {@code error}, then returns the error for the caller to throw. */
    <E extends Exception> E said(String call, E error) {
        out.say(call + " raised " + Outcome.describe(error));
        return error;
    }
}
