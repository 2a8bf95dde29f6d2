package io.twine.examples.reactor;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import static io.twine.defer.Coroutines.await;

import io.twine.defer.Deferred;
import io.twine.defer.Failure;
import io.twine.http.Agent;
import io.twine.http.Response;
import io.twine.reactor.React;
import io.twine.reactor.Reactor;
import java.io.PrintStream;
import java.net.ConnectException;
import java.net.URI;
import java.util.List;

/**
 * The tutorial's {@code getUsers}, callback style, for real: a request to a local HTTP server,
 * the body parsed as JSON, and a connection error turned into an empty list.
 *
 * <pre>{@code
 * def getUsers():
 *     d = makeRequest("GET", "/users")
 *     def connectionError(failure):
 *         failure.trap(ConnectionError)
 *         log.failure("makeRequest failed due to connection error", failure)
 *         return []
 *     d.addCallbacks(json.loads, connectionError)
 *     return d
 * }</pre>
 *
 * Every callback here runs on the reactor's loop thread: the {@link Agent} fires its Deferreds
 * there.
 */
public final class GetUsers {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final TypeReference<List<User>> USER_LIST = new TypeReference<>() { };

    private final Agent agent;
    private final URI service;
    private final PrintStream log;

    /**
     * A client of the users service.
     *
     * @param agent the HTTP agent
     * @param service the service's base URI
     * @param log where connection errors are reported
     */
    public GetUsers(Agent agent, URI service, PrintStream log) {
        this.agent = agent;
        this.service = service;
        this.log = log;
    }

    /** The tutorial's makeRequest: the body of a response, as text. */
    Deferred<String> makeRequest(String method, String path) {
        return agent.request(method, service.resolve(path)).addCallback(Response::text);
    }

    /**
     * Fetches and parses the users; a connection error gives an empty list (after reporting it),
     * any other error is passed on.
     *
     * @return a Deferred for the users
     */
    public Deferred<List<User>> getUsers() {
        Deferred<String> d = makeRequest("GET", "/users");
        return d.addCallbacks(body -> JSON.readValue(body, USER_LIST), this::connectionError);
    }

    /**
     * The same, written as a coroutine (the seed's {@code async def getUsers}): the request is
     * awaited, and the connection error is an ordinary {@code catch}.
     *
     * @return a Deferred for the users
     */
    public Deferred<List<User>> getUsersWithAwait() {
        return Deferred.fromCoroutine(() -> {
            try {
                return JSON.readValue(await(makeRequest("GET", "/users")), USER_LIST);
            } catch (ConnectException e) {
                log.println("makeRequest failed due to connection error: " + e.getMessage());
                return List.of();
            }
        });
    }

    private List<User> connectionError(Failure failure) {
        failure.trap(ConnectException.class);
        log.println("makeRequest failed due to connection error: " + failure.type().getName() + ": "
                + failure.getErrorMessage());
        return List.of();
    }

    /**
     * Serves {@code /users} on 127.0.0.1, runs getUsers against it on a reactor and prints the users.
     *
     * @param out where to print
     */
    public static void run(PrintStream out) {
        try (UsersServer server = UsersServer.start()) {
            Reactor reactor = Reactor.create();
            try (Agent agent = Agent.create(reactor)) {
                React.react(reactor, r -> {
                    GetUsers client = new GetUsers(agent, server.baseUri(), out);
                    return client.getUsers()
                            .addCallback(users -> {
                                users.forEach(u -> out.println("user " + u.id() + ": " + u.name()));
                                return null;
                            })
                            .addCallbackDeferred(ignored -> client.getUsersWithAwait())
                            .addCallback(users -> {
                                out.println("again, with fromCoroutine and await: " + users.size() + " users");
                                return null;
                            });
                }, status -> out.println("exit status " + status));
            }
        }
    }

    /**
     * Runs the example.
     *
     * @param args ignored
     */
    public static void main(String[] args) {
        run(System.out);
    }
}
