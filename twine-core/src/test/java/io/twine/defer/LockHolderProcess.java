package io.twine.defer;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A second JVM that holds a {@link FilesystemLock}, for tests of the lock between processes.
 *
 * <p>{@link #main} takes the lock at {@code args[0]}, prints {@code locked} (or {@code busy}),
 * then waits for a line on stdin: {@code unlock} releases the lock, prints {@code unlocked} and
 * exits; end of input exits without releasing (leaving a stale lock). Tests talk to it through
 * {@link #start}, {@link #await} and {@link #send}: blocking reads of its output, no sleeping.
 */
final class LockHolderProcess implements AutoCloseable {
    private final Process process;
    private final BufferedReader out;
    private final Writer in;

    private LockHolderProcess(Process process) {
        this.process = process;
        this.out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        this.in = new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8);
    }

    public static void main(String[] args) throws IOException {
        FilesystemLock lock = new FilesystemLock(Path.of(args[0]));
        System.out.println(lock.lock() ? "locked" : "busy");
        System.out.flush();
        BufferedReader stdin = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        String line;
        while ((line = stdin.readLine()) != null) {
            if (line.equals("unlock")) {
                lock.unlock();
                System.out.println("unlocked");
                System.out.flush();
                return;
            }
        }
    }

    /** Starts the second JVM with the same java binary and the classes of this test run. */
    static LockHolderProcess start(Path lockPath) throws IOException {
        String java = ProcessHandle.current().info().command().orElseThrow(
                () -> new IllegalStateException("cannot tell which java binary runs this test"));
        String classpath = String.join(File.pathSeparator, location(LockHolderProcess.class), location(FilesystemLock.class));
        ProcessBuilder pb = new ProcessBuilder(List.of(java, "-XX:TieredStopAtLevel=1",
                "-cp", classpath, LockHolderProcess.class.getName(), lockPath.toString()));
        pb.redirectError(ProcessBuilder.Redirect.INHERIT);
        return new LockHolderProcess(pb.start());
    }

    private static String location(Class<?> c) {
        try {
            return Path.of(c.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Reads the child's next line of output, blocking until it comes (the test's timeout bounds it). */
    String await() throws IOException {
        String line = out.readLine();
        if (line == null) {
            throw new IOException("the lock-holding JVM exited early with status " + exitStatus());
        }
        return line;
    }

    void send(String line) throws IOException {
        in.write(line + "\n");
        in.flush();
    }

    long pid() {
        return process.pid();
    }

    /** Kills the child as {@code kill -9} would, and waits until it is gone. */
    void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor();
    }

    private String exitStatus() {
        try {
            return process.waitFor(10, TimeUnit.SECONDS) ? Integer.toString(process.exitValue()) : "(still running)";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "(interrupted)";
        }
    }

    @Override
    public void close() throws InterruptedException {
        kill();
    }
}
