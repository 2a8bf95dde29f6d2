package io.twine.defer;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Deferreds.toDot is the snapshot's Graphviz form. */
class DeferredsGraphTest {

    /** toDot gives a Graphviz digraph even when nothing is tracked. */
    @Test
    void toDotIsAGraphvizDigraph() {
        assertThat(Deferreds.toDot()).startsWith("digraph twine_pending {").endsWith("}\n");
    }
}
