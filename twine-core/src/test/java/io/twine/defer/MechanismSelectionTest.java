package io.twine.defer;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * How a JVM chooses its coroutine mechanism ({@code -Dtwine.coroutine.mechanism} and whether
 * {@code jdk.internal.vm} is exported). The choice is made once per JVM, so each case runs in a
 * JVM of its own, on the class path (Twine in the unnamed module).
 */
class MechanismSelectionTest {
    private static final String EXPORTS = "--add-exports=java.base/jdk.internal.vm=ALL-UNNAMED";

    private static String run(String... flags) throws Exception {
        return ChildJvm.run(MechanismSelectionMain.class, flags);
    }

    @Test
    void withoutTheExportAutoFallsBackAndSaysOnceWhichFlagFixesIt() throws Exception {
        String out = run();
        assertThat(out).contains("mechanism VIRTUAL_THREAD").contains("result resumed")
                .contains("Twine coroutines fall back to virtual threads because the JVM does not export jdk.internal.vm")
                .contains("Start the JVM with --add-exports java.base/jdk.internal.vm=ALL-UNNAMED to use the JDK's continuations.");
    }

    @Test
    void withTheExportAutoChoosesTheContinuation() throws Exception {
        String out = run(EXPORTS);
        assertThat(out).contains("mechanism CONTINUATION").contains("result resumed").doesNotContain("virtual threads");
    }

    @Test
    void askingForTheContinuationWithoutTheExportIsAnErrorNamingTheFlag() throws Exception {
        String out = run("-Dtwine.coroutine.mechanism=continuation");
        assertThat(out).contains("error java.lang.IllegalStateException: -Dtwine.coroutine.mechanism=continuation, "
                + "but the continuation is unavailable (").contains("); start the JVM with --add-exports "
                + "java.base/jdk.internal.vm=ALL-UNNAMED");
    }

    @Test
    void askingForTheContinuationWithTheExportGetsIt() throws Exception {
        assertThat(run(EXPORTS, "-Dtwine.coroutine.mechanism=Continuation")).contains("mechanism CONTINUATION");
    }

    @Test
    void anUnknownMechanismIsRefusedWithTheChoices() throws Exception {
        assertThat(run("-Dtwine.coroutine.mechanism=green-threads")).contains("error java.lang.IllegalArgumentException: "
                + "-Dtwine.coroutine.mechanism must be auto, continuation or virtual-thread, got 'green-threads'");
    }

    /** Measurements compare mechanisms: the continuation stays reachable even when the fallback is forced. */
    @Test
    void theContinuationIsOfferedForMeasurementsWhenExported() {
        assertThat(CoroutineFibers.continuationsOrNull()).isNotNull()
                .extracting(CoroutineFiber.Factory::mechanism).isEqualTo(CoroutineMechanism.CONTINUATION);
    }
}
