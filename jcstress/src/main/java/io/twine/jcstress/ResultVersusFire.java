package io.twine.jcstress;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE_INTERESTING;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

import io.twine.defer.Deferred;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Arbiter;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.LL_Result;

/**
 * {@code result()} read while another thread fires: {@code result()} on a fired Deferred reads
 * without the lock (an optimistic read re-checked against the state word), so it must never see a
 * torn state: either "not fired yet" (IllegalStateException), or a result the chain really held
 * ("x" as fired, "xa" between the callbacks, "xab" at the end), never {@code null} or anything
 * else. Once both actors are done the result is "xab".
 */
@JCStressTest
@Outcome(id = "unfired, xab", expect = ACCEPTABLE, desc = "read before the firing")
@Outcome(id = "xab, xab", expect = ACCEPTABLE, desc = "read after the callbacks ran")
@Outcome(id = {"x, xab", "xa, xab"}, expect = ACCEPTABLE_INTERESTING,
        desc = "read while the firing thread ran the callbacks: a snapshot, as the javadoc allows")
@Outcome(expect = FORBIDDEN, desc = "a torn read: a value the chain never held, or a wrong final result")
@State
public class ResultVersusFire {
    private final Deferred<String> d = new Deferred<>();

    public ResultVersusFire() {
        d.addCallback(v -> v + "a").addCallback(v -> v + "b");
    }

    @Actor
    public void fire() {
        d.callback("x");
    }

    @Actor
    public void read(LL_Result r) {
        try {
            r.r1 = String.valueOf(d.result());
        } catch (IllegalStateException notFired) {
            r.r1 = "unfired";
        } catch (RuntimeException e) {
            r.r1 = e.getClass().getSimpleName();
        }
    }

    @Arbiter
    public void arbiter(LL_Result r) {
        r.r2 = String.valueOf(d.result());
    }
}
