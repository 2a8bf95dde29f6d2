package io.twine.examples.tour;

import java.util.ArrayList;
import java.util.List;
import java.util.function.DoubleSupplier;

/**
 * What a run of a tour section did, as the lines an observer would see: each step says what it
 * did, and the caller says how the whole thing ended. The synchronous and the Deferred version of
 * a section write to their own {@code Outcome}; the tour shows both and checks they are equal.
 *
 * <p>When made with a time source (the {@link io.twine.task.Clock} of the Deferred version), each
 * line also remembers the time it was written, so tests can see that asynchronous steps happened
 * only after the clock moved. Thread-safe, although the tour only uses one thread.
 */
public final class Outcome {
    private final DoubleSupplier time;
    private final List<String> lines = new ArrayList<>();
    private final List<Double> times = new ArrayList<>();

    /** An outcome whose lines carry no time (the synchronous version). */
    public Outcome() {
        this(() -> 0.0);
    }

    /**
     * An outcome that stamps each line with the current time of {@code time}.
     *
     * @param time the time source, usually a clock's {@code seconds()}
     */
    public Outcome(DoubleSupplier time) {
        this.time = java.util.Objects.requireNonNull(time, "Outcome needs a time source, got null");
    }

    /**
     * Records one observable line.
     *
     * @param line what happened, never {@code null}
     */
    public synchronized void say(String line) {
        lines.add(java.util.Objects.requireNonNull(line, "an outcome line cannot be null"));
        times.add(time.getAsDouble());
    }

    /**
     * The lines so far.
     *
     * @return a snapshot, in the order they were said
     */
    public synchronized List<String> lines() {
        return List.copyOf(lines);
    }

    /**
     * The time each line was said, parallel to {@link #lines()}.
     *
     * @return a snapshot
     */
    public synchronized List<Double> times() {
        return List.copyOf(times);
    }

    /**
     * How the tour names an exception in an outcome line: its simple class name and message.
     *
     * @param error the exception (the original one, not a {@link io.twine.defer.Failure} wrapper)
     * @return for example {@code IOException: the disk is full}
     */
    public static String describe(Throwable error) {
        String message = error.getMessage();
        return error.getClass().getSimpleName() + (message == null ? "" : ": " + message);
    }

    /**
     * How the tour shows a value in an outcome line: strings quoted, everything else as is.
     *
     * @param value the value
     * @return its display form
     */
    public static String show(Object value) {
        return value instanceof String s ? "\"" + s + "\"" : String.valueOf(value);
    }
}
