package io.twine.examples.combining;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The combining section of the tour prints what it promises. */
class CombiningExamplesTest {

    private static String output(java.util.function.Consumer<PrintStream> example) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8)) {
            example.accept(out);
        }
        return bytes.toString(StandardCharsets.UTF_8);
    }

    /** gatherResults gives the pages in the order asked for, once the slowest arrived. */
    @Test
    void fetchAllGathersInRequestOrder() {
        String text = output(new FetchAll()::run);
        assertThat(text).contains("t=0.25  orders arrived")
                .contains("t=0.75  all in, in the order asked for: [<users page>, <orders page>, <stock page>]");
        assertThat(text.indexOf("orders arrived")).isLessThan(text.indexOf("users arrived"));
    }

    /** A failing download fails the gathering at once with a FirstError naming it. */
    @Test
    void fetchAllReportsTheFirstError() {
        String text = output(new FetchAll()::run);
        assertThat(text).contains("t=1.00  gave up: input #1 failed with orders: connection reset")
                .contains("t=1.50  users arrived")
                .doesNotContain("not reached");
    }

    /** The semaphore keeps at most two downloads in flight, and all six finish. */
    @Test
    void boundedConcurrencyNeverExceedsTwo() {
        BoundedConcurrency example = new BoundedConcurrency();
        String text = output(example::run);
        assertThat(example.maxInFlight()).isEqualTo(2);
        assertThat(text).contains("4 downloads waiting for a connection")
                .contains("all 6 done; never more than 2 at once")
                .contains("t=0.5  start file2 (2 in flight)");
        assertThat(text).doesNotContain("(3 in flight)");
    }

    /** Every job put by the producer is consumed, in order, and both sides finish. */
    @Test
    void producerConsumerHandsEveryJobOver() {
        String text = output(new ProducerConsumer()::run);
        for (int i = 1; i <= 4; i++) {
            assertThat(text).contains("got job" + i).contains("finished job" + i);
        }
        assertThat(text.indexOf("got job1")).isLessThan(text.indexOf("got job2"));
        assertThat(text).contains("producer stopped").contains("consumer finished after 4 jobs");
    }
}
