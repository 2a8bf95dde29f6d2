package io.twine.examples.tour;

import io.twine.defer.Deferred;
import io.twine.task.Clock;
import java.util.List;

/**
 * Tour stop 6, one error handler for a multi-step operation: {@code addCallback(h)} followed by
 * {@code addErrback(g)}.
 */
public final class OneHandler implements TourSection {

    /** Creates the section; it holds no state. */
    public OneHandler() {
    }

    @Override
    public String title() {
        return "One handler for several steps: addCallback(h), then addErrback(g)";
    }

    @Override
    public String explanation() {
        return "Both steps, f and then h, sit inside one try, so one catch covers a failure in either. The "
                + "chain gets the same effect by adding the errback last: an error from f skips h (callbacks "
                + "are passed over while the chain carries a Failure) and lands in g; an error from h also lands "
                + "in g, because g comes after h. When both steps succeed, g is skipped. This is stop 5 with "
                + "the two adds swapped, and the swap is the whole difference between \"recover, then continue\" "
                + "and \"one handler for everything before it\".";
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
        return List.of("f", "h", "g");
    }

    @Override
    public List<Scenario> shownInputs() {
        return List.of(Scenario.allSucceed(), Scenario.failing("f"), Scenario.failing("h"));
    }

    @Override
    public void runSynchronously(Scenario input, Outcome out) {
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
                    String z = h(y);
                } catch (Exception e) {
                    g(e);
                }
                """;

        @SuppressWarnings("unused") // z is kept to mirror the seed's two-step operation
        void run() {
            try {
                String y = f();
                String z = h(y);
            } catch (Exception e) {
                g(e);
            }
        }
    }

    private static final class Async extends AsyncSteps {
        Async(Scenario input, Clock clock, Outcome out) {
            super(input, clock, out);
        }

        static final String CODE = """
                return f().addCallbackDeferred(this::h)
                        .addErrbackDeferred(this::g);
                """;

        Deferred<String> run() {
            return f().addCallbackDeferred(this::h)
                    .addErrbackDeferred(this::g);
        }
    }
}
