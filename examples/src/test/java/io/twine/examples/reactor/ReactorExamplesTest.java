package io.twine.examples.reactor;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/** The reactor examples of the tour run for real and print what they promise. */
class ReactorExamplesTest {

    private static String output(Consumer<PrintStream> example) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8)) {
            example.accept(out);
        }
        return bytes.toString(StandardCharsets.UTF_8);
    }

    /** getUsers fetches /users from the local server, parses the JSON and the program exits with 0. */
    @Test
    void getUsersPrintsTheUsersFromTheServer() {
        assertThat(output(GetUsers::run)).isEqualTo("""
                user 1: Ada
                user 2: Grace
                user 3: Barbara
                again, with fromCoroutine and await: 3 users
                exit status 0
                """);
    }

    /** Pointed at a closed port, getUsers reports the ConnectException and recovers with an empty list. */
    @Test
    void getUsersAgainstAClosedPortRecoversWithAnEmptyList() {
        String out = output(GetUsersConnectionError::run);
        assertThat(out).startsWith("makeRequest failed due to connection error: java.net.ConnectException: cannot connect to 127.0.0.1:")
                .contains("users: []\nmakeRequest failed due to connection error: cannot connect to 127.0.0.1:")
                .endsWith("with fromCoroutine and await, users: []\nexit status 0\n");
    }

    /** The README program prints its message from the loop thread and exits with 0. */
    @Test
    void helloReactorRunsTimerPoolAndLoop() {
        assertThat(output(HelloReactor::run)).isEqualTo("""
                tick after 0.5 s, then blocking work on a pool thread, printed on the loop thread
                exit status 0
                """);
    }

    /** The benchmark main runs end to end at a tiny scale (a smoke test: no figure is checked). */
    @Test
    void benchmarkRunsAtATinyScale() {
        String out = output(o -> {
            try {
                ReactorBenchmark.run(o, 0.0001);
            } catch (Exception e) {
                throw new AssertionError(e);
            }
        });
        assertThat(out).contains("callLater(0) from the loop thread").contains("HTTP GET /users via Agent");
    }
}
