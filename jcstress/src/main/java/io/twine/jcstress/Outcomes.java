package io.twine.jcstress;

import io.twine.defer.CancelledError;
import io.twine.defer.Deferred;
import io.twine.defer.Failure;

/** Names the state of a Deferred for jcstress outcome ids. */
final class Outcomes {
    private Outcomes() {
    }

    /**
     * "waiting" if unfired, "cancelled" if failed with CancelledError, "granted" if fired with
     * {@code grant} (the lock or semaphore itself), otherwise the result (a queue item), or
     * "F(type)" for any other failure.
     */
    static Object state(Deferred<?> d, Object grant) {
        if (!d.called()) {
            return "waiting";
        }
        Object r = d.result();
        if (r instanceof Failure f) {
            return f.check(CancelledError.class) != null ? "cancelled" : "F(" + f.type().getSimpleName() + ")";
        }
        return r == grant && grant != null ? "granted" : r;
    }
}
