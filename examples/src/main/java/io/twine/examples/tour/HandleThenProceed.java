package io.twine.examples.tour;

import io.twine.defer.Deferred;
import io.twine.task.Clock;
import java.util.List;

/**
 * Tour stop 5, handle an error, then proceed anyway: {@code addErrback(g)} followed by
 * {@code addCallback(h)}.
 */
public final class HandleThenProceed implements TourSection {

    /** Creates the section; it holds no state. */
    public HandleThenProceed() {
    }

    @Override
    public String title() {
        return "Handle an error, then carry on: addErrback(g), then addCallback(h)";
    }

    @Override
    public String explanation() {
        return "Here h must run whether f succeeded or g stepped in with a replacement value. In the chain, the "
                + "errback g comes first: if f failed, g turns the failure back into a value, so the chain is on "
                + "the success side again when it reaches h; if f succeeded, g is skipped and h gets f's value. "
                + "Either way h runs, with y. (Both g and h are asynchronous, hence the ...Deferred spellings "
                + "met in stop 2.) The order of the two adds matters: added the other way round, g "
                + "would catch h's errors instead and h would never see g's replacement (that is the next stop). "
                + "If g itself fails, h is skipped and g's error reaches the caller, as an exception thrown in a "
                + "catch block skips what follows the try.";
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
                    y = g(e);
                }
                h(y);
                """;

        void run() throws Exception {
            String y;
            try {
                y = f();
            } catch (Exception e) {
                y = g(e);
            }
            h(y);
        }
    }

    private static final class Async extends AsyncSteps {
        Async(Scenario input, Clock clock, Outcome out) {
            super(input, clock, out);
        }

        static final String CODE = """
                return f().addErrbackDeferred(this::g)
                        .addCallbackDeferred(this::h);
                """;

        Deferred<String> run() {
            return f().addErrbackDeferred(this::g)
                    .addCallbackDeferred(this::h);
        }
    }
}
