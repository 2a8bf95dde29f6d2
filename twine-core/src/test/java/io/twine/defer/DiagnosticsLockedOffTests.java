package io.twine.defer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.File;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * {@code -Dtwine.diagnostics=none}: diagnostics locked off for the whole JVM, so that the engine's
 * checks of the switch word are constants the JIT removes. The switch is read once, in Deferred's
 * class initializer, so the behaviour of a locked-off JVM is checked in a child JVM ({@link #main}).
 */
class DiagnosticsLockedOffTests {

    @Test
    void onlyTheSpellingNoneLocksDiagnosticsOff() {
        assertThat(Instrumentation.available("none")).isFalse();
        assertThat(Instrumentation.available(" NONE ")).isFalse();
        assertThat(Instrumentation.available(null)).isTrue();
        assertThat(Instrumentation.available("")).isTrue();
        assertThat(Instrumentation.available("pending,debug")).isTrue();
    }

    @Test
    void noneCombinedWithOtherEntriesIsRejectedByName() {
        assertThatThrownBy(() -> Instrumentation.parse("none"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("none")
                .hasMessageContaining("only entry");
    }

    @Test
    void thisTestJvmHasDiagnosticsAvailable() {
        assertThat(Deferred.DIAGNOSTICS).isTrue();
    }

    @Test
    void aLockedOffJvmRunsChainsAndRefusesToTurnDiagnosticsOn() throws Exception {
        String java = ProcessHandle.current().info().command().orElseThrow();
        String classpath = String.join(File.pathSeparator, location(DiagnosticsLockedOffTests.class),
                location(Deferred.class), location(org.assertj.core.api.Assertions.class));
        Process p = new ProcessBuilder(List.of(java, "-XX:TieredStopAtLevel=1", "-Dtwine.diagnostics=none",
                "-cp", classpath, DiagnosticsLockedOffTests.class.getName()))
                .redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(out).contains("diagnostics=false", "result=3",
                "setDebugging: diagnostics are locked off for this JVM by -Dtwine.diagnostics=none",
                "enable: diagnostics are locked off", "debugging=false", "disable: ok");
        assertThat(p.exitValue()).as(out).isZero();
    }

    /** The child JVM: prints what a locked-off JVM does. */
    public static void main(String[] args) {
        System.out.println("diagnostics=" + Deferred.DIAGNOSTICS);
        Deferred<Integer> d = new Deferred<>();
        d.addCallback(x -> x + 1).addCallback(x -> x + 1);
        d.callback(1);
        System.out.println("result=" + d.result());
        try {
            Deferred.setDebugging(true);
            System.out.println("setDebugging: accepted");
        } catch (IllegalStateException e) {
            System.out.println("setDebugging: " + e.getMessage());
        }
        try {
            Deferreds.enable(Deferreds.Diagnostic.PENDING);
            System.out.println("enable: accepted");
        } catch (IllegalStateException e) {
            System.out.println("enable: " + e.getMessage());
        }
        System.out.println("debugging=" + Deferred.getDebugging());
        Deferreds.disable(Deferreds.Diagnostic.PENDING);
        System.out.println("disable: ok");
    }

    private static String location(Class<?> c) throws URISyntaxException {
        return Path.of(c.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
    }
}
