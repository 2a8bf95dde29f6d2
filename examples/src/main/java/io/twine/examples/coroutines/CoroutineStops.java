package io.twine.examples.coroutines;

import io.twine.examples.tour.Showcase;
import io.twine.examples.tour.Stop;

/** The tour's stops for the seed's last two sections: coroutines with await, and inlineCallbacks. */
public final class CoroutineStops {
    private CoroutineStops() {
    }

    /**
     * The seed's "Coroutines with async/await": getUsers with fromCoroutine and await.
     *
     * @return the stop
     */
    public static Showcase fromCoroutine() {
        return new Stop("Coroutines: getUsers with fromCoroutine and await",
                "Java has no async/await syntax, but Twine gives the same shape: Deferred.fromCoroutine(body) "
                        + "runs the body at once, and await(d) inside it suspends the body until d fires, then "
                        + "returns its value or throws its exception, so ordinary try/catch handles asynchronous "
                        + "errors. The body resumes synchronously on the thread that fired d, as in Twisted; "
                        + "nothing new runs concurrently. Here a ConnectException from the fake makeRequest "
                        + "becomes an empty list.",
                """
                return Deferred.fromCoroutine(() -> {
                    try {
                        return FakeHttp.parseStringArray(await(http.makeRequest("GET", "/users")));
                    } catch (ConnectException e) {
                """,
                GetUsersWithAwait.class, GetUsersWithAwait::run);
    }

    /**
     * The seed's "Inline callbacks": the same getUsers made by inlineCallbacks.
     *
     * @return the stop
     */
    public static Showcase inlineCallbacks() {
        return new Stop("Inline callbacks: the same getUsers, made by inlineCallbacks",
                "Twisted's @inlineCallbacks turns a generator that yields Deferreds into a function returning "
                        + "a Deferred. Twine's inlineCallbacks(fn) does the same for a body that awaits: every call "
                        + "of the returned function runs the body as a coroutine. Twisted's yield d is await(d), "
                        + "and returnValue(x) is a plain return x.",
                """
                this.getUsers = inlineCallbacks(() -> {
                    String responseBody;
                    try {
                        responseBody = await(http.makeRequest("GET", "/users"));
                """,
                GetUsersWithInlineCallbacks.class, GetUsersWithInlineCallbacks::run);
    }

    /**
     * The seed's foo/bar example: only the outermost call is wrapped.
     *
     * @return the stop
     */
    public static Showcase onlyTheOutermostIsWrapped() {
        return new Stop("Coroutines call coroutines: only the outermost is wrapped",
                "Inside a coroutine, await works at any depth of ordinary method calls: bar awaits, then calls "
                        + "foo, which awaits too, and neither is coloured or wrapped. Only the outermost call, "
                        + "myDeferredReturningFunction, goes through Deferred.fromCoroutine to give its caller a "
                        + "Deferred.",
                """
                int bar() throws Exception {
                    int baz = await(someOtherDeferredFunction());
                    out.println("bar got " + baz + " at t=" + clock.seconds());
                    int fooResult = foo(); // no fromCoroutine: foo runs inside bar's coroutine
                    return baz + fooResult;
                }
                """,
                FooBar.class, FooBar::run);
    }
}
