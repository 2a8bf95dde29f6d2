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
import org.openjdk.jcstress.infra.results.LLL_Result;

/**
 * A semaphore of 2 with both tokens held and two waiters, w1 first; one thread cancels w1 while a
 * holder releases. Either the release grants w1 (the cancel then does nothing) or the cancel
 * withdraws w1 and the release grants w2. No token is lost or granted twice, and a token is never
 * free while someone waits. r1: w1's state; r2: w2's state; r3: tokens().
 */
@JCStressTest
@Outcome(id = "granted, waiting, 0", expect = ACCEPTABLE, desc = "release first: w1 holds the token, its cancel did nothing")
@Outcome(id = "cancelled, granted, 0", expect = ACCEPTABLE, desc = "cancel first: w1 withdrew, the token went to w2")
@Outcome(id = "cancelled, waiting, 1", expect = FORBIDDEN, desc = "lost wake-up: the token is free while w2 waits")
@Outcome(id = "cancelled, waiting, 0", expect = FORBIDDEN, desc = "lost permit: w1 withdrew and its token vanished")
@Outcome(id = "granted, granted, 0", expect = FORBIDDEN, desc = "double grant: one release woke two waiters")
@Outcome(id = "waiting, waiting, 0", expect = FORBIDDEN, desc = "the released token reached nobody")
@Outcome(expect = FORBIDDEN, desc = "anything else")
@State
public class SemaphoreCancelVersusRelease {
    private final DeferredSemaphore sem = new DeferredSemaphore(2);
    private final Deferred<DeferredSemaphore> w1;
    private final Deferred<DeferredSemaphore> w2;

    public SemaphoreCancelVersusRelease() {
        sem.acquire();
        sem.acquire();
        w1 = sem.acquire();
        w2 = sem.acquire();
    }

    @Actor
    public void cancel() {
        w1.cancel();
    }

    @Actor
    public void release() {
        sem.release();
    }

    @Arbiter
    public void arbiter(LLL_Result r) {
        r.r1 = Outcomes.state(w1, sem);
        r.r2 = Outcomes.state(w2, sem);
        r.r3 = sem.tokens();
    }
}
