package io.twine.examples;

import static org.assertj.core.api.Assertions.assertThat;

import io.twine.examples.tour.Showcase;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Every showcase stop of the tour runs, prints something, and shows code that is really there. */
class ShowcasesTest {
    static List<Showcase> showcases() {
        return Tour.showcases();
    }

    @ParameterizedTest
    @MethodSource("showcases")
    void showcaseRunsToItsEndAndPrints(Showcase showcase) throws Exception {
        ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        try (PrintStream out = new PrintStream(buffer, true, StandardCharsets.UTF_8)) {
            showcase.run(out);
        }
        assertThat(buffer.toString(StandardCharsets.UTF_8)).isNotBlank();
    }

    @ParameterizedTest
    @MethodSource("showcases")
    void keyCodeOccursInTheSourceLineByLine(Showcase showcase) throws IOException {
        Path file = Path.of("src/main/java", showcase.source().getName().replace('.', '/') + ".java");
        List<String> source = Files.readAllLines(file).stream().map(String::strip).toList();
        List<String> wanted = showcase.code().strip().lines().map(String::strip).toList();
        assertThat(wanted).isNotEmpty();
        assertThat(indexOf(source, wanted)).as("%s's key code in %s", showcase.title(), file).isNotNegative();
    }

    @ParameterizedTest
    @MethodSource("showcases")
    void titleAndExplanationAreThere(Showcase showcase) {
        assertThat(showcase.title()).isNotBlank().hasSizeLessThanOrEqualTo(72);
        assertThat(showcase.explanation()).isNotBlank();
    }

    private static int indexOf(List<String> haystack, List<String> needle) {
        for (int i = 0; i + needle.size() <= haystack.size(); i++) {
            if (haystack.subList(i, i + needle.size()).equals(needle)) {
                return i;
            }
        }
        return -1;
    }
}
