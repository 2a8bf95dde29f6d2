package io.twine.examples.tour;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * For every shape of the tour, the synchronous code and its translation with Deferreds do the same
 * steps and end the same way, whichever steps fail.
 */
class BothVersionsAgreeTest {

    /** Same outcome lines, step by step and for the caller, on every combination of failing steps. */
    @ParameterizedTest(name = "{0}: {1}")
    @MethodSource("io.twine.examples.tour.Sections#everyWithEveryInput")
    void synchronousAndDeferredVersionsPrintTheSameOutcome(TourSection section, Scenario input) {
        Comparison c = Comparison.of(section, input);

        assertThat(c.withDeferreds()).isEqualTo(c.synchronous());
        assertThat(c.agree()).isTrue();
    }

    /** Each step that runs raises exactly when the input names it, so every input exercises what it says. */
    @ParameterizedTest(name = "{0}: {1}")
    @MethodSource("io.twine.examples.tour.Sections#everyWithEveryInput")
    void eachStepRaisesExactlyWhenTheInputFailsIt(TourSection section, Scenario input) {
        Comparison c = Comparison.of(section, input);

        for (String line : c.synchronous().subList(0, c.synchronous().size() - 1)) {
            String call = line.substring(0, line.indexOf('('));
            String step = call.substring(call.lastIndexOf('.') + 1);
            assertThat(section.steps()).contains(step);
            assertThat(line.contains(" raised ")).as(line).isEqualTo(input.fails(step));
        }
        assertThat(c.synchronous().get(c.synchronous().size() - 1)).startsWith("caller: ");
    }
}
