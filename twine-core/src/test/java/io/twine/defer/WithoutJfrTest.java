package io.twine.defer;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** A runtime without the {@code jdk.jfr} module (a jlinked image, say): Flight Recorder events cannot be had, everything else works. */
class WithoutJfrTest {
    private static final String NO_JFR = "--limit-modules=java.base,java.logging";

    @Test
    void enablingJfrEventsFailsWithAClearErrorAndChangesNothing() throws Exception {
        String out = ChildJvm.run(WithoutJfrMain.class, NO_JFR);
        assertThat(out).contains("deferreds work")
                .contains("enable failed: JDK Flight Recorder (module jdk.jfr) is not available in this runtime")
                .contains("on after enable: []")
                .contains("reported").doesNotContain("observer"); // no half-installed JFR observer left behind
    }

    /** The start-up property must not break Deferred's class initialisation: the entry is logged and skipped. */
    @Test
    void jfrInTheStartupPropertyIsSkippedWithAWarningAndTheOtherEntriesApply() throws Exception {
        String out = ChildJvm.run(WithoutJfrMain.class, NO_JFR, "-Dtwine.diagnostics=jfr,pending");
        assertThat(out).contains("deferreds work")
                .contains("Ignoring -Dtwine.diagnostics entry 'jfr': JDK Flight Recorder (module jdk.jfr) is not available in this runtime")
                .contains("on at start-up: [PENDING]");
    }
}
