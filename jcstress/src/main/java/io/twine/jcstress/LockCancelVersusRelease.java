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
import org.openjdk.jcstress.infra.results.LL_Result;

/**
 * The lock is held and one acquire() waits; one thread cancels the waiter while the holder
 * releases. The javadoc allows exactly two endings: the release grants the waiter (the cancel
 * then does nothing, and the waiter holds the lock), or the cancel withdraws it (CancelledError)
 * and the release leaves the lock free. r1: the waiter's final state; r2: locked() at the end.
 */
@JCStressTest
@Outcome(id = "granted, true", expect = ACCEPTABLE, desc = "release first: the waiter holds the lock, cancel did nothing")
@Outcome(id = "cancelled, false", expect = ACCEPTABLE, desc = "cancel first: the waiter withdrew, the lock is free")
@Outcome(id = "cancelled, true", expect = FORBIDDEN, desc = "lost token: nobody holds the lock but it counts as locked")
@Outcome(id = "granted, false", expect = FORBIDDEN, desc = "granted without a token: double grant possible")
@Outcome(id = {"waiting, true", "waiting, false"}, expect = FORBIDDEN, desc = "waiter neither granted nor cancelled")
@Outcome(expect = FORBIDDEN, desc = "anything else")
@State
public class LockCancelVersusRelease {
    private final DeferredLock lock = new DeferredLock();
    private final Deferred<DeferredLock> waiter;

    public LockCancelVersusRelease() {
        lock.acquire();
        waiter = lock.acquire();
    }

    @Actor
    public void cancel() {
        waiter.cancel();
    }

    @Actor
    public void release() {
        lock.release();
    }

    @Arbiter
    public void arbiter(LL_Result r) {
        r.r1 = Outcomes.state(waiter, lock);
        r.r2 = lock.locked();
    }
}
