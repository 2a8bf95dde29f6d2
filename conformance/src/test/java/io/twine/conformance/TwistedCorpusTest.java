package io.twine.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import io.twine.defer.UnhandledErrors;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * Replays the checked-in corpus (programs with the traces real Twisted gave for them, written by
 * {@code scripts/conformance-regen.sh}) on Twine: every trace must be identical. The
 * documented exceptions (docs/differences.md) are marked by Twisted's runner at the point where
 * they begin: {@code kN~running} (a callback returned a Deferred whose own callback is still
 * executing: "reentrant return"), {@code dN~stuck} (Twisted stranded callbacks after handing
 * a result to a paused waiter), and the combinator marks {@code ~uncancelled}, {@code ~waiting},
 * {@code ~raised}, {@code ~late}, {@code ~recancel} (conformance/README.md). Such programs must
 * agree up to the mark.
 */
class TwistedCorpusTest {

    private static boolean logging;

    @BeforeAll
    static void quiet() {
        logging = UnhandledErrors.isLogging();
        UnhandledErrors.setLogging(false);
    }

    @AfterAll
    static void restore() {
        UnhandledErrors.setLogging(logging);
    }

    record Entry(int line, String program, String twisted) {
    }

    static List<Entry> corpus() throws IOException {
        List<Entry> entries = new ArrayList<>();
        try (InputStream raw = TwistedCorpusTest.class.getResourceAsStream("corpus.txt.gz")) {
            assertThat(raw).as("corpus.txt.gz on the test classpath").isNotNull();
            BufferedReader in = new BufferedReader(new InputStreamReader(new GZIPInputStream(raw), StandardCharsets.UTF_8));
            int n = 0;
            for (String line; (line = in.readLine()) != null; ) {
                n++;
                if (line.startsWith("//")) {
                    continue;
                }
                int tab = line.indexOf('\t');
                entries.add(new Entry(n, line.substring(0, tab), line.substring(tab + 1)));
            }
        }
        return entries;
    }

    @TestFactory
    Stream<DynamicTest> everyProgramTracesAsInTwisted() throws IOException {
        return corpus().stream().map(e -> DynamicTest.dynamicTest("line " + e.line() + ": " + e.program(), () -> {
            String twine = TwineRunner.run(e.program());
            String[] expected = events(e.twisted());
            int mark = markAt(expected);
            if (mark < 0) {
                assertThat(events(twine)).as(e.program()).containsExactly(expected);
            } else if (mark > 0) {
                assertThat(events(twine)).as("documented difference; agree up to it: " + e.program())
                        .startsWith(Arrays.copyOf(expected, mark));
            }
            // mark == 0: the difference begins with the first event; running it without an
            // exception is all there is to check.
        }));
    }

    @Test
    void corpusIsLargeAndMostlyFreeOfTheDocumentedDifference() throws IOException {
        List<Entry> all = corpus();
        long marked = all.stream().filter(e -> e.twisted().contains("~")).count();
        assertThat(all).hasSizeGreaterThanOrEqualTo(2000);
        assertThat(marked).isLessThan(all.size() / 50);
    }

    @Test
    void aFairShareOfTheCorpusUsesCombinators() throws IOException {
        List<Entry> all = corpus();
        long combining = all.stream().filter(e -> e.program().matches(".*\\b(list|gather|race) .*")).count();
        assertThat(combining).isBetween(all.size() * 15L / 100, all.size() * 25L / 100);
    }

    /** Where Twisted's runner marked a documented difference (an event with {@code ~}), or -1. */
    static int markAt(String[] events) {
        for (int i = 0; i < events.length; i++) {
            if (events[i].contains("~")) {
                return i;
            }
        }
        return -1;
    }

    static String[] events(String trace) {
        return Arrays.stream(trace.split(" ")).toArray(String[]::new);
    }
}
