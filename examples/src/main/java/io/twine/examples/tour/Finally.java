package io.twine.examples.tour;

import io.twine.defer.Deferred;
import io.twine.task.Clock;
import java.util.List;

/**
 * Tour stop 7, do something regardless: {@code try/finally} becomes {@code addBoth(g)}.
 */
public final class Finally implements TourSection {

    /** Creates the section; it holds no state. */
    public Finally() {
    }

    @Override
    public String title() {
        return "Do something regardless, like finally: addBoth(g)";
    }

    @Override
    public String explanation() {
        return "addBoth(g) adds g as callback and errback at once (it is addCallbacks(g, g)), so g runs whatever "
                + "f's outcome. The translation is only rough, in two ways. First, g is handed the outcome: the "
                + "value, or the Failure. Second, and easy to get wrong, whatever g returns becomes the new "
                + "outcome, so a g that returned null would quietly swallow f's error. A finally block does not "
                + "change the outcome, so this g hands back exactly what it was given, after its clean-up (a "
                + "Failure handed back keeps the chain on the failure side, and f's error still reaches the "
                + "caller). If the clean-up itself fails, its error replaces f's, in Java's finally and in the "
                + "chain alike.";
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
        return List.of("f", "g");
    }

    @Override
    public void runSynchronously(Scenario input, Outcome out) throws Exception {
        new Sync(input, out).run();
    }

    @Override
    public Deferred<?> runWithDeferreds(Scenario input, Clock clock, Outcome out) {
        return new Async(input, clock, out).run();
    }

    private static final class Sync extends Steps {
        Sync(Scenario input, Outcome out) {
            super(input, out);
        }

        static final String CODE = """
                try {
                    String y = f();
                } finally {
                    g();
                }
                """;

        @SuppressWarnings("unused") // y is kept to mirror the seed
        void run() throws Exception {
            try {
                String y = f();
            } finally {
                g();
            }
        }
    }

    private static final class Async extends AsyncSteps {
        Async(Scenario input, Clock clock, Outcome out) {
            super(input, clock, out);
        }

        static final String CODE = """
                Deferred<String> d = f();
                d.addBoth(this::g);
                return d;
                """;

        Deferred<String> run() {
            Deferred<String> d = f();
            d.addBoth(this::g);
            return d;
        }

        /**
         * The clean-up as a callback-and-errback: runs {@link Steps#g()} one clock step later, then
         * hands back the outcome it was given (a value, or the Failure, which keeps the chain failing).
         */
        Deferred<Object> g(Object resultOrFailure) {
            return Later.deferLater(clock, () -> {
                steps.g();
                return resultOrFailure;
            });
        }
    }
}
