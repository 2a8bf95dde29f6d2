package io.twine.conformance.linearizability;

import java.util.Optional;

/** Runs many recorded scenarios through the checker. */
final class Scenarios {
    private Scenarios() {
    }

    /**
     * How many random scenarios each configuration runs: {@code -Dtwine.linearizability.scenarios=N}
     * (default 600; the run stays within a few seconds per configuration).
     */
    static int count() {
        return Integer.getInteger("twine.linearizability.scenarios", 600);
    }

    /** Records one scenario for a seed. */
    interface Recorder {
        ScenarioRunner.Recorded record(ScenarioRunner runner, long seed) throws Exception;
    }

    /** What a batch of scenarios found. */
    record Outcome(int scenarios, int events, Optional<String> violation) {
    }

    private static Outcome report(Outcome o, ScenarioRunner.Recorded last) {
        System.out.printf("linearizability: %d scenarios, %d events, %s%n", o.scenarios(), o.events(),
                last == null ? "all linearizable" : "violation in " + last.scenario());
        return o;
    }

    /**
     * Runs up to {@code n} scenarios with seeds {@code base, base+1, ...}, stopping at the first
     * history that is not linearizable.
     */
    static <S> Outcome check(Model<S> model, Recorder recorder, long base, int n) throws Exception {
        int events = 0;
        try (ScenarioRunner runner = new ScenarioRunner()) {
            for (int i = 0; i < n; i++) {
                ScenarioRunner.Recorded r = recorder.record(runner, base + i);
                events += r.history().size();
                if (Linearizability.check(model, r.history()).isEmpty()) {
                    return report(new Outcome(i + 1, events, Optional.of(ScenarioRunner.describe(r))), r);
                }
            }
        }
        return report(new Outcome(n, events, Optional.empty()), null);
    }
}
