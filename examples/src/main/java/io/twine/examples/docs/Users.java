package io.twine.examples.docs;

import io.twine.defer.Deferred;
import java.io.IOException;
import java.io.PrintStream;
import java.net.ConnectException;
import java.util.ArrayList;
import java.util.List;

/**
 * The seed's {@code getUsers}, in every style the introduction compares: blocking, with callbacks,
 * and (in {@code UsersWithCoroutines}) with {@code await} and with {@code inlineCallbacks}. Each
 * fetches {@code /users}, parses the JSON array of names, and falls back to an empty list when the
 * server cannot be reached; other errors escape.
 */
public final class Users {

    /** A blocking HTTP client. */
    public interface BlockingHttp {
        /**
         * Sends a request and waits for the answer.
         *
         * @param method the HTTP method
         * @param path the path
         * @return the response body
         * @throws IOException if the request fails; {@link ConnectException} if the server is down
         */
        String makeRequest(String method, String path) throws IOException;
    }

    /** An asynchronous HTTP client. */
    public interface Http {
        /**
         * Sends a request and returns at once.
         *
         * @param method the HTTP method
         * @param path the path
         * @return a Deferred firing with the response body, or failing as the request did
         */
        Deferred<String> makeRequest(String method, String path);
    }

    private final PrintStream log;

    /**
     * The examples, logging connection errors to {@code log}.
     *
     * @param log where connection errors are reported
     */
    public Users(PrintStream log) {
        this.log = log;
    }

    /**
     * Blocking: the synchronous twin of every other version.
     *
     * @param http the client
     * @return the user names, or none if the server is down
     * @throws IOException for any other request error
     */
    // tag::blocking[]
    List<String> getUsers(BlockingHttp http) throws IOException {
        try {
            return parseJson(http.makeRequest("GET", "/users"));
        } catch (ConnectException e) {
            log.println("makeRequest failed due to connection error: " + e.getMessage());
            return List.of();
        }
    }
    // end::blocking[]

    /**
     * With callbacks: the parse is the callback, the fallback the errback, added as one pair.
     *
     * @param http the client
     * @return a Deferred for the user names, or none if the server is down
     */
    // tag::callbacks[]
    Deferred<List<String>> getUsers(Http http) {
        Deferred<String> d = http.makeRequest("GET", "/users");
        return d.addCallbacks(Users::parseJson, failure -> {
            failure.trap(ConnectException.class);
            log.println("makeRequest failed due to connection error: " + failure.getErrorMessage());
            return List.of();
        });
    }
    // end::callbacks[]

    /**
     * The seed's {@code json.loads}, for the one shape used here: a JSON array of strings without
     * escapes.
     *
     * @param body e.g. {@code ["alice", "bob"]}
     * @return the strings
     * @throws IllegalArgumentException if {@code body} is not such an array
     */
    static List<String> parseJson(String body) {
        String s = body.strip();
        if (!s.startsWith("[") || !s.endsWith("]")) {
            throw new IllegalArgumentException("not a JSON array: " + body);
        }
        List<String> names = new ArrayList<>();
        String inner = s.substring(1, s.length() - 1).strip();
        if (inner.isEmpty()) {
            return names;
        }
        for (String item : inner.split(",")) {
            String t = item.strip();
            if (t.length() < 2 || !t.startsWith("\"") || !t.endsWith("\"")) {
                throw new IllegalArgumentException("not a JSON string: " + t);
            }
            names.add(t.substring(1, t.length() - 1));
        }
        return names;
    }
}
