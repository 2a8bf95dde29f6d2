package io.twine.jcstress;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

import io.twine.defer.Deferred;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Arbiter;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.L_Result;

/**
 * One thread fires while another adds a callback: every callback runs exactly once, in the order
 * added, each seeing the previous one's result. The log is "x" + "a" (added first) + "b".
 */
@JCStressTest
@Outcome(id = "xab", expect = ACCEPTABLE, desc = "both callbacks ran once, in order")
@Outcome(expect = FORBIDDEN, desc = "a callback lost, repeated or reordered")
@State
public class FireVersusAddCallback {
    private final Deferred<String> d = new Deferred<>();
    private final StringBuffer log = new StringBuffer();

    public FireVersusAddCallback() {
        d.addCallback(v -> {
            log.append(v).append('a');
            return v + "a";
        });
    }

    @Actor
    public void fire() {
        d.callback("x");
    }

    @Actor
    public void add() {
        d.addCallback(v -> {
            log.append(v.endsWith("a") ? "b" : "?");
            return v;
        });
    }

    @Arbiter
    public void arbiter(L_Result r) {
        r.r1 = log.toString();
    }
}
