package io.twine.examples.coroutines;

import static io.twine.defer.Coroutines.await;
import static io.twine.defer.Coroutines.inlineCallbacks;

import io.twine.defer.Deferred;
import io.twine.task.ManualClock;
import java.io.PrintStream;
import java.net.ConnectException;
import java.util.List;
import java.util.function.Supplier;

/**
 * The seed's "Inline callbacks" example: {@code getUsers} made by {@code inlineCallbacks}, Twisted's
 * {@code @inlineCallbacks} decorator. Twisted's {@code yield d} is {@code await(d)} and
 * {@code returnValue(x)} is a plain {@code return x}. Callers see the same API as the
 * {@link GetUsersWithAwait} version: a function returning a Deferred.
 */
public final class GetUsersWithInlineCallbacks {
    private final Supplier<Deferred<List<String>>> getUsers;

    GetUsersWithInlineCallbacks(FakeHttp http, PrintStream log) {
        this.getUsers = inlineCallbacks(() -> {
            String responseBody;
            try {
                responseBody = await(http.makeRequest("GET", "/users"));
            } catch (ConnectException e) {
                log.println("makeRequest failed due to connection error: " + e.getMessage());
                return List.of();
            }
            return FakeHttp.parseStringArray(responseBody);
        });
    }

    /**
     * The users, or an empty list if the server cannot be reached.
     *
     * @return a Deferred that fires when the request has completed
     */
    Deferred<List<String>> getUsers() {
        return getUsers.get();
    }

    /**
     * Runs the example: once with the server up, once with it down; time passes on a ManualClock.
     *
     * @param out where the example prints
     */
    public static void run(PrintStream out) {
        ManualClock clock = new ManualClock();
        FakeHttp http = FakeHttp.usersServer(clock);
        GetUsersWithInlineCallbacks example = new GetUsersWithInlineCallbacks(http, out);

        Deferred<List<String>> d = example.getUsers();
        out.println("getUsers() returned; fired yet? " + d.called());
        d.addCallback(users -> {
            out.println("users: " + users);
            return users;
        });
        clock.advance(0.5);

        http.setReachable(false);
        example.getUsers().addCallback(users -> {
            out.println("users: " + users);
            return users;
        });
        clock.advance(0.5);
    }
}
