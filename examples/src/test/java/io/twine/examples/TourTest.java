package io.twine.examples;

import static org.assertj.core.api.Assertions.assertThat;

import io.twine.examples.tour.TourSection;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class TourTest {

    private static String printTour(int width, int[] disagreements) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);
        disagreements[0] = Tour.run(out, width);
        return bytes.toString(StandardCharsets.UTF_8);
    }

    /** The tour prints every section, numbered and in order, without throwing and with no disagreement. */
    @Test
    void printsEverySectionInOrder() {
        int[] disagreements = {-1};
        String text = printTour(80, disagreements);

        assertThat(disagreements[0]).isZero();
        int n = 1;
        int from = 0;
        for (TourSection s : Tour.sections()) {
            String heading = n++ + ". " + s.title();
            int at = text.indexOf(heading, from);
            assertThat(at).as(heading).isGreaterThanOrEqualTo(from);
            from = at;
        }
    }

    /** Every shown input of every section is run and reported as having the same outcome. */
    @Test
    void printsOneAgreeingRunPerShownInput() {
        int[] disagreements = {-1};
        String text = printTour(80, disagreements);

        int expected = Tour.sections().stream().mapToInt(s -> s.shownInputs().size()).sum();
        assertThat(count(text, "=> same outcome")).isEqualTo(expected);
        assertThat(count(text, "nothing done yet at t=0")).isEqualTo(expected);
        assertThat(text).doesNotContain("MISMATCH").doesNotContain("NOT ASYNCHRONOUS");
    }

    /** Both versions' code and outcome appear for every section. */
    @Test
    void showsBothVersionsCode() {
        int[] disagreements = {-1};
        String text = printTour(80, disagreements);

        for (TourSection s : Tour.sections()) {
            for (String line : s.deferredCode().strip().split("\n")) {
                assertThat(text).contains(line.strip());
            }
            for (String line : s.synchronousCode().strip().split("\n")) {
                assertThat(text).contains(line.strip());
            }
        }
        assertThat(text).contains("synchronous:").contains("with Deferreds:");
    }

    /** Plain text: no escape sequences, whatever the output is. */
    @Test
    void printsNoTerminalControlCodes() {
        int[] disagreements = {-1};
        String text = printTour(80, disagreements);

        assertThat(text).doesNotContain("\u001b");
    }

    /** Prose, banner and headings keep within an 80-column terminal. */
    @Test
    void proseFitsIn80Columns() {
        int[] disagreements = {-1};
        String text = printTour(80, disagreements);

        text.lines().filter(line -> !line.startsWith("  ")) // indented code and outcome lines are never cut
                .forEach(line -> assertThat(line.length()).as(line).isLessThanOrEqualTo(80));
    }

    /** The width comes from $COLUMNS when it is a number, else 80; never under 40. */
    @Test
    void terminalWidthComesFromColumns() {
        assertThat(Tour.terminalWidth(null)).isEqualTo(80);
        assertThat(Tour.terminalWidth("120")).isEqualTo(120);
        assertThat(Tour.terminalWidth(" 100 ")).isEqualTo(100);
        assertThat(Tour.terminalWidth("wide")).isEqualTo(80);
        assertThat(Tour.terminalWidth("10")).isEqualTo(40);
    }

    private static int count(String text, String what) {
        Matcher m = Pattern.compile(Pattern.quote(what)).matcher(text);
        int n = 0;
        while (m.find()) {
            n++;
        }
        return n;
    }
}
