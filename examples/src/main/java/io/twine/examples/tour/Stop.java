package io.twine.examples.tour;

import java.io.PrintStream;
import java.util.Objects;

/**
 * A {@link Showcase} made of its parts, for stops whose example already has a
 * {@code run(PrintStream)}.
 *
 * @param title the heading
 * @param explanation one paragraph
 * @param code the key lines, as they occur in {@code source}
 * @param source the class whose source holds the code
 * @param runner runs the example
 */
public record Stop(String title, String explanation, String code, Class<?> source, Runner runner)
        implements Showcase {

    /** Runs an example. */
    @FunctionalInterface
    public interface Runner {
        /**
         * Runs it.
         *
         * @param out where it prints
         * @throws Exception if it failed
         */
        void run(PrintStream out) throws Exception;
    }

    /**
     * Checks the parts.
     *
     * @param title the heading
     * @param explanation one paragraph
     * @param code the key lines
     * @param source the class holding them
     * @param runner runs the example
     */
    public Stop {
        Objects.requireNonNull(title, "title");
        Objects.requireNonNull(explanation, "explanation");
        Objects.requireNonNull(code, "code");
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(runner, "runner");
    }

    @Override
    public void run(PrintStream out) throws Exception {
        runner.run(out);
    }
}
