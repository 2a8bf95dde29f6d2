package io.twine.jcstress;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

import io.twine.defer.Deferred;
import io.twine.defer.DeferredLock;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Arbiter;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.LLL_Result;

/**
 * The lock is held; one thread calls acquire() while the holder releases. Whichever comes first,
 * the new acquire ends up holding the lock: at once if the release came first, otherwise handed
 * on by the release. r1: whether acquire()'s Deferred had fired when acquire() returned
 * ("immediate"/"queued"); r2: its final state; r3: locked() at the end.
 */
@JCStressTest
@Outcome(id = "immediate, granted, true", expect = ACCEPTABLE, desc = "release first; acquire took the free lock")
@Outcome(id = "queued, granted, true", expect = ACCEPTABLE, desc = "acquire first; release handed it the lock")
@Outcome(id = {"queued, waiting, true", "queued, waiting, false"}, expect = FORBIDDEN, desc = "lost wake-up: the waiter was never granted")
@Outcome(id = {"immediate, granted, false", "queued, granted, false"}, expect = FORBIDDEN, desc = "granted but the lock counts as free: a double grant is possible")
@Outcome(expect = FORBIDDEN, desc = "anything else")
@State
public class LockAcquireVersusRelease {
    private final DeferredLock lock = new DeferredLock();
    private Deferred<DeferredLock> acquired;

    public LockAcquireVersusRelease() {
        lock.acquire(); // the holder whose release races
    }

    @Actor
    public void acquire(LLL_Result r) {
        acquired = lock.acquire();
        r.r1 = acquired.called() ? "immediate" : "queued";
    }

    @Actor
    public void release() {
        lock.release();
    }

    @Arbiter
    public void arbiter(LLL_Result r) {
        r.r2 = Outcomes.state(acquired, lock);
        r.r3 = lock.locked();
    }
}
