package io.twine.jcstress;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

import io.twine.defer.Deferred;
import io.twine.defer.DeferredSemaphore;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Arbiter;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.LLLL_Result;

/**
 * A semaphore of 2 with both tokens held; one thread acquires while a holder releases. The new
 * acquire ends up holding a token either way and no token is free or waited for afterwards.
 * r1: whether acquire()'s Deferred had fired when acquire() returned; r2: its final state;
 * r3: tokens(); r4: waitingCount().
 */
@JCStressTest
@Outcome(id = "immediate, granted, 0, 0", expect = ACCEPTABLE, desc = "release first; acquire took the free token")
@Outcome(id = "queued, granted, 0, 0", expect = ACCEPTABLE, desc = "acquire first; release handed it the token")
@Outcome(id = "queued, waiting, 1, 1", expect = FORBIDDEN, desc = "lost wake-up: a token is free while the acquire waits")
@Outcome(id = "queued, waiting, 0, 1", expect = FORBIDDEN, desc = "lost permit: the released token vanished")
@Outcome(id = {"immediate, granted, 1, 0", "queued, granted, 1, 0"}, expect = FORBIDDEN, desc = "granted and the token counted free: double grant possible")
@Outcome(expect = FORBIDDEN, desc = "anything else")
@State
public class SemaphoreAcquireVersusRelease {
    private final DeferredSemaphore sem = new DeferredSemaphore(2);
    private Deferred<DeferredSemaphore> acquired;

    public SemaphoreAcquireVersusRelease() {
        sem.acquire();
        sem.acquire();
    }

    @Actor
    public void acquire(LLLL_Result r) {
        acquired = sem.acquire();
        r.r1 = acquired.called() ? "immediate" : "queued";
    }

    @Actor
    public void release() {
        sem.release();
    }

    @Arbiter
    public void arbiter(LLLL_Result r) {
        r.r2 = Outcomes.state(acquired, sem);
        r.r3 = sem.tokens();
        r.r4 = sem.waitingCount();
    }
}
