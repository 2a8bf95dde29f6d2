package io.twine.defer;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** Failure.printTraceback writes through to the stream behind the writer. */
class FailurePrintingTest {

    /** The traceback reaches the underlying stream without the caller flushing the writer. */
    @Test
    void printTracebackFlushesTheWriter() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        PrintWriter out = new PrintWriter(new OutputStreamWriter(bytes, StandardCharsets.UTF_8), false);
        Failure f = new Failure(new IllegalStateException("printed"));
        f.printTraceback(out);
        assertThat(bytes.toString(StandardCharsets.UTF_8)).isEqualTo(f.getTraceback());
    }
}
