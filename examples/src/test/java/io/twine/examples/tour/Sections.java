package io.twine.examples.tour;

import io.twine.examples.Tour;
import java.util.stream.Stream;
import org.junit.jupiter.params.provider.Arguments;

/** Argument sources shared by the parameterised tour tests. */
final class Sections {
    private Sections() {
    }

    /** Every section of the tour. */
    static Stream<Arguments> every() {
        return Tour.sections().stream().map(s -> Arguments.of(Named.of(s)));
    }

    /** Every section with every combination of failing steps: success, failure at each step, and more. */
    static Stream<Arguments> everyWithEveryInput() {
        return Tour.sections().stream().flatMap(s -> Scenario.everyCombination(s.steps()).stream()
                .map(input -> Arguments.of(Named.of(s), input)));
    }

    /** Names a section by its class in test reports. */
    static final class Named {
        static org.junit.jupiter.api.Named<TourSection> of(TourSection s) {
            return org.junit.jupiter.api.Named.of(s.getClass().getSimpleName(), s);
        }
    }
}
