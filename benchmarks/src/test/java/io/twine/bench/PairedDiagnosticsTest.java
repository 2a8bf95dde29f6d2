package io.twine.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Field;
import java.util.function.IntToLongFunction;
import org.junit.jupiter.api.Test;

/**
 * The debug-cost comparison compares what it says: two copies of twine-core, each in its own class
 * loader, one with diagnostics available and one locked off, both computing the workloads' results.
 */
class PairedDiagnosticsTest {

    @Test
    void eachCopyHasItsOwnEngineAndOnlyTheLockedOffOneHasDiagnosticsCompiledOut() throws Exception {
        IntToLongFunction off = PairedDiagnostics.load(null, "W1");
        IntToLongFunction none = PairedDiagnostics.load("none", "W1");
        Class<?> offDeferred = off.getClass().getClassLoader().loadClass("io.twine.defer.Deferred");
        Class<?> noneDeferred = none.getClass().getClassLoader().loadClass("io.twine.defer.Deferred");
        assertThat(offDeferred).isNotSameAs(noneDeferred).isNotSameAs(io.twine.defer.Deferred.class);
        assertThat(diagnostics(offDeferred)).isTrue();
        assertThat(diagnostics(noneDeferred)).isFalse();
        assertThat(System.getProperty("twine.diagnostics")).as("the property is restored").isNull();
    }

    @Test
    void bothCopiesComputeEveryWorkloadsResult() throws Exception {
        // applyAsLong(1) sums the result's hashCode once: an Integer's hashCode is its value.
        for (String property : new String[] {null, "none"}) {
            assertThat(PairedDiagnostics.load(property, "W1").applyAsLong(1)).isEqualTo(10);
            assertThat(PairedDiagnostics.load(property, "W2").applyAsLong(1)).isEqualTo(10);
            assertThat(PairedDiagnostics.load(property, "W2One").applyAsLong(1)).isEqualTo(1);
            assertThat(PairedDiagnostics.load(property, "W3").applyAsLong(1)).isEqualTo(Stages.ERROR_PATH_RESULT);
        }
    }

    private static boolean diagnostics(Class<?> deferred) throws ReflectiveOperationException {
        Field f = deferred.getDeclaredField("DIAGNOSTICS");
        f.setAccessible(true);
        return f.getBoolean(null);
    }
}
