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
import org.openjdk.jcstress.infra.results.LLL_Result;

/**
 * One get() waits on an empty queue; one thread cancels it while another puts "x". Either the put
 * serves the getter (the cancel then does nothing) or the cancel withdraws it and the item is
 * kept. r1: the getter's state; r2: pendingCount(); r3: waitingCount().
 */
@JCStressTest
@Outcome(id = "x, 0, 0", expect = ACCEPTABLE, desc = "put first: the getter has the item, its cancel did nothing")
@Outcome(id = "cancelled, 1, 0", expect = ACCEPTABLE, desc = "cancel first: the getter withdrew, the item is kept")
@Outcome(id = "cancelled, 0, 0", expect = FORBIDDEN, desc = "lost item")
@Outcome(id = "x, 1, 0", expect = FORBIDDEN, desc = "item delivered and also kept")
@Outcome(id = {"waiting, 0, 1", "waiting, 1, 1"}, expect = FORBIDDEN, desc = "getter neither served nor cancelled")
@Outcome(expect = FORBIDDEN, desc = "anything else")
@State
public class QueueCancelVersusPut {
    private final DeferredQueue<String> queue = new DeferredQueue<>();
    private final Deferred<String> getter = queue.get();

    @Actor
    public void cancel() {
        getter.cancel();
    }

    @Actor
    public void put() {
        queue.put("x");
    }

    @Arbiter
    public void arbiter(LLL_Result r) {
        r.r1 = Outcomes.state(getter, null);
        r.r2 = queue.pendingCount();
        r.r3 = queue.waitingCount();
    }
}
