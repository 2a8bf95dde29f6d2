package io.twine.jcstress;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

import io.twine.defer.AlreadyCalledError;
import io.twine.defer.Deferred;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Arbiter;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.III_Result;

/**
 * Two threads fire one Deferred: exactly one wins, the other gets AlreadyCalledError, and the
 * result is the winner's. r1/r2: 1 if that actor's callback() returned, 0 if it threw
 * AlreadyCalledError; r3: the final result.
 */
@JCStressTest
@Outcome(id = "1, 0, 1", expect = ACCEPTABLE, desc = "actor 1 won")
@Outcome(id = "0, 1, 2", expect = ACCEPTABLE, desc = "actor 2 won")
@Outcome(expect = FORBIDDEN, desc = "both or neither won, or the loser's value was stored")
@State
public class FiringRace {
    private final Deferred<Integer> d = new Deferred<>();

    @Actor
    public void actor1(III_Result r) {
        r.r1 = fire(1);
    }

    @Actor
    public void actor2(III_Result r) {
        r.r2 = fire(2);
    }

    private int fire(int v) {
        try {
            d.callback(v);
            return 1;
        } catch (AlreadyCalledError e) {
            return 0;
        }
    }

    @Arbiter
    public void arbiter(III_Result r) {
        r.r3 = (Integer) d.result();
    }
}
