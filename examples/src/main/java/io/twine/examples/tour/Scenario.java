package io.twine.examples.tour;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * The input a tour section runs on: which of its steps fail. Both versions of a section (the
 * synchronous one and the one with Deferreds) run on the same {@code Scenario}, so their outcomes
 * can be compared line for line.
 *
 * <p>A step is named as the section names it (for example {@code "open"} or {@code "f"}); the
 * section's code asks {@link #fails} before doing the step's work and throws the step's error if it
 * is told to fail. Immutable.
 *
 * @param failing the names of the steps that fail, in the order given; empty when all succeed
 */
public record Scenario(Set<String> failing) {

    /**
     * Makes a scenario.
     *
     * @param failing the failing steps; copied, must not contain {@code null} or blank names
     * @throws NullPointerException if {@code failing} or one of its names is {@code null}
     * @throws IllegalArgumentException if a name is blank
     */
    public Scenario {
        Objects.requireNonNull(failing, "Scenario needs a set of failing steps, got null");
        for (String step : failing) {
            Objects.requireNonNull(step, "a failing step name is null");
            if (step.isBlank()) {
                throw new IllegalArgumentException("a failing step name is blank");
            }
        }
        failing = java.util.Collections.unmodifiableSet(new LinkedHashSet<>(failing));
    }

    /**
     * The scenario in which every step succeeds.
     *
     * @return a scenario with no failing step
     */
    public static Scenario allSucceed() {
        return new Scenario(Set.of());
    }

    /**
     * The scenario in which exactly the given steps fail.
     *
     * @param steps step names
     * @return the scenario
     */
    public static Scenario failing(String... steps) {
        return new Scenario(new LinkedHashSet<>(List.of(steps)));
    }

    /**
     * Every combination of failing steps, from "all succeed" to "all fail": what the tests run each
     * section on, so that failure at each step (and at several) is covered.
     *
     * @param steps the section's step names
     * @return {@code 2^n} scenarios, "all succeed" first
     * @throws IllegalArgumentException if there are more than 16 steps (the tour has a handful)
     */
    public static List<Scenario> everyCombination(Collection<String> steps) {
        List<String> names = List.copyOf(steps);
        if (names.size() > 16) {
            throw new IllegalArgumentException("too many steps to combine: " + names.size());
        }
        List<Scenario> all = new ArrayList<>();
        for (int mask = 0; mask < 1 << names.size(); mask++) {
            Set<String> failing = new LinkedHashSet<>();
            for (int i = 0; i < names.size(); i++) {
                if ((mask & 1 << i) != 0) {
                    failing.add(names.get(i));
                }
            }
            all.add(new Scenario(failing));
        }
        return all;
    }

    /**
     * Whether the named step is to fail.
     *
     * @param step a step name
     * @return {@code true} if it is one of {@link #failing()}
     */
    public boolean fails(String step) {
        return failing.contains(step);
    }

    /**
     * A short description for headings: "every step succeeds", "open fails", "f and h fail".
     *
     * @return the description
     */
    public String describe() {
        if (failing.isEmpty()) {
            return "every step succeeds";
        }
        List<String> names = List.copyOf(failing);
        if (names.size() == 1) {
            return names.get(0) + " fails";
        }
        return String.join(", ", names.subList(0, names.size() - 1)) + " and " + names.get(names.size() - 1)
                + " fail";
    }

    @Override
    public String toString() {
        return describe();
    }
}
