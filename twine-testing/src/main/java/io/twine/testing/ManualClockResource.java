package io.twine.testing;

import io.twine.task.DelayedCall;
import io.twine.task.ManualClock;
import java.util.List;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Injects a fresh {@link ManualClock} and fails the test if delayed calls are still pending on it
 * at the end, unless the test is marked {@link AllowPendingCalls}. Pending calls are cancelled
 * either way, so that nothing could run them later.
 */
final class ManualClockResource implements TestResource<ManualClock> {
    @Override
    public Class<ManualClock> type() {
        return ManualClock.class;
    }

    @Override
    public ManualClock create(ExtensionContext context) {
        return new ManualClock();
    }

    @Override
    public List<Leftover> finish(ManualClock clock, ExtensionContext context) {
        List<DelayedCall> pending = clock.getDelayedCalls();
        List<Leftover> out = pending.isEmpty() || Annotations.allows(context, AllowPendingCalls.class)
                ? List.of() : List.of(new Leftover(describe(clock, pending), null));
        for (DelayedCall c : pending) {
            try {
                c.cancel();
            } catch (RuntimeException alreadyGone) {
                // Run or cancelled by another thread since the snapshot: nothing left to cancel.
            }
        }
        return out;
    }

    private static String describe(ManualClock clock, List<DelayedCall> pending) {
        StringBuilder sb = new StringBuilder("The injected ManualClock (now at ")
                .append(clock.seconds()).append("s) still has ").append(pending.size())
                .append(pending.size() == 1 ? " delayed call" : " delayed calls").append(" pending:\n");
        for (DelayedCall c : pending) {
            sb.append("  due at ").append(c.getTime()).append("s: ").append(Outcome.show(c)).append('\n');
        }
        sb.append("Advance the clock until they run, cancel them, or mark the test @AllowPendingCalls.");
        return sb.toString();
    }
}
