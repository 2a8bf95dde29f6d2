package io.twine.http;

import io.twine.defer.Deferred;
import io.twine.defer.Failure;
import io.twine.reactor.Reactor;
import java.net.ConnectException;
import java.net.URI;
import java.net.UnknownHostException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.channels.UnresolvedAddressException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;

/**
 * An HTTP client whose requests give Deferreds: Twisted's {@code twisted.web.client.Agent}, built
 * on the JDK's {@link HttpClient}.
 *
 * <pre>{@code
 * Agent agent = Agent.create(reactor);
 * agent.request("GET", URI.create("http://127.0.0.1:8080/users"))
 *      .addCallback(Response::text)
 *      .addCallbacks(json -> parse(json), failure -> { failure.trap(ConnectException.class); return List.of(); });
 * }</pre>
 *
 * <h2>Threads</h2>
 * The request runs on the HTTP client's own threads; the Deferred is fired on the reactor's loop
 * thread, so its callbacks run there (a {@code cancel()} fires it on the cancelling thread, and
 * a callback added from another thread after it fired runs on the adding thread, as for every
 * Deferred).
 * Requests may be made from any thread. Before the reactor runs, outcomes wait for it; once it
 * has stopped, outcomes arrive as a {@link java.util.concurrent.RejectedExecutionException}
 * Failure on the HTTP client's thread.
 *
 * <h2>Outcomes</h2>
 * The Deferred fires with a {@link Response} once the whole body has arrived, whatever the status
 * code. It fails with the real exception when no response could be had:
 * <ul>
 * <li>{@link ConnectException}: nobody accepts connections at that address (refused);</li>
 * <li>{@link UnknownHostException}: the host name does not resolve (the JDK reports a
 *     {@code ConnectException} caused by an {@code UnresolvedAddressException}; it is the cause of
 *     the one given here);</li>
 * <li>{@link java.net.http.HttpConnectTimeoutException} or
 *     {@link java.net.http.HttpTimeoutException}: the {@linkplain Builder#connectTimeout connect}
 *     or {@linkplain Builder#requestTimeout request} timeout ran out;</li>
 * <li>{@link java.io.IOException}: the connection broke before a complete response;</li>
 * <li>{@link io.twine.defer.CancelledError}: the Deferred was cancelled, which aborts the
 *     exchange (the connection is closed); with {@link Deferred#addTimeout} that becomes a
 *     {@link io.twine.defer.TimeoutError}.</li>
 * </ul>
 */
public final class Agent implements AutoCloseable {
    private final Reactor reactor;
    private final HttpClient client;
    private final boolean ownsClient;
    private final Duration requestTimeout;

    private Agent(Builder b) {
        this.reactor = b.reactor;
        this.ownsClient = b.client == null;
        this.client = b.client != null ? b.client : HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(b.connectTimeout)
                .followRedirects(HttpClient.Redirect.NORMAL)
                .build();
        this.requestTimeout = b.requestTimeout;
    }

    /**
     * An agent with its own HTTP/1.1 client (10 s connect timeout, redirects followed, no request
     * timeout), delivering on {@code reactor}.
     *
     * @param reactor the reactor whose loop thread fires the Deferreds
     * @return a new agent
     */
    public static Agent create(Reactor reactor) {
        return builder(reactor).build();
    }

    /**
     * A builder for an agent delivering on {@code reactor}.
     *
     * @param reactor the reactor whose loop thread fires the Deferreds
     * @return a builder with the defaults of {@link #create}
     */
    public static Builder builder(Reactor reactor) {
        return new Builder(reactor);
    }

    /**
     * Sends a request with no headers and no body.
     *
     * @param method the HTTP method, e.g. {@code "GET"}
     * @param uri an absolute {@code http} or {@code https} URI
     * @return a Deferred for the response (see the class comment)
     * @throws IllegalArgumentException if the method or URI is not valid
     */
    public Deferred<Response> request(String method, URI uri) {
        return request(method, uri, Map.of(), null);
    }

