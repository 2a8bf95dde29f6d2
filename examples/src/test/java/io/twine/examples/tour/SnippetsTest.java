package io.twine.examples.tour;

import static org.assertj.core.api.Assertions.assertThat;

import io.twine.examples.Tour;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The code the tour shows is the code it runs: each snippet's lines occur, in order and
 * contiguously, as real code in its section's source file (besides the text block that holds the
 * snippet), and each Deferred snippet uses the methods its shape is about.
 */
class SnippetsTest {

    /** The synchronous snippet is the body of code that runs (compared line by line, ignoring indentation). */
    @ParameterizedTest(name = "{0}")
    @MethodSource("io.twine.examples.tour.Sections#every")
    void synchronousSnippetIsTheCodeThatRuns(TourSection section) throws IOException {
        assertThat(occurrences(source(section), lines(section.synchronousCode())))
                .as("the snippet and the code it shows").isGreaterThanOrEqualTo(2);
    }

    /** The Deferred snippet is the body of code that runs (compared line by line, ignoring indentation). */
    @ParameterizedTest(name = "{0}")
    @MethodSource("io.twine.examples.tour.Sections#every")
    void deferredSnippetIsTheCodeThatRuns(TourSection section) throws IOException {
        assertThat(occurrences(source(section), lines(section.deferredCode())))
                .as("the snippet and the code it shows").isGreaterThanOrEqualTo(2);
    }

    /** A snippet that does not occur as code is detected (the check above can fail). */
    @Test
    void aSnippetThatIsNotCodeIsNotFound() throws IOException {
        List<String> invented = List.of("podBayDoors.open();", "pod.selfDestruct();");

        assertThat(occurrences(source(new PodBayDoors()), invented)).isZero();
    }

    /** Every section shows some code on both sides, and a title and explanation. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("io.twine.examples.tour.Sections#every")
    void everySectionHasTitleCodeAndExplanation(TourSection section) {
        assertThat(section.title()).isNotBlank().hasSizeLessThanOrEqualTo(72);
        assertThat(section.explanation()).isNotBlank();
        assertThat(lines(section.synchronousCode())).isNotEmpty();
        assertThat(lines(section.deferredCode())).isNotEmpty();
        assertThat(section.steps()).isNotEmpty();
        assertThat(section.shownInputs()).contains(Scenario.allSucceed())
                .anySatisfy(input -> assertThat(input.failing()).isNotEmpty());
    }

    /** Pod bay doors: the next line becomes addCallback. */
    @Test
    void podBayDoorsUsesAddCallbackForTheNextLine() {
        assertThat(new PodBayDoors().deferredCode()).contains("d.addCallback(ignored -> pod.launch())");
    }

    /** get_names, sorted, pprint: each function in turn becomes a callback, in call order. */
    @Test
    void sortedNamesChainsCallbacksInCallOrder() {
        String code = new SortedNames().deferredCode();
        assertThat(code).containsSubsequence("x.getNames()", "this::sorted", "this::pprint");
    }

    /** Simple failure handling: catch becomes an errback. */
    @Test
    void simpleFailureUsesAnErrback() {
        assertThat(new SimpleFailure().deferredCode()).contains("addErrbackDeferred(this::reportError)");
    }

    /** try/except/else: one addCallbacks with h as callback and g as errback. */
    @Test
    void tryExceptElseUsesAddCallbacksWithHThenG() {
        assertThat(new TryExceptElse().deferredCode()).contains("addCallbacks(this::h, this::g)");
    }

    /** Handle, then proceed: the errback comes before the callback. */
    @Test
    void handleThenProceedAddsTheErrbackBeforeTheCallback() {
        assertThat(new HandleThenProceed().deferredCode())
                .containsSubsequence("addErrbackDeferred(this::g)", "addCallbackDeferred(this::h)");
    }

    /** One handler for the whole operation: the callback comes before the errback. */
    @Test
    void oneHandlerAddsTheCallbackBeforeTheErrback() {
        assertThat(new OneHandler().deferredCode())
                .containsSubsequence("addCallbackDeferred(this::h)", "addErrbackDeferred(this::g)");
    }

    /** finally: addBoth. */
    @Test
    void finallyUsesAddBoth() {
        assertThat(new Finally().deferredCode()).contains("addBoth(this::g)");
    }

    /** The sections are in the seed's order. */
    @Test
    void tourListsTheSeedShapesInOrder() {
        assertThat(Tour.sections()).extracting(s -> s.getClass().getSimpleName()).startsWith(
                "PodBayDoors", "SortedNames", "SimpleFailure", "TryExceptElse", "HandleThenProceed",
                "OneHandler", "Finally");
    }

    private static Path source(TourSection section) {
        // Surefire runs in the module directory.
        return Path.of("src/main/java", section.getClass().getName().replace('.', '/') + ".java");
    }

    private static List<String> lines(String text) {
        return text.strip().lines().map(String::strip).toList();
    }

    /** How many times {@code wanted} occurs as consecutive lines of the file, ignoring indentation. */
    private static int occurrences(Path file, List<String> wanted) throws IOException {
        List<String> have = Files.readAllLines(file).stream().map(String::strip).toList();
        int count = 0;
        for (int i = 0; i + wanted.size() <= have.size(); i++) {
            if (have.subList(i, i + wanted.size()).equals(wanted)) {
                count++;
            }
        }
        return count;
    }
}
