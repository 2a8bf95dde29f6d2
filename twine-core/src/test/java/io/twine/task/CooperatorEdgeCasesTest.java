package io.twine.task;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Iterator;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Cooperator and CooperativeTask descriptions and accessors. */
class CooperatorEdgeCasesTest {

    @Test
    void toStringFollowsTheLifecycle() {
        ManualClock clock = new ManualClock();
        Cooperator c = new Cooperator(clock, Cooperator.workUnitsPerTurn(1), false);
        assertThat(c).hasToString("Cooperator[not started, tasks=0, runnable=0]");
        c.cooperate(List.of(1, 2));
        c.start();
        assertThat(c).hasToString("Cooperator[running, tasks=1, runnable=1]");
        c.stop();
        assertThat(c).hasToString("Cooperator[stopped, tasks=0, runnable=0]");
    }

    @Test
    void aTaskGivesBackItsIterator() {
        Cooperator c = new Cooperator(new ManualClock(), Cooperator.workUnitsPerTurn(1), true);
        Iterator<Integer> it = List.of(1).iterator();
        assertThat(c.cooperate(it).iterator()).isSameAs(it);
        c.stop();
    }
}
