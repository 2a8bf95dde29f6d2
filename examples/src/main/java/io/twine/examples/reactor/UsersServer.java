package io.twine.examples.reactor;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * The tour's stand-in for a real service: the JDK's HTTP server on 127.0.0.1 (a free port),
 * serving {@code GET /users} as a JSON array of {@link User}s. Anything else is a 404.
 */
public final class UsersServer implements AutoCloseable {
    /** The users served at {@code /users}. */
    public static final List<User> USERS = List.of(new User(1, "Ada"), new User(2, "Grace"), new User(3, "Barbara"));

    private final HttpServer server;
    private final ExecutorService pool;

    private UsersServer(HttpServer server, ExecutorService pool) {
        this.server = server;
        this.pool = pool;
    }

    /**
     * Starts a server on 127.0.0.1 and a free port.
     *
     * @return the running server
     * @throws UncheckedIOException if no port can be bound
     */
    public static UsersServer start() {
        byte[] json;
        try {
            json = new ObjectMapper().writeValueAsBytes(USERS);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write the users as JSON", e);
        }
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 1024);
            ExecutorService pool = Executors.newFixedThreadPool(4);
            server.setExecutor(pool);
            server.createContext("/", ex -> {
                boolean found = ex.getRequestURI().getPath().equals("/users");
                byte[] body = found ? json : "not found".getBytes(StandardCharsets.UTF_8);
                ex.getResponseHeaders().add("Content-Type", found ? "application/json" : "text/plain");
                ex.sendResponseHeaders(found ? 200 : 404, body.length);
                try (OutputStream out = ex.getResponseBody()) {
                    out.write(body);
                }
            });
            server.start();
            return new UsersServer(server, pool);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start the local users server", e);
        }
    }

    /**
     * Where the server listens.
     *
     * @return {@code http://127.0.0.1:PORT/}
     */
    public URI baseUri() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/");
    }

    /** Stops the server at once. */
    @Override
    public void close() {
        server.stop(0);
        pool.shutdownNow();
    }
}
