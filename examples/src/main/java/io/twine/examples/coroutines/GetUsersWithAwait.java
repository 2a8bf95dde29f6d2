package io.twine.examples.coroutines;

import static io.twine.defer.Coroutines.await;

import io.twine.defer.Deferred;
import io.twine.task.ManualClock;
import java.io.PrintStream;
import java.net.ConnectException;
import java.util.List;

/**
 * The seed's "Coroutines with async/await" example: {@code getUsers} written as a coroutine with
 * {@link Deferred#fromCoroutine} and {@code await}, falling back to an empty list on a connection
 * error. The try/catch is ordinary Java: the failure of the awaited Deferred is thrown at the
 * {@code await} as the original {@link ConnectException}.
 */
public final class GetUsersWithAwait {
    private final FakeHttp http;
    private final PrintStream log;

    GetUsersWithAwait(FakeHttp http, PrintStream log) {
        this.http = http;
        this.log = log;
    }

    /**
     * The users, or an empty list if the server cannot be reached.
     *
     * @return a Deferred that fires when the request has completed
     */
    Deferred<List<String>> getUsers() {
        return Deferred.fromCoroutine(() -> {
            try {
                return FakeHttp.parseStringArray(await(http.makeRequest("GET", "/users")));
            } catch (ConnectException e) {
                log.println("makeRequest failed due to connection error: " + e.getMessage());
                return List.of();
            }
        });
    }

    /**
     * Runs the example: once with the server up, once with it down; time passes on a ManualClock.
     *
     * @param out where the example prints
     */
    public static void run(PrintStream out) {
        ManualClock clock = new ManualClock();
        FakeHttp http = FakeHttp.usersServer(clock);
        GetUsersWithAwait example = new GetUsersWithAwait(http, out);

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
