package io.twine.examples.tour;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ScenarioTest {

    /** Every combination of n steps is 2^n scenarios, all different, "all succeed" first. */
    @Test
    void everyCombinationCoversEverySubsetOnce() {
        List<Scenario> all = Scenario.everyCombination(List.of("f", "g", "h"));

        assertThat(all).hasSize(8).doesNotHaveDuplicates();
        assertThat(all.get(0)).isEqualTo(Scenario.allSucceed());
        assertThat(all).contains(Scenario.failing("f"), Scenario.failing("g"), Scenario.failing("h"),
                Scenario.failing("f", "g", "h"));
    }

    /** Only the named steps fail. */
    @Test
    void failsOnlyTheNamedSteps() {
        Scenario s = Scenario.failing("open");

        assertThat(s.fails("open")).isTrue();
        assertThat(s.fails("launch")).isFalse();
    }

    /** Descriptions read as English. */
    @Test
    void describesItselfInWords() {
        assertThat(Scenario.allSucceed().describe()).isEqualTo("every step succeeds");
        assertThat(Scenario.failing("f").describe()).isEqualTo("f fails");
        assertThat(Scenario.failing("f", "h").describe()).isEqualTo("f and h fail");
        assertThat(Scenario.failing("f", "g", "h").describe()).isEqualTo("f, g and h fail");
    }

    /** A blank or null step name is refused with a message saying so. */
    @Test
    void refusesBlankAndNullStepNames() {
        assertThatThrownBy(() -> Scenario.failing(" ")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("blank");
        assertThatThrownBy(() -> new Scenario(null)).isInstanceOf(NullPointerException.class);
    }

    /** The failing set cannot be changed after the fact. */
    @Test
    void failingStepsAreImmutable() {
        Scenario s = new Scenario(new java.util.HashSet<>(Set.of("f")));

        assertThatThrownBy(() -> s.failing().add("g")).isInstanceOf(UnsupportedOperationException.class);
    }
}
