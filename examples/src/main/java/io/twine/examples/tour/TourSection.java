package io.twine.examples.tour;

import io.twine.defer.Deferred;
import io.twine.task.Clock;
import java.util.List;

/**
 * One stop of the tour: a shape of code from the seed ("Introducing Deferreds"), written once as
 * ordinary synchronous Java and once with {@link Deferred}s, with both versions runnable.
 *
 * <p>Implementations keep the text they show next to the code it describes (a snippet constant
 * right above the method whose body it is), so the two cannot drift apart; the tests check that
 * each snippet's lines really occur as code in the section's source file.
 *
 * <p>Contract for the two run methods, which {@link Comparison} relies on:
 * <ul>
 * <li>Both do the same steps ({@link #steps()}), each step failing when the {@link Scenario} says
 *     so, and write the same lines to the {@link Outcome} when they behave the same.</li>
 * <li>{@link #runSynchronously} either returns normally or throws the error that escapes the
 *     code, as the shown synchronous code would.</li>
 * <li>{@link #runWithDeferreds} returns at once with a Deferred that has <em>not</em> fired yet;
 *     its steps are scheduled on the given clock and run (on the thread that advances the clock)
 *     only as time passes. The Deferred finally fires with a value, or with a Failure for the
 *     error that escapes.</li>
 * </ul>
 */
public interface TourSection {

    /**
     * The heading of this stop, in the tour's own words.
     *
     * @return a one-line title of at most 72 characters (it is printed after a number, in 80 columns)
     */
    String title();

    /**
     * One paragraph explaining the translation: what the Deferred version does and why it behaves
     * like the synchronous one.
     *
     * @return plain text, wrapped by the printer
     */
    String explanation();

    /**
     * The synchronous Java code this stop shows.
     *
     * @return source text, one statement a line, no trailing blank lines needed
     */
    String synchronousCode();

    /**
     * The Java code with Deferreds that this stop shows.
     *
     * @return source text
     */
    String deferredCode();

    /**
     * The label of the synchronous column; sections comparing two asynchronous styles may rename it.
     *
     * @return {@code "synchronous"} unless overridden
     */
    default String synchronousLabel() {
        return "synchronous";
    }

    /**
     * The label of the Deferred column.
     *
     * @return {@code "with Deferreds"} unless overridden
     */
    default String deferredLabel() {
        return "with Deferreds";
    }

    /**
     * The names of the steps that a {@link Scenario} can make fail, in the order they run.
     *
     * @return at least one step name
     */
    List<String> steps();

    /**
     * The inputs the tour prints for this stop.
     *
     * @return by default: every step succeeds, then the first step fails
     */
    default List<Scenario> shownInputs() {
        return List.of(Scenario.allSucceed(), Scenario.failing(steps().get(0)));
    }

    /**
     * Runs the synchronous version on the calling thread.
     *
     * @param input which steps fail
     * @param out where the steps say what they did
     * @throws Exception the error that escapes the synchronous code, if any
     */
    void runSynchronously(Scenario input, Outcome out) throws Exception;

    /**
     * Starts the version with Deferreds: schedules its first step on {@code clock} and returns.
     *
     * @param input which steps fail
     * @param clock the clock on which the asynchronous steps complete
     * @param out where the steps say what they did
     * @return a Deferred, not yet fired, for the result of the whole code
     */
    Deferred<?> runWithDeferreds(Scenario input, Clock clock, Outcome out);
}
