package io.twine.examples.coroutines;

import io.twine.defer.Deferred;
import io.twine.task.Clock;
import java.net.ConnectException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A stand-in for an HTTP client until Twine has one: {@link #makeRequest} answers from a fixed table
 * after a delay measured on a {@link Clock} (a {@link io.twine.task.ManualClock} in the tour), or
 * fails with {@link ConnectException} (Python's {@code ConnectionError}) when the "server" is down.
 * The answer is delivered on the clock's thread, like a reactor delivers network results.
 */
public final class FakeHttp {
    private final Clock clock;
    private final double latencySeconds;
    private final Map<String, String> routes;
    private volatile boolean up = true;

    /**
     * A fake server.
     *
     * @param clock the clock that delivers answers
     * @param latencySeconds how long each request takes
     * @param routes response bodies by {@code "METHOD /path"}
     */
    public FakeHttp(Clock clock, double latencySeconds, Map<String, String> routes) {
        this.clock = clock;
        this.latencySeconds = latencySeconds;
        this.routes = Map.copyOf(routes);
    }

    /** The server the seed's examples talk to: {@code GET /users} gives three names. */
    static FakeHttp usersServer(Clock clock) {
        return new FakeHttp(clock, 0.5, Map.of("GET /users", "[\"alice\", \"bob\", \"carol\"]"));
    }

    /**
     * Makes requests fail with a connection error from now on (or succeed again).
     *
     * @param reachable whether the server can be reached
     */
    public void setReachable(boolean reachable) {
        up = reachable;
    }

    /**
     * Sends a request; the Deferred fires with the response body after the latency, or fails with
     * {@link ConnectException} if the server is unreachable or with
     * {@link IllegalArgumentException} for an unknown route.
     *
     * @param method the HTTP method
     * @param path the path
     * @return the response body, later
     */
    public Deferred<String> makeRequest(String method, String path) {
        Deferred<String> d = new Deferred<>();
        boolean reachable = up;
        clock.callLater(latencySeconds, () -> {
            String body = routes.get(method + " " + path);
            if (!reachable) {
                d.errback(new ConnectException("connection refused: " + method + " " + path));
            } else if (body == null) {
                d.errback(new IllegalArgumentException("404 for " + method + " " + path));
            } else {
                d.callback(body);
            }
        });
        return d;
    }

    /**
     * The seed's {@code json.loads}, for the only shape these examples use: a JSON array of strings.
     *
     * @param body e.g. {@code ["a", "b"]}
     * @return the strings
     * @throws IllegalArgumentException if {@code body} is not such an array
     */
    public static List<String> parseStringArray(String body) {
        String s = body.strip();
        if (!s.startsWith("[") || !s.endsWith("]")) {
            throw new IllegalArgumentException("not a JSON array: " + body);
        }
        List<String> out = new ArrayList<>();
        String inner = s.substring(1, s.length() - 1).strip();
        if (inner.isEmpty()) {
            return out;
        }
        for (String item : inner.split(",")) {
            String t = item.strip();
            if (t.length() < 2 || !t.startsWith("\"") || !t.endsWith("\"")) {
                throw new IllegalArgumentException("not a JSON string: " + t);
            }
            out.add(t.substring(1, t.length() - 1));
        }
        return out;
    }
}