    /**
     * Sends a request (Twisted's {@code Agent.request(method, uri, headers, bodyProducer)}).
     *
     * @param method the HTTP method, e.g. {@code "GET"}, {@code "POST"}
     * @param uri an absolute {@code http} or {@code https} URI
     * @param headers header names to values; {@code null} for none
     * @param body the request body, or {@code null} for none
     * @return a Deferred for the response; cancelling it aborts the exchange
     * @throws IllegalArgumentException if the method, URI or a header is not valid (for example
     *         a header the JDK client sets itself, such as {@code Host} or {@code Content-Length})
     */
    public Deferred<Response> request(String method, URI uri, Map<String, List<String>> headers, byte[] body) {
        Objects.requireNonNull(method, "method");
        Objects.requireNonNull(uri, "uri");
        if (method.isBlank()) {
            throw new IllegalArgumentException("HTTP method must not be blank");
        }
        HttpRequest.Builder rb = HttpRequest.newBuilder(uri)
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofByteArray(body.clone()));
        if (headers != null) {
            headers.forEach((name, values) -> {
                for (String v : values) {
                    rb.header(name, v);
                }
            });
        }
        if (requestTimeout != null) {
            rb.timeout(requestTimeout);
        }
        HttpRequest request = rb.build();
        CompletableFuture<HttpResponse<byte[]>> exchange = client.sendAsync(request, HttpResponse.BodyHandlers.ofByteArray());
        // fromFuture's canceller calls exchange.cancel(true), which makes the JDK client abort the exchange.
        return Deferred.fromFuture(exchange, reactor)
                .addCallbacks(r -> new Response(r.statusCode(), r.headers().map(), r.body(), r.uri()),
                        failure -> {
                            Throwable t = translate(failure.value(), uri);
                            throw t == failure.value() ? failure : new Failure(t);
                        });
    }

    /** The JDK's connect errors, made to say what happened; everything else is passed on as is. */
    static Throwable translate(Throwable t, URI uri) {
        if (t instanceof ConnectException && t.getCause() instanceof UnresolvedAddressException) {
            UnknownHostException e = new UnknownHostException("cannot resolve host name " + uri.getHost());
            e.initCause(t);
            return e;
        }
        if (t instanceof ConnectException && t.getMessage() == null) {
            ConnectException e = new ConnectException("cannot connect to " + uri.getHost() + ":" + port(uri)
                    + " (connection refused)");
            e.initCause(t);
            return e;
        }
        return t;
    }

    private static int port(URI uri) {
        if (uri.getPort() != -1) {
            return uri.getPort();
        }
        return "https".equalsIgnoreCase(uri.getScheme()) ? 443 : 80;
    }

    /**
     * The reactor this agent delivers on.
     *
     * @return the reactor
     */
    public Reactor reactor() {
        return reactor;
    }

    /**
     * Closes the HTTP client if this agent created it, waiting for requests in progress to finish;
     * a client passed to {@link Builder#client} is left open.
     */
    @Override
    public void close() {
        if (ownsClient) {
            client.close();
        }
    }

    /** Settings for an {@link Agent}. */
    public static final class Builder {
        private final Reactor reactor;
        private HttpClient client;
        private Duration connectTimeout = Duration.ofSeconds(10);
        private Duration requestTimeout;

        private Builder(Reactor reactor) {
            this.reactor = Objects.requireNonNull(reactor, "reactor");
        }

        /**
         * Uses a client of one's own (its connect timeout, version and redirect policy then
         * apply, and {@link Agent#close()} leaves it open).
         *
         * @param client the client
         * @return this builder
         */
        public Builder client(HttpClient client) {
            this.client = Objects.requireNonNull(client, "client");
            return this;
        }

        /**
         * How long connecting may take before the request fails with
         * {@link java.net.http.HttpConnectTimeoutException}; ignored with {@link #client}.
         *
         * @param timeout positive; default 10 s
         * @return this builder
         */
        public Builder connectTimeout(Duration timeout) {
            this.connectTimeout = positive(timeout, "connectTimeout");
            return this;
        }

        /**
         * How long a request may wait for its response headers before it fails with
         * {@link java.net.http.HttpTimeoutException} (the JDK's request timeout).
         *
         * @param timeout positive, or {@code null} for none (the default)
         * @return this builder
         */
        public Builder requestTimeout(Duration timeout) {
            this.requestTimeout = timeout == null ? null : positive(timeout, "requestTimeout");
            return this;
        }

        private static Duration positive(Duration d, String what) {
            Objects.requireNonNull(d, what);
            if (d.isNegative() || d.isZero()) {
                throw new IllegalArgumentException(what + " must be positive, got " + d);
            }
            return d;
        }

        /**
         * Creates the agent.
         *
         * @return a new agent
         */
        public Agent build() {
            return new Agent(this);
        }
    }
}
