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
 * One thread puts "a" then "b"; another calls get() twice. However they interleave (each get
 * finds an item or waits for one), the first getter receives "a" and the second "b", and nothing
 * is left over. r1/r2: the getters' final states; r3: pendingCount(); r4: waitingCount().
 */
@JCStressTest
@Outcome(id = "a, b, 0, 0", expect = ACCEPTABLE, desc = "FIFO: each item delivered once, in order")
@Outcome(id = "b, a, 0, 0", expect = FORBIDDEN, desc = "items reordered")
@Outcome(id = {"a, a, 0, 0", "b, b, 0, 0"}, expect = FORBIDDEN, desc = "an item delivered twice")
@Outcome(expect = FORBIDDEN, desc = "an item lost, kept while a getter waits, or anything else")
@State
public class QueueFifoPutsVersusGets {
    private final DeferredQueue<String> queue = new DeferredQueue<>();
    private Deferred<String> g1;
    private Deferred<String> g2;

    @Actor
    public void putter() {
        queue.put("a");
        queue.put("b");
    }

    @Actor
    public void getter() {
        g1 = queue.get();
        g2 = queue.get();
    }

    @Arbiter
    public void arbiter(LLLL_Result r) {
        r.r1 = Outcomes.state(g1, null);
        r.r2 = Outcomes.state(g2, null);
        r.r3 = queue.pendingCount();
        r.r4 = queue.waitingCount();
    }
}
