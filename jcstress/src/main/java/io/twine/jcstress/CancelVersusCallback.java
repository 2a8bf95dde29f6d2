package io.twine.jcstress;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

import io.twine.defer.AlreadyCalledError;
import io.twine.defer.CancelledError;
import io.twine.defer.Deferred;
import io.twine.defer.Failure;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Arbiter;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.LL_Result;

/**
 * cancel() races callback() on a Deferred without canceller. Either the value wins (cancel does
 * nothing) or the cancel wins and the late callback is silently swallowed (Twisted's rule after a
 * canceller-less cancel). r1: the final result ("x" or "cancelled"); r2: what callback() did.
 */
@JCStressTest
@Outcome(id = "x, returned", expect = ACCEPTABLE, desc = "callback first; cancel did nothing")
@Outcome(id = "cancelled, returned", expect = ACCEPTABLE, desc = "cancel first; the late callback was swallowed")
@Outcome(expect = FORBIDDEN, desc = "anything else")
@State
public class CancelVersusCallback {
    private final Deferred<String> d = new Deferred<>();
    private volatile String callbackOutcome;

    @Actor
    public void cancel() {
        d.cancel();
    }

    @Actor
    public void fire() {
        try {
            d.callback("x");
            callbackOutcome = "returned";
        } catch (AlreadyCalledError e) {
            callbackOutcome = "AlreadyCalledError";
        }
    }

    @Arbiter
    public void arbiter(LL_Result r) {
        Object res = d.result();
        r.r1 = res instanceof Failure f && f.check(CancelledError.class) != null ? "cancelled" : res;
        r.r2 = callbackOutcome;
    }
}
