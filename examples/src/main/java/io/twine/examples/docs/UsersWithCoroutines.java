package io.twine.examples.docs;

import static io.twine.defer.Coroutines.await;
import static io.twine.defer.Coroutines.inlineCallbacks;

import io.twine.defer.Deferred;
import java.io.PrintStream;
import java.net.ConnectException;
import java.util.List;
import java.util.function.Function;

/**
 * The seed's {@code getUsers} as a coroutine: with {@link Deferred#fromCoroutine} and
 * {@code await}, and with {@code inlineCallbacks}. They read like the blocking version in
 * {@link Users} and return what its callback version returns: a Deferred for the names, or an
 * empty list when the server cannot be reached.
 */
public final class UsersWithCoroutines {
    private final PrintStream log;
    /** {@code getUsers} made by {@code inlineCallbacks}: each call runs the body as a coroutine. */
    final Function<Users.Http, Deferred<List<String>>> getUsers;
    /** The request and the parse only, made by {@code inlineCallbacks}. */
    final Function<Users.Http, Deferred<List<String>>> getUsersParsed;

    /**
     * The examples, logging connection errors to {@code log}.
     *
     * @param log where connection errors are reported
     */
    public UsersWithCoroutines(PrintStream log) {
        this.log = log;
        // tag::inline-callbacks[]
        getUsers = inlineCallbacks((Users.Http http) -> {
            String responseBody;
            try {
                responseBody = await(http.makeRequest("GET", "/users"));
            } catch (ConnectException e) {
                log.println("makeRequest failed due to connection error: " + e.getMessage());
                return List.of();
            }
            return Users.parseJson(responseBody);
        });
        // end::inline-callbacks[]
        // tag::parse-inline[]
        getUsersParsed = inlineCallbacks((Users.Http http) -> {
            String responseBody = await(http.makeRequest("GET", "/users"));
            return Users.parseJson(responseBody);
        });
        // end::parse-inline[]
    }

    /**
     * With {@code fromCoroutine} and {@code await}.
     *
     * @param http the client
     * @return a Deferred for the user names, or none if the server is down
     */
    // tag::await[]
    Deferred<List<String>> getUsers(Users.Http http) {
        return Deferred.fromCoroutine(() -> {
            try {
                return Users.parseJson(await(http.makeRequest("GET", "/users")));
            } catch (ConnectException e) {
                log.println("makeRequest failed due to connection error: " + e.getMessage());
                return List.of();
            }
        });
    }
    // end::await[]

    /**
     * Just the request and the parse, with callbacks: the seed's first {@code inlineCallbacks}
     * comparison.
     *
     * @param http the client
     * @return a Deferred for the user names
     */
    // tag::parse-callbacks[]
    Deferred<List<String>> getUsersParsed(Users.Http http) {
        Deferred<String> d = http.makeRequest("GET", "/users");
        return d.addCallback(Users::parseJson);
    }
    // end::parse-callbacks[]

}
