package io.twine.examples.tour;

import io.twine.defer.Deferred;
import io.twine.task.Clock;
import java.util.List;

/**
 * Tour stop 4, handle an error but do something else on success: Python's
 * {@code try/except/else} becomes {@code addCallbacks(h, g)}.
 */
public final class TryExceptElse implements TourSection {

    /** Creates the section; it holds no state. */
    public TryExceptElse() {
    }

    @Override
    public String title() {
        return "Handle an error, or else use the value: addCallbacks(h, g)";
    }

    @Override
    public String explanation() {
        return "Java's try has no else clause, so the synchronous version leaves the catch block with return, "
                + "which keeps h(y) outside the try: g handles f's error and only f's, and an error in h goes "
                + "straight to the caller. addCallbacks(h, g) says the same thing in one step. It adds h and g as a "
                + "pair at one position of the chain: when f's Deferred fires, exactly one of the two runs, h with "
                + "the value or g with the Failure. Since g is not after h in the chain, g never sees h's errors. "
                + "Both h and g are asynchronous here; whichever runs, the chain waits for the Deferred it "
                + "returns before d fires. Compare stop 6, where g is added after h and therefore does catch h's "
                + "errors.";
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
        return List.of("f", "g", "h");
    }

    @Override
    public List<Scenario> shownInputs() {
        return List.of(Scenario.allSucceed(), Scenario.failing("f"), Scenario.failing("h"));
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
                String y;
                try {
                    y = f();
                } catch (Exception e) {
                    g(e);
                    return;
                }
                h(y);
                """;

        void run() throws Exception {
            String y;
            try {
                y = f();
            } catch (Exception e) {
                g(e);
                return;
            }
            h(y);
        }
    }

    private static final class Async extends AsyncSteps {
        Async(Scenario input, Clock clock, Outcome out) {
            super(input, clock, out);
        }

        static final String CODE = """
                Deferred<String> d = f();
                d.addCallbacks(this::h, this::g);
                return d;
                """;

        Deferred<String> run() {
            Deferred<String> d = f();
            d.addCallbacks(this::h, this::g);
            return d;
        }
    }
}
