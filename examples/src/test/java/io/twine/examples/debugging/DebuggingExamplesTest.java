package io.twine.examples.debugging;

import static org.assertj.core.api.Assertions.assertThat;

import io.twine.defer.Deferred;
import io.twine.defer.Deferreds;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The debugging examples still show what docs/debugging.md says they show. */
class DebuggingExamplesTest {
    @TempDir
    Path dir;

    @AfterEach
    void allOff() {
        Deferreds.disable(Deferreds.Diagnostic.values());
        Deferreds.clearPending();
    }

    private static String stdoutOf(ThrowingRunnable body) throws Exception {
        PrintStream saved = System.out;
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        System.setOut(new PrintStream(bytes, true, StandardCharsets.UTF_8));
        try {
            body.run();
        } finally {
            System.setOut(saved);
        }
        return bytes.toString(StandardCharsets.UTF_8);
    }

    interface ThrowingRunnable {
        void run() throws Exception;
    }

    /** HungCheckout's dump names the login/refresh cycle, the rate feed's dead end, and who is held up by which. */
    @Test
    void hungCheckoutDumpNamesTheCycleAndTheDeadEnd() throws Exception {
        Deferreds.clearPending();
        Path dot = dir.resolve("hung.dot");
        String out = stdoutOf(() -> HungCheckout.main(new String[] {dot.toString()}));
        assertThat(out).contains("The receipts never came")
                .contains("CYCLE 1: these wait on each other and can never fire:\n  #2 waits on #3 waits on #2")
                .contains("#1 created at io.twine.examples.debugging.HungCheckout$RatesFeed.<init>(HungCheckout.java:")
                .contains("HungCheckout.checkout(HungCheckout.java:").contains("is held up by dead end #1")
                .contains("HungCheckout.redeemVoucher(HungCheckout.java:").contains("is held up by CYCLE 1");
        assertThat(Files.readString(dot)).startsWith("digraph twine_pending {").contains("d2 -> d3 [label=\"waits on\", color=red");
    }

    /** AsyncTraceDemo's traceback carries the async trace naming userName, fetch and greeting. */
    @Test
    void asyncTraceDemoShowsWhereTheErrorTravelled() throws Exception {
        try {
            String out = stdoutOf(() -> AsyncTraceDemo.main(new String[0]));
            assertThat(out).contains("IllegalStateException: user has no name")
                    .contains("Suppressed: io.twine.defer.AsyncTrace")
                    .contains("1. raised by a callback added at io.twine.examples.debugging.AsyncTraceDemo.userName(")
                    .contains("created at io.twine.examples.debugging.AsyncTraceDemo.fetch(")
                    .contains("2. handed from Deferred at 0x")
                    .contains("whose callback added at io.twine.examples.debugging.AsyncTraceDemo.greeting(");
        } finally {
            Deferred.setDebugging(false);
        }
    }
}
