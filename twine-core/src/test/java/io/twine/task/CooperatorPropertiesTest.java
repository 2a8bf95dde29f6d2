package io.twine.task;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.stream.IntStream;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

/** Round-robin scheduling, stated as properties over any mix of task lengths and turn budgets. */
class CooperatorPropertiesTest {

    /**
     * Units run in rounds: each round gives every live task, in the order they were added, one
     * unit; the unit in which a task finds its iterator empty ends it. Turn boundaries do not
     * change that order, and turns are as full as the budget allows.
     */
    @Property(tries = 300)
    void unitsRunInRoundsWhateverTheTurnBudget(
            @ForAll @Size(min = 1, max = 6) List<@IntRange(min = 0, max = 12) Integer> lengths,
            @ForAll @IntRange(min = 1, max = 9) int unitsPerTurn) {
        ManualClock clock = new ManualClock();
        int[] turns = {0};
        Cooperator c = new Cooperator(clock, () -> {
            turns[0]++;
            return Cooperator.workUnitsPerTurn(unitsPerTurn).get();
        }, true);
        List<String> ran = new ArrayList<>();
        for (int t = 0; t < lengths.size(); t++) {
            int task = t;
            Iterator<Integer> it = IntStream.range(0, lengths.get(t)).boxed().peek(i -> ran.add(task + ":" + i)).iterator();
            c.cooperate(it);
        }
        while (!c.tasks().isEmpty()) {
            clock.advance(Cooperator.TICK_DELAY);
        }

        assertThat(ran).isEqualTo(roundsModel(lengths));
        int units = lengths.stream().mapToInt(n -> n + 1).sum(); // +1: the unit that finds the end
        assertThat(turns[0]).isEqualTo((units + unitsPerTurn - 1) / unitsPerTurn);
        assertThat(clock.getDelayedCalls()).isEmpty();
    }

    private static List<String> roundsModel(List<Integer> lengths) {
        List<String> out = new ArrayList<>();
        for (int round = 0; round < 13; round++) {
            for (int t = 0; t < lengths.size(); t++) {
                if (round < lengths.get(t)) {
                    out.add(t + ":" + round);
                }
            }
        }
        return out;
    }
}
