package io.twine.jcstress;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

import io.twine.defer.Deferred;
import java.util.concurrent.atomic.AtomicInteger;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Arbiter;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.III_Result;

/**
 * One thread pauses then unpauses while another fires: the callback runs exactly once whatever
 * the interleaving, and the Deferred ends unpaused with the callback's result.
 * r1: times the callback ran; r2: paused(); r3: the result.
 */
@JCStressTest
@Outcome(id = "1, 0, 2", expect = ACCEPTABLE, desc = "ran once, unpaused, result passed on")
@Outcome(expect = FORBIDDEN, desc = "callback lost or repeated, or left paused")
@State
public class PauseUnpauseVersusFire {
    private final Deferred<Integer> d = new Deferred<>();
    private final AtomicInteger runs = new AtomicInteger();

    public PauseUnpauseVersusFire() {
        d.addCallback(v -> {
            runs.incrementAndGet();
            return v + 1;
        });
    }

    @Actor
    public void pauser() {
        d.pause();
        d.unpause();
    }

    @Actor
    public void firer() {
        d.callback(1);
    }

    @Arbiter
    public void arbiter(III_Result r) {
        r.r1 = runs.get();
        r.r2 = d.paused();
        r.r3 = (Integer) d.result();
    }
}
