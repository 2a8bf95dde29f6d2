package io.twine.testing;

import io.twine.defer.SuspendedCoroutines;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Fails a test that leaves coroutines suspended: a {@link SuspendedCoroutines} window is open for
 * the duration of the test, and at its end (after {@code @AfterEach}, after the injected resources
 * were released, so that a stopped reactor's cancelled work has resumed its coroutines) each
 * coroutine that suspended during the test and is still waiting is a leftover, unless the test is
 * marked {@link AllowSuspendedCoroutines}.
 *
 * <p>The coroutines are not cancelled: cancelling would run their bodies (and whatever the
 * awaited Deferred's canceller does) after the test, where an error they raise would be blamed on
 * nothing. A suspended coroutine that nothing references is garbage, not a running task.
 */
final class SuspendedCoroutineJanitor implements Janitor {

    @Override
    public Watch start(ExtensionContext context) {
        SuspendedCoroutines window = SuspendedCoroutines.start();
        return () -> {
            List<SuspendedCoroutines.Suspension> left;
            try {
                left = window.suspended();
            } finally {
                window.close();
            }
            if (Annotations.allows(context, AllowSuspendedCoroutines.class)) {
                return List.of();
            }
            List<Leftover> out = new ArrayList<>();
            for (SuspendedCoroutines.Suspension s : left) {
                out.add(new Leftover(describe(s), s.site()));
            }
            return out;
        };
    }

    private static String describe(SuspendedCoroutines.Suspension s) {
        return "A coroutine was left suspended:\n" + Tracebacks.trim(s.describe())
                + "Fire or cancel the Deferred it awaits before the test ends, or mark the test "
                + "@AllowSuspendedCoroutines.";
    }
}
