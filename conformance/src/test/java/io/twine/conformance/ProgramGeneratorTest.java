package io.twine.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import io.twine.defer.UnhandledErrors;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The generator's promises about the programs it writes, checked on a few thousand of them. */
class ProgramGeneratorTest {

    private boolean logging;

    @BeforeEach
    void quiet() {
        logging = UnhandledErrors.isLogging();
        UnhandledErrors.setLogging(false);
    }

    @AfterEach
    void restore() {
        UnhandledErrors.setLogging(logging);
    }

    private static List<String> programs(long seed, int count) {
        ProgramGenerator g = new ProgramGenerator(seed);
        List<String> out = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            out.add(g.next());
        }
        return out;
    }

    @Test
    void theSameSeedGivesTheSamePrograms() {
        assertThat(programs(7, 200)).isEqualTo(programs(7, 200));
        assertThat(programs(7, 200)).isNotEqualTo(programs(8, 200));
    }

    @Test
    void aboutOneProgramInFiveUsesCombinatorsOfEveryKind() {
        List<String> all = programs(1, 4000);
        long combining = all.stream().filter(p -> p.matches(".*\\b(list|gather|race) .*")).count();
        assertThat(combining).isBetween(600L, 1000L);
        for (String op : List.of("list ", "gather ", "race ", "list - ", ",")) {
            assertThat(all).as(op).anyMatch(p -> p.contains(op));
        }
    }

    @Test
    void everyProgramIsWellFormedForTheRunner() {
        for (String p : programs(2, 2000)) {
            TwineRunner.run(p); // throws IllegalArgumentException on a malformed program
        }
    }

    @Test
    void aRaceIsNeverFiredFromOutsideNorAGatherWithAValue() {
        for (String p : programs(3, 4000)) {
            String[] ops = p.split(";");
            Map<Integer, String> kinds = new HashMap<>();
            int created = 0;
            for (String op : ops) {
                String[] w = op.split(" ");
                switch (w[0]) {
                    case "new", "succeed" -> created++;
                    case "list", "gather", "race" -> kinds.put(created++, w[0]);
                    default -> { }
                }
            }
            for (String op : ops) {
                String[] w = op.split(" ");
                if (w[0].equals("fire") || w[0].equals("fail")) {
                    assertFirable(p, kinds.get(Integer.parseInt(w[1])), w[0].equals("fire"));
                }
                if (w[0].equals("chain")) {
                    String target = kinds.get(Integer.parseInt(w[2]));
                    assertThat(target).as(p).isNotIn("race", "gather");
                }
                for (String word : w) {
                    if (word.startsWith("fire:") || word.startsWith("fail:")) {
                        String[] parts = word.split(":");
                        assertFirable(p, kinds.get(Integer.parseInt(parts[1])), parts[0].equals("fire"));
                    }
                }
            }
        }
    }

    private static void assertFirable(String program, String kind, boolean success) {
        assertThat(kind).as(program).isNotEqualTo("race");
        if (success) {
            assertThat(kind).as(program).isNotEqualTo("gather");
        }
    }
}
