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
 * A semaphore of 2 with one token held; two threads acquire at once. Exactly one gets the last
 * token, the other waits. r1/r2: each acquire's state; r3: tokens(); r4: waitingCount().
 */
@JCStressTest
@Outcome(id = "granted, waiting, 0, 1", expect = ACCEPTABLE, desc = "actor 1 got the last token, actor 2 waits")
@Outcome(id = "waiting, granted, 0, 1", expect = ACCEPTABLE, desc = "actor 2 got the last token, actor 1 waits")
@Outcome(id = "granted, granted, 0, 0", expect = FORBIDDEN, desc = "double grant: three holders of a semaphore of 2")
@Outcome(id = "waiting, waiting, 1, 2", expect = FORBIDDEN, desc = "both wait although a token is free")
@Outcome(expect = FORBIDDEN, desc = "anything else")
@State
public class SemaphoreTwoAcquiresOneToken {
    private final DeferredSemaphore sem = new DeferredSemaphore(2);
    private Deferred<DeferredSemaphore> a1;
    private Deferred<DeferredSemaphore> a2;

    public SemaphoreTwoAcquiresOneToken() {
        sem.acquire();
    }

    @Actor
    public void actor1() {
        a1 = sem.acquire();
    }

    @Actor
    public void actor2() {
        a2 = sem.acquire();
    }

    @Arbiter
    public void arbiter(LLLL_Result r) {
        r.r1 = Outcomes.state(a1, sem);
        r.r2 = Outcomes.state(a2, sem);
        r.r3 = sem.tokens();
        r.r4 = sem.waitingCount();
    }
}
