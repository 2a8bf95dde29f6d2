package io.twine.http;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/** The JDK's HttpServer on 127.0.0.1 (an ephemeral port), with a few endpoints for the tests. */
final class LocalServer implements AutoCloseable {
    final HttpServer server;
    private final ExecutorService pool = Executors.newFixedThreadPool(16);
    /** /slow answers only once this is released. */
    final CountDownLatch slowGate = new CountDownLatch(1);

    LocalServer() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 2048);
        server.setExecutor(pool);
        server.createContext("/hello", ex -> reply(ex, 200, "text/plain; charset=utf-8", "hello"));
        server.createContext("/n", ex -> reply(ex, 200, "text/plain", "n=" + ex.getRequestURI().getQuery()));
        server.createContext("/echo", ex -> {
            byte[] body = ex.getRequestBody().readAllBytes();
            String text = ex.getRequestMethod() + " " + ex.getRequestHeaders().getFirst("X-Test") + " "
                    + new String(body, StandardCharsets.UTF_8);
            reply(ex, 201, "text/plain", text);
        });
        server.createContext("/oops", ex -> reply(ex, 500, "text/plain", "server trouble"));
        server.createContext("/latin1", ex -> {
            byte[] b = "café".getBytes(Charset.forName("ISO-8859-1"));
            ex.getResponseHeaders().add("Content-Type", "text/plain; charset=ISO-8859-1");
            send(ex, 200, b);
        });
        server.createContext("/slow", ex -> {
            try {
                slowGate.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            reply(ex, 200, "text/plain", "slow");
        });
        server.createContext("/broken", new HttpHandler() {
            @Override
            public void handle(HttpExchange ex) {
                throw new IllegalStateException("handler fails before answering");
            }
        });
        server.start();
    }

    URI uri(String path) {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + path);
    }

    private static void reply(HttpExchange ex, int code, String type, String text) throws IOException {
        ex.getResponseHeaders().add("Content-Type", type);
        send(ex, code, text.getBytes(StandardCharsets.UTF_8));
    }

    private static void send(HttpExchange ex, int code, byte[] body) throws IOException {
        ex.sendResponseHeaders(code, body.length);
        try (OutputStream out = ex.getResponseBody()) {
            out.write(body);
        }
    }

    @Override
    public void close() {
        slowGate.countDown();
        server.stop(0);
        pool.shutdownNow();
    }
}
