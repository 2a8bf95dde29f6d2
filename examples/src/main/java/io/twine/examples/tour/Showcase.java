package io.twine.examples.tour;

import java.io.PrintStream;

/**
 * A stop of the tour that shows one piece of Twine at work rather than a synchronous/asynchronous
 * pair: the seed's coroutine sections, combining Deferreds, cooperating tasks, a real event loop.
 * The tour prints its title, explanation and key code, then runs it and prints what it printed.
 *
 * <p>The key code must occur, line by line, in the source file of the class that {@link #source()}
 * names, so that it cannot drift from what runs (a test checks it).
 */
public interface Showcase {
    /**
     * The stop's heading.
     *
     * @return one line, at most 72 characters
     */
    String title();

    /**
     * What the stop shows and why it matters, in one paragraph.
     *
     * @return prose
     */
    String explanation();

    /**
     * The key lines of code, as they occur in {@link #source()}.
     *
     * @return Java code
     */
    String code();

    /**
     * The class whose source holds {@link #code()}.
     *
     * @return a class in {@code examples/src/main/java}
     */
    Class<?> source();

    /**
     * Runs the example.
     *
     * @param out where the example prints
     * @throws Exception if the example failed: the tour then reports it and exits non-zero
     */
    void run(PrintStream out) throws Exception;
}
