package io.twine.jcstress;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

import io.twine.defer.DeferredLock;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Arbiter;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.IIL_Result;

/**
 * Two threads each run() a non-atomic increment of a plain field under the lock. Mutual exclusion
 * and the happens-before edge from release to the next grant make both increments count; the
 * lock is free and nobody waits afterwards. r1: the counter; r2: waitingCount(); r3: locked().
 */
@JCStressTest
@Outcome(id = "2, 0, false", expect = ACCEPTABLE, desc = "both critical sections ran, one after the other")
@Outcome(id = {"1, 0, false", "1, 0, true"}, expect = FORBIDDEN, desc = "lost update: the critical sections overlapped or a write was not visible")
@Outcome(expect = FORBIDDEN, desc = "a critical section did not run, or the lock was left held or waited on")
@State
public class LockMutualExclusion {
    private final DeferredLock lock = new DeferredLock();
    private int counter; // deliberately plain: only the lock orders the increments

    private Object increment() {
        int c = counter;
        counter = c + 1;
        return null;
    }

    @Actor
    public void actor1() {
        lock.run(this::increment);
    }

    @Actor
    public void actor2() {
        lock.run(this::increment);
    }

    @Arbiter
    public void arbiter(IIL_Result r) {
        r.r1 = counter;
        r.r2 = lock.waitingCount();
        r.r3 = lock.locked();
    }
}
