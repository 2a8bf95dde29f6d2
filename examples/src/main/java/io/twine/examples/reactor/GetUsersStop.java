package io.twine.examples.reactor;

import io.twine.examples.tour.Showcase;
import java.io.PrintStream;

/** Tour stop: the seed's {@code getUsers}, run for real against a local HTTP server. */
public final class GetUsersStop implements Showcase {
    /** Creates the stop. */
    public GetUsersStop() {
    }

    @Override
    public String title() {
        return "For real: getUsers over HTTP, on an event loop";
    }

    @Override
    public String explanation() {
        return "Until now a ManualClock stood in for time. Here the seed's getUsers runs against a real HTTP "
                + "server on 127.0.0.1, on Twine's Reactor (a single-threaded event loop that implements the "
                + "same Clock), with twine-http's Agent making the request and Jackson parsing the JSON. "
                + "addCallbacks(parse, connectionError) is the seed's try/except/else: a ConnectException becomes "
                + "an empty list, anything else passes on. Then the coroutine form of the same function runs "
                + "on the same loop. The second run points at a closed port to show the error branch.";
    }

    @Override
    public String code() {
        return """
                Deferred<String> d = makeRequest("GET", "/users");
                return d.addCallbacks(body -> JSON.readValue(body, USER_LIST), this::connectionError);
                """;
    }

    @Override
    public Class<?> source() {
        return GetUsers.class;
    }

    @Override
    public void run(PrintStream out) {
        out.println("against the local server:");
        GetUsers.run(out);
        out.println("against a closed port:");
        GetUsersConnectionError.run(out);
    }
}
