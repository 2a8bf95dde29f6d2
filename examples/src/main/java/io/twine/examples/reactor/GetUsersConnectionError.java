package io.twine.examples.reactor;

import io.twine.http.Agent;
import io.twine.reactor.React;
import io.twine.reactor.Reactor;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;

/**
 * {@link GetUsers#getUsers()} pointed at a port where nothing listens: the request fails with a
 * real {@link java.net.ConnectException}, the errback traps it, reports it and recovers with an
 * empty list, so the program still ends successfully.
 */
public final class GetUsersConnectionError {
    private GetUsersConnectionError() {
    }

    /**
     * Runs getUsers against a closed port on 127.0.0.1 and prints what happens.
     *
     * @param out where to print
     */
    public static void run(PrintStream out) {
        URI closed = URI.create("http://127.0.0.1:" + closedPort() + "/");
        Reactor reactor = Reactor.create();
        try (Agent agent = Agent.create(reactor)) {
            React.react(reactor, r -> {
                GetUsers client = new GetUsers(agent, closed, out);
                return client.getUsers()
                        .addCallback(users -> {
                            out.println("users: " + users);
                            return null;
                        })
                        .addCallbackDeferred(ignored -> client.getUsersWithAwait())
                        .addCallback(users -> {
                            out.println("with fromCoroutine and await, users: " + users);
                            return null;
                        });
            }, status -> out.println("exit status " + status));
        }
    }

    /** A loopback port that was free a moment ago: bound, then closed again. */
    private static int closedPort() {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot find a free loopback port", e);
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
