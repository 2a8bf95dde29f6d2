package io.twine.defer;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs a main class of the tests in a JVM of its own, on the class path, for behaviour fixed once
 * per JVM or that ends the JVM. Public for the tests of the other packages.
 */
public final class ChildJvm {
    private ChildJvm() {
    }

    private static String location(Class<?> c) {
        try {
            return Path.of(c.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Runs {@code main} with the JVM options {@code flags}.
     *
     * @return its output (stdout and stderr), after it exited with status 0
     */
    public static String run(Class<?> main, String... flags) throws IOException, InterruptedException {
        return run(main, 0, List.of(flags), List.of());
    }

    /**
     * Runs {@code main} with the program arguments {@code args}.
     *
     * @return its output (stdout and stderr), after it exited with {@code status}
     */
    public static String runWithArgs(Class<?> main, int status, String... args) throws IOException, InterruptedException {
        return run(main, status, List.of(), List.of(args));
    }

    private static String run(Class<?> main, int status, List<String> flags, List<String> args)
            throws IOException, InterruptedException {
        String java = ProcessHandle.current().info().command().orElseThrow();
        List<String> cmd = new ArrayList<>(List.of(java, "-XX:TieredStopAtLevel=1"));
        // Pass on this JVM's agents (a coverage run's), so that they see the child's code as well.
        ProcessHandle.current().info().arguments().ifPresent(
                a -> Arrays.stream(a).filter(s -> s.startsWith("-javaagent:")).forEach(cmd::add));
        cmd.addAll(flags);
        cmd.addAll(List.of("-cp", location(main) + File.pathSeparator + location(Deferred.class), main.getName()));
        cmd.addAll(args);
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        p.getOutputStream().close();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).as("child JVM exited").isTrue();
        assertThat(p.exitValue()).as("exit status; output:\n%s", out).isEqualTo(status);
        return out;
    }
}
