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
 * Two get()s wait on an empty queue, g1 first; one thread cancels g1 while another puts "x".
 * Either the put serves g1 (the cancel then does nothing) or the cancel withdraws g1 and the put
 * serves g2. The item is never lost, kept while someone waits, or delivered twice.
 * r1: g1's state; r2: g2's state; r3: pendingCount(); r4: waitingCount().
 */
@JCStressTest
@Outcome(id = "x, waiting, 0, 1", expect = ACCEPTABLE, desc = "put first: g1 has the item, its cancel did nothing")
@Outcome(id = "cancelled, x, 0, 0", expect = ACCEPTABLE, desc = "cancel first: g1 withdrew, g2 has the item")
@Outcome(id = "cancelled, waiting, 1, 1", expect = FORBIDDEN, desc = "item kept while g2 waits (lost wake-up)")
@Outcome(id = "cancelled, waiting, 0, 1", expect = FORBIDDEN, desc = "lost item")
@Outcome(id = "x, x, 0, 0", expect = FORBIDDEN, desc = "item delivered twice")
@Outcome(expect = FORBIDDEN, desc = "anything else")
@State
public class QueueCancelVersusPutNextWaiter {
    private final DeferredQueue<String> queue = new DeferredQueue<>();
    private final Deferred<String> g1 = queue.get();
    private final Deferred<String> g2 = queue.get();

    @Actor
    public void cancel() {
        g1.cancel();
    }

    @Actor
    public void put() {
        queue.put("x");
    }

    @Arbiter
    public void arbiter(LLLL_Result r) {
        r.r1 = Outcomes.state(g1, null);
        r.r2 = Outcomes.state(g2, null);
        r.r3 = queue.pendingCount();
        r.r4 = queue.waitingCount();
    }
}
