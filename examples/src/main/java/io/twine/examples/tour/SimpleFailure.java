package io.twine.examples.tour;

import io.twine.defer.Deferred;
import io.twine.defer.Failure;
import io.twine.task.Clock;
import java.util.List;

/**
 * Tour stop 3, simple failure handling: {@code try}/{@code catch} becomes {@code addErrback}.
 */
public final class SimpleFailure implements TourSection {

    /** Creates the section; it holds no state. */
    public SimpleFailure() {
    }

    @Override
    public String title() {
        return "Simple failure handling: catch becomes addErrback";
    }

    @Override
    public String explanation() {
        return "An errback is the failure-side twin of a callback: it runs only when the Deferred carries an "
                + "error, and it receives that error wrapped in a Failure (value() is the original exception, "
                + "with its stack). On success it is skipped and the names pass through untouched, as the catch "
                + "block is skipped when nothing is thrown. Returning normally from the errback means \"handled\": "
                + "the chain carries on as a success (here with null, the nothing that reportError returns). "
                + "reportError is asynchronous too (it writes to a log that takes a while), so it returns a "
                + "Deferred and is added with addErrbackDeferred; if reporting itself fails, that new error "
                + "escapes, exactly as an exception thrown inside a catch block would.";
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
        return List.of("getNames", "reportError");
    }

    @Override
    public void runSynchronously(Scenario input, Outcome out) {
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
                try {
                    x.getNames();
                } catch (Exception e) {
                    reportError(e);
                }
                """;

        void run() {
            try {
                x.getNames();
            } catch (Exception e) {
                reportError(e);
            }
        }

        void reportError(Throwable e) {
            String call = "reportError(" + Outcome.describe(e) + ")";
            if (input.fails("reportError")) {
                IllegalStateException full = new IllegalStateException("the error log is full");
                out.say(call + " raised " + Outcome.describe(full));
                throw full;
            }
            out.say(call + " logged it");
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
                Deferred<List<String>> d = x.getNames();
                return d.addErrbackDeferred(this::reportError);
                """;

        Deferred<List<String>> run() {
            Deferred<List<String>> d = x.getNames();
            return d.addErrbackDeferred(this::reportError);
        }

        /**
         * Reports the failure one clock step later, then fires with {@code null}: an errback that
         * recovers with "nothing", which Java types as a Deferred of whatever the chain carries.
         */
        <T> Deferred<T> reportError(Failure failure) {
            return Later.deferLater(clock, () -> {
                steps.reportError(failure.value());
                return null;
            });
        }
    }
}
