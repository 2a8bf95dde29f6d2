package io.twine.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.twine.defer.CancelledError;
import io.twine.defer.Deferred;
import io.twine.defer.Failure;
import io.twine.defer.TimeoutError;
import io.twine.reactor.Reactor;
import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.UnknownHostException;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Agent against a real HTTP server on 127.0.0.1. */
class AgentTest {
    private LocalServer server;
    private Reactor reactor;
    private Thread loop;
    private Agent agent;

    @BeforeEach
    void start() throws Exception {
        server = new LocalServer();
        reactor = Reactor.builder().name("http-test").build();
        CountDownLatch running = new CountDownLatch(1);
        reactor.callWhenRunning(running::countDown);
        loop = reactor.startThread();
        assertThat(running.await(10, TimeUnit.SECONDS)).isTrue();
        agent = Agent.create(reactor);
    }

    @AfterEach
    void stop() throws Exception {
        server.close();
        reactor.callFromThread(() -> {
            if (reactor.isRunning()) {
                reactor.stop();
            }
        });
        loop.join(10_000);
        assertThat(loop.isAlive()).as("reactor stopped").isFalse();
        agent.close();
    }

    /** Waits (bounded) for the Deferred; returns its result or the Failure itself. */
    private static Object outcome(Deferred<?> d, long seconds) throws InterruptedException {
        CountDownLatch done = new CountDownLatch(1);
        AtomicReference<Object> out = new AtomicReference<>();
        d.addBoth(r -> {
            out.set(r);
            done.countDown();
            return null;
        });
        assertThat(done.await(seconds, TimeUnit.SECONDS)).as("Deferred fired within %d s", seconds).isTrue();
        return out.get();
    }

    private static Response response(Deferred<Response> d) throws InterruptedException {
        Object r = outcome(d, 10);
        if (r instanceof Failure f) {
            throw new AssertionError("expected a response, got " + f.getTraceback());
        }
        return (Response) r;
    }

    private static Throwable failure(Deferred<?> d) throws InterruptedException {
        Object r = outcome(d, 10);
        assertThat(r).isInstanceOf(Failure.class);
        return ((Failure) r).value();
    }

    // -- responses -------------------------------------------------------------------------------

    /** A GET gives the status, the headers (any case) and the body. */
    @Test
    void getGivesStatusHeadersAndBody() throws Exception {
        Response r = response(agent.request("GET", server.uri("/hello")));
        assertThat(r.code()).isEqualTo(200);
        assertThat(r.isSuccess()).isTrue();
        assertThat(r.header("content-type")).contains("text/plain; charset=utf-8");
        assertThat(r.headers()).containsKey("CONTENT-TYPE");
        assertThat(r.body()).isEqualTo("hello".getBytes(StandardCharsets.UTF_8));
        assertThat(r.text()).isEqualTo("hello");
        assertThat(r.uri()).isEqualTo(server.uri("/hello"));
    }

    /** The Deferred's callbacks run on the reactor's loop thread. */
    @Test
    void callbacksRunOnTheLoopThread() throws Exception {
        AtomicReference<Thread> on = new AtomicReference<>();
        CountDownLatch gotText = new CountDownLatch(1);
        AtomicReference<String> text = new AtomicReference<>();
        // Requested from this test thread; the callback is added before the response can possibly arrive.
        agent.request("GET", server.uri("/slow")).addCallback(r -> {
            on.set(Thread.currentThread());
            text.set(r.text());
            gotText.countDown();
            return null;
        });
        server.slowGate.countDown();
        assertThat(gotText.await(10, TimeUnit.SECONDS)).isTrue();
        assertThat(text.get()).isEqualTo("slow");
        assertThat(on.get()).isSameAs(loop);
    }

    /** Method, headers and body are sent as given. */
    @Test
    void requestSendsMethodHeadersAndBody() throws Exception {
        Response r = response(agent.request("PUT", server.uri("/echo"), Map.of("X-Test", List.of("yes")),
                "payload".getBytes(StandardCharsets.UTF_8)));
        assertThat(r.code()).isEqualTo(201);
        assertThat(r.text()).isEqualTo("PUT yes payload");
    }

    /** An error status is a response, not a failure (as in Twisted). */
    @Test
    void errorStatusIsAResponse() throws Exception {
        Response r = response(agent.request("GET", server.uri("/oops")));
        assertThat(r.code()).isEqualTo(500);
        assertThat(r.isSuccess()).isFalse();
        assertThat(r.text()).isEqualTo("server trouble");
    }

    /** text() decodes with the charset the Content-Type names. */
    @Test
    void textUsesTheCharsetOfTheContentType() throws Exception {
        assertThat(response(agent.request("GET", server.uri("/latin1"))).text()).isEqualTo("café");
    }

