package io.twine.examples.debugging;

import io.twine.defer.Deferred;
import io.twine.task.ManualClock;

/**
 * Where did this error come from? In callback code the Java stack trace of an exception shows the
 * engine that ran the callback and whoever fired the Deferred (here a clock), not the code that
 * set the chain up. In debug mode Twine adds an async trace to the error: where the failing
 * callback was added, which Deferred it belonged to, and each Deferred the error was handed to.
 *
 * <p>Run it and compare the stack trace (top half of the output) with the async trace (the
 * {@code Suppressed: io.twine.defer.AsyncTrace} part).
 */
public final class AsyncTraceDemo {

    /** An HTTP-like fetch whose answer arrives a second later, from the clock. */
    static Deferred<String> fetch(ManualClock clock, String path) {
        Deferred<String> response = new Deferred<>();
        clock.callLater(1, () -> response.callback("{\"name\": null}"));
        return response;
    }

    static String parseName(String json) {
        if (json.contains("\"name\": null")) {
            throw new IllegalStateException("user has no name: " + json);
        }
        return json;
    }

    static Deferred<String> userName(ManualClock clock, int id) {
        return fetch(clock, "/users/" + id).addCallback(AsyncTraceDemo::parseName);
    }

    static Deferred<String> greeting(ManualClock clock, int id) {
        return Deferred.succeed(id)
                .addCallbackDeferred(i -> userName(clock, i))
                .addCallback(name -> "Hello, " + name);
    }

    /**
     * Builds a greeting whose user lookup fails a second later, and prints the failure's traceback.
     *
     * @param args unused
     */
    public static void main(String[] args) {
        Deferred.setDebugging(true);
        ManualClock clock = new ManualClock();
        greeting(clock, 7).addErrback(failure -> {
            System.out.print(failure.getTraceback());
            return null;
        });
        clock.advance(1);
    }

    private AsyncTraceDemo() {
    }
}
