package io.twine.jcstress;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

import io.twine.defer.Deferred;
import io.twine.defer.DeferredQueue;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Arbiter;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.LLLL_Result;

/**
 * An empty queue; one thread puts "x" while another gets. The getter receives "x" either way:
 * at once if the put came first, otherwise from the put. r1: whether get()'s Deferred had fired
 * when get() returned; r2: its final state; r3: pendingCount(); r4: waitingCount().
 */
@JCStressTest
@Outcome(id = "immediate, x, 0, 0", expect = ACCEPTABLE, desc = "put first; get took the kept item")
@Outcome(id = "queued, x, 0, 0", expect = ACCEPTABLE, desc = "get first; put served the waiter")
@Outcome(id = "queued, waiting, 1, 1", expect = FORBIDDEN, desc = "lost wake-up: item kept while the getter waits")
@Outcome(id = "queued, waiting, 0, 1", expect = FORBIDDEN, desc = "lost item")
@Outcome(id = {"immediate, x, 1, 0", "queued, x, 1, 0"}, expect = FORBIDDEN, desc = "item delivered and also kept: it could be delivered twice")
@Outcome(expect = FORBIDDEN, desc = "anything else")
@State
public class QueuePutVersusGet {
    private final DeferredQueue<String> queue = new DeferredQueue<>();
    private Deferred<String> got;

    @Actor
    public void put() {
        queue.put("x");
    }

    @Actor
    public void get(LLLL_Result r) {
        got = queue.get();
        r.r1 = got.called() ? "immediate" : "queued";
    }

    @Arbiter
    public void arbiter(LLLL_Result r) {
        r.r2 = Outcomes.state(got, null);
        r.r3 = queue.pendingCount();
        r.r4 = queue.waitingCount();
    }
}