    /** A slow response does not hold up others, and arrives once the server answers. */
    @Test
    void slowResponseDoesNotHoldUpOthers() throws Exception {
        Deferred<Response> slow = agent.request("GET", server.uri("/slow"));
        assertThat(response(agent.request("GET", server.uri("/hello"))).text()).isEqualTo("hello");
        assertThat(slow.called()).isFalse();
        server.slowGate.countDown();
        assertThat(response(slow).text()).isEqualTo("slow");
    }

    /** 1,000 requests in flight at once all complete, each with its own answer. */
    @Test
    void thousandConcurrentRequestsAllArrive() throws Exception {
        int n = 1000;
        CountDownLatch all = new CountDownLatch(n);
        AtomicInteger right = new AtomicInteger();
        List<Object> wrong = java.util.Collections.synchronizedList(new ArrayList<>());
        reactor.callFromThread(() -> {
            for (int i = 0; i < n; i++) {
                String expected = "n=" + i;
                agent.request("GET", server.uri("/n?" + i)).addBoth(r -> {
                    if (r instanceof Response resp && resp.text().equals(expected)) {
                        right.incrementAndGet();
                    } else {
                        wrong.add(r);
                    }
                    all.countDown();
                    return null;
                });
            }
        });
        assertThat(all.await(120, TimeUnit.SECONDS)).as("all %d responses within 120 s", n).isTrue();
        assertThat(wrong).isEmpty();
        assertThat(right.get()).isEqualTo(n);
    }

    // -- failures --------------------------------------------------------------------------------

    /** A closed port fails with ConnectException, naming the address. */
    @Test
    void closedPortFailsWithConnectException() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        Throwable e = failure(agent.request("GET", URI.create("http://127.0.0.1:" + port + "/users")));
        assertThat(e).isInstanceOf(ConnectException.class).hasMessageContaining("127.0.0.1:" + port);
    }

    /** A host name that does not resolve fails with UnknownHostException. */
    @Test
    void unknownHostFailsWithUnknownHostException() throws Exception {
        Throwable e = failure(agent.request("GET", URI.create("http://no-such-host.invalid/users")));
        assertThat(e).isInstanceOf(UnknownHostException.class).hasMessageContaining("no-such-host.invalid");
    }

    /** A request timeout fails with the JDK's HttpTimeoutException. */
    @Test
    void requestTimeoutFailsWithHttpTimeoutException() throws Exception {
        try (Agent impatient = Agent.builder(reactor).requestTimeout(Duration.ofMillis(100)).build()) {
            Throwable e = failure(impatient.request("GET", server.uri("/slow")));
            assertThat(e).isInstanceOf(HttpTimeoutException.class);
            server.slowGate.countDown();
        }
    }

    /** addTimeout on the Deferred turns a response that takes too long into TimeoutError. */
    @Test
    void addTimeoutWorksOnARequest() throws Exception {
        Deferred<Response> d = agent.request("GET", server.uri("/slow")).addTimeout(0.1, reactor);
        assertThat(failure(d)).isInstanceOf(TimeoutError.class);
        server.slowGate.countDown();
    }

    /** A connection that closes without a response fails with IOException. */
    @Test
    void brokenConnectionFailsWithIOException() throws Exception {
        assertThat(failure(agent.request("GET", server.uri("/broken")))).isInstanceOf(IOException.class);
    }

    /** Cancelling the Deferred fails it with CancelledError and aborts the exchange: the server sees the connection close. */
    @Test
    void cancellingAbortsTheRequest() throws Exception {
        try (ServerSocket listener = new ServerSocket(0, 10, InetAddress.getLoopbackAddress())) {
            listener.setSoTimeout(10_000);
            Deferred<Response> d = agent.request("GET", URI.create("http://127.0.0.1:" + listener.getLocalPort() + "/never"));
            try (Socket conn = listener.accept()) {
                conn.setSoTimeout(10_000);
                InputStream in = conn.getInputStream();
                byte[] head = new byte[4];
                assertThat(in.readNBytes(head, 0, 4)).isEqualTo(4); // the request has arrived
                assertThat(new String(head, StandardCharsets.US_ASCII)).isEqualTo("GET ");
                d.cancel();
                assertThat(failure(d)).isInstanceOf(CancelledError.class);
                int read;
                try {
                    do {
                        read = in.read(); // the rest of the request, then end of stream
                    } while (read != -1);
                } catch (IOException reset) {
                    read = -1; // closed with a reset: aborted just the same
                }
                assertThat(read).isEqualTo(-1);
            }
        }
    }

    /** Bad arguments are refused at once, naming the problem. */
    @Test
    void badArgumentsAreRefused() {
        assertThatThrownBy(() -> agent.request(" ", server.uri("/hello"))).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("method");
        assertThatThrownBy(() -> agent.request("GET", null)).isInstanceOf(NullPointerException.class)
                .hasMessageContaining("uri");
        assertThatThrownBy(() -> agent.request("GET", URI.create("ftp://127.0.0.1/x")))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> agent.request("GET", server.uri("/hello"), Map.of("Host", List.of("x")), null))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("Host");
        assertThatThrownBy(() -> Agent.builder(reactor).requestTimeout(Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("requestTimeout");
    }
}
