package io.twine.testing;

import io.twine.defer.UnhandledError;
import io.twine.defer.UnhandledErrorRecording;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Fails a test that left a Deferred error unhandled, deterministically: an
 * {@link UnhandledErrorRecording} is open for the duration of the test, and at the end its flush
 * lists every failure that ended a Deferred's pass during the test and is still unconsumed (no
 * garbage collection needed), plus any unhandled-error report the garbage collector made while
 * the test ran. Errors of types the test {@linkplain AllowUnhandledErrors allows} are dropped. All
 * of them are taken, so none is logged later or blamed on another test.
 */
final class UnhandledErrorJanitor implements Janitor {

    @Override
    public Watching start(ExtensionContext context) {
        return new Watching(UnhandledErrorRecording.start(), context);
    }

    static final class Watching implements Watch {
        final UnhandledErrorRecording recording;
        private final ExtensionContext context;

        Watching(UnhandledErrorRecording recording, ExtensionContext context) {
            this.recording = recording;
            this.context = context;
        }

        @Override
        public List<Leftover> finish() {
            List<UnhandledError> lost;
            try {
                lost = recording.flush();
            } finally {
                recording.close();
            }
            return leftovers(lost, context);
        }
    }

    /** The lost errors the scope does not {@linkplain AllowUnhandledErrors allow}, as leftovers. */
    static List<Leftover> leftovers(List<UnhandledError> lost, ExtensionContext context) {
        List<Class<? extends Throwable>> allowed = Annotations.allowedErrors(context);
        List<Leftover> out = new ArrayList<>();
        for (UnhandledError e : lost) {
            if (allowed.stream().noneMatch(t -> t.isInstance(e.failure().value()))) {
                out.add(new Leftover(describe(e), e.failure().value()));
            }
        }
        return out;
    }

    private static String describe(UnhandledError e) {
        String hint = "Handle it with an errback, assert on it (failureResultOf, assertThat(d).failsWith), "
                + "or mark the test @AllowUnhandledErrors(" + e.failure().type().getSimpleName() + ".class).";
        if (e.creator() == null) {
            hint += "\nTo see where the Deferred was created, use @TwineTest(debug = true)"
                    + " or the configuration parameter " + TwineExtension.DEBUG_PARAMETER + "=true.";
        }
        return Tracebacks.trim(e.describe()) + hint;
    }
}
