package io.twine.examples.tour;

import io.twine.defer.Deferred;
import io.twine.task.Clock;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Tour stop 2, one thing after another: get the names, sort them, print them. Function
 * application as an order of execution, and its translation into a chain of callbacks.
 */
public final class SortedNames implements TourSection {

    /** Creates the section; it holds no state. */
    public SortedNames() {
    }

    @Override
    public String title() {
        return "One thing after another: get the names, sort them, print them";
    }

    @Override
    public String explanation() {
        return "Nesting calls is another way of saying \"first this, then that\": getNames() runs first, "
                + "sorted() gets its value, printing comes last. Here getNames() and sorted() are both "
                + "asynchronous and return Deferreds, so each step becomes a callback added to the chain, in the "
                + "order the steps must happen, and each callback receives what the previous step delivered. "
                + "Because sorted() itself returns a Deferred, the chain waits for it before printing; "
                + "addCallbackDeferred is the Java spelling of addCallback for such a function, which keeps "
                + "the chain's type honest (Deferred<List<String>>, not a Deferred of a Deferred). Every add "
                + "returns the same Deferred, so the calls can be chained. An error at any step skips the "
                + "remaining callbacks and reaches the caller, as an exception would skip the rest of the "
                + "nested expression.";
    }

    @Override
    public String synchronousCode() {
        return Sync.CODE;
    }

    @Override
    public String deferredCode() {
        return Async.CODE;
    }

    @Override
    public List<String> steps() {
        return List.of("getNames", "sorted", "pprint");
    }

    @Override
    public void runSynchronously(Scenario input, Outcome out) throws IOException {
        new Sync(input, out).run();
    }

    @Override
    public Deferred<?> runWithDeferreds(Scenario input, Clock clock, Outcome out) {
        return new Async(input, clock, out).run();
    }

    private static final class Sync {
        final Directory x;
        final Scenario input;
        final Outcome out;

        Sync(Scenario input, Outcome out) {
            this.x = new Directory(input, out);
            this.input = input;
            this.out = out;
        }

        static final String CODE = """
                pprint(sorted(x.getNames()));
                """;

        void run() throws IOException {
            pprint(sorted(x.getNames()));
        }

        List<String> sorted(List<String> names) {
            if (input.fails("sorted")) {
                IllegalArgumentException bad = new IllegalArgumentException("the names cannot be compared");
                out.say("sorted(" + names + ") raised " + Outcome.describe(bad));
                throw bad;
            }
            List<String> sorted = new ArrayList<>(names);
            sorted.sort(null);
            out.say("sorted(" + names + ") returned " + sorted);
            return List.copyOf(sorted);
        }

        void pprint(List<String> names) {
            if (input.fails("pprint")) {
                IllegalStateException closed = new IllegalStateException("the terminal went away");
                out.say("pprint(" + names + ") raised " + Outcome.describe(closed));
                throw closed;
            }
            out.say("pprint(" + names + ") printed " + String.join(", ", names));
        }
    }

    private static final class Async {
        final Directory.Async x;
        final Clock clock;
        final Sync steps;

        Async(Scenario input, Clock clock, Outcome out) {
            this.steps = new Sync(input, out);
            this.x = new Directory.Async(steps.x, clock);
            this.clock = clock;
        }

        static final String CODE = """
                return x.getNames()
                        .addCallbackDeferred(this::sorted)
                        .addCallback(this::pprint);
                """;

        Deferred<Void> run() {
            return x.getNames()
                    .addCallbackDeferred(this::sorted)
                    .addCallback(this::pprint);
        }

        /** Sorting done elsewhere: the sorted list arrives one clock step later. */
        Deferred<List<String>> sorted(List<String> names) {
            return Later.deferLater(clock, () -> steps.sorted(names));
        }

        /** Printing is quick and synchronous; {@code Void} because a callback must return something. */
        Void pprint(List<String> names) {
            steps.pprint(names);
            return null;
        }
    }
}
