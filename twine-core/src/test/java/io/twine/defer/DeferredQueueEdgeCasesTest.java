package io.twine.defer;

import static io.twine.defer.Results.failureResultOf;
import static io.twine.defer.Results.successResultOf;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * DeferredQueue edge cases: cancelling a getter that was served but not fired yet (a put made
 * inside another getter's callback: the cancel is too late and does nothing), the messages of the limit errors, the accessors and the
 * order of hand-offs made from callbacks.
 */
class DeferredQueueEdgeCasesTest {

    /**
     * A getter served from inside another getter's callback and cancelled before it fired still
     * gets its item: the put already took effect (in Twisted it would have fired the getter at
     * once), so the cancel does nothing and the item is delivered on the cancelling thread.
     */
    @Test
    void cancellingAServedButUnfiredGetterStillDeliversItsItem() {
        DeferredQueue<String> q = new DeferredQueue<>();
        Deferred<String> first = q.get();
        Deferred<String> second = q.get();
        List<String> seen = new ArrayList<>();
        first.addCallback(item -> {
            q.put("b");      // served to `second`, which fires only once this callback returns
            q.put("c");      // nobody waits any more: kept
            second.cancel(); // too late: `second` gets "b" now
            seen.add("second fired by the cancel: " + second.called());
            return item;
        });
        q.put("a");

        assertThat(successResultOf(first)).isEqualTo("a");
        assertThat(successResultOf(second)).isEqualTo("b");
        assertThat(seen).containsExactly("second fired by the cancel: true");
        assertThat(q.pendingCount()).isEqualTo(1);
        assertThat(q.waitingCount()).isZero();
        assertThat(successResultOf(q.get())).isEqualTo("c");
    }

    /** The cancelled served getter keeps its item, so the next waiting getter is not served. */
    @Test
    void cancellingAServedButUnfiredGetterLeavesTheNextWaiterWaiting() {
        DeferredQueue<String> q = new DeferredQueue<>();
        Deferred<String> first = q.get();
        Deferred<String> second = q.get();
        Deferred<String> third = q.get();
        first.addCallback(item -> {
            q.put("b");
            second.cancel();
            return item;
        });
        q.put("a");

        assertThat(successResultOf(second)).isEqualTo("b");
        assertThat(third.called()).isFalse();
        assertThat(q.pendingCount()).isZero();
        assertThat(q.waitingCount()).isOne();
        q.put("c");
        assertThat(successResultOf(third)).isEqualTo("c");
    }

    /** Each served getter keeps its own item whichever of them is cancelled. */
    @Test
    void cancellingOneOfSeveralServedGettersLeavesEveryoneTheirItems() {
        DeferredQueue<String> q = new DeferredQueue<>();
        Deferred<String> first = q.get();
        Deferred<String> second = q.get();
        Deferred<String> third = q.get();
        first.addCallback(item -> {
            q.put("b"); // to second
            q.put("c"); // to third
            third.cancel();
            return item;
        });
        q.put("a");

        assertThat(successResultOf(second)).isEqualTo("b");
        assertThat(successResultOf(third)).isEqualTo("c");
        assertThat(q.pendingCount()).isZero();
        assertThat(q.waitingCount()).isZero();
    }

    /** A put inside a getter's callback serves the next getter only after that callback returns. */
    @Test
    void aPutInsideAGetterCallbackFiresTheNextGetterAfterTheCallbackReturns() {
        DeferredQueue<String> q = new DeferredQueue<>();
        List<String> events = new ArrayList<>();
        q.get().addCallback(item -> {
            events.add("first got " + item);
            q.put("b");
            events.add("first returns");
            return item;
        });
        q.get().addCallback(item -> {
            events.add("second got " + item);
            return item;
        });
        q.put("a");
        assertThat(events).containsExactly("first got a", "first returns", "second got b");
    }

    /** After a hand-off run has ended, the next put fires its waiter at once (the queue is not left "handing"). */
    @Test
    void aLaterPutFiresItsWaiterAfterAnEarlierHandOffEnded() {
        DeferredQueue<String> q = new DeferredQueue<>();
        Deferred<String> first = q.get();
        q.put("a");
        assertThat(successResultOf(first)).isEqualTo("a");
        Deferred<String> second = q.get();
        q.put("b");
        assertThat(successResultOf(second)).isEqualTo("b");
    }

    /** A cancelled getter's item-less withdrawal leaves earlier and later getters in order. */
    @Test
    void cancellingAMiddleWaiterKeepsTheOthersInOrder() {
        DeferredQueue<Integer> q = new DeferredQueue<>();
        Deferred<Integer> a = q.get();
        Deferred<Integer> b = q.get();
        Deferred<Integer> c = q.get();
        b.cancel();
        q.put(1);
        q.put(2);
        assertThat(successResultOf(a)).isEqualTo(1);
        assertThat(successResultOf(c)).isEqualTo(2);
        failureResultOf(b, CancelledError.class);
    }

    /** QueueOverflow says how many items are kept and the size. */
    @Test
    void overflowMessageNamesTheCountAndTheSize() {
        DeferredQueue<String> q = new DeferredQueue<>(1, DeferredQueue.UNBOUNDED);
        q.put("a");
        assertThatThrownBy(() -> q.put("b")).isInstanceOf(QueueOverflow.class)
                .hasMessage("DeferredQueue is full: 1 items kept, size 1");
        assertThat(successResultOf(q.get())).isEqualTo("a");
        assertThat(q.pendingCount()).isZero();
    }

    /** QueueUnderflow says how many gets wait and the backlog. */
    @Test
    void underflowMessageNamesTheWaitersAndTheBacklog() {
        DeferredQueue<String> q = new DeferredQueue<>(DeferredQueue.UNBOUNDED, 2);
        Deferred<String> a = q.get();
        Deferred<String> b = q.get();
        assertThatThrownBy(q::get).isInstanceOf(QueueUnderflow.class)
                .hasMessage("DeferredQueue is empty and 2 gets already wait (backlog 2)");
        q.put("x");
        q.put("y");
        assertThat(successResultOf(a)).isEqualTo("x");
        assertThat(successResultOf(b)).isEqualTo("y");
    }

    /** Backlog 0: a get succeeds only when an item is there. */
    @Test
    void backlogZeroRefusesEveryWaitingGet() {
        DeferredQueue<String> q = new DeferredQueue<>(DeferredQueue.UNBOUNDED, 0);
        assertThatThrownBy(q::get).isInstanceOf(QueueUnderflow.class);
        assertThat(q.waitingCount()).isZero();
        q.put("a");
        assertThat(successResultOf(q.get())).isEqualTo("a");
    }

    /** Limits of exactly zero are accepted (only negative ones are refused). */
    @Test
    void zeroLimitsAreAccepted() {
        DeferredQueue<String> q = new DeferredQueue<>(0, 0);
        assertThat(q.size()).isZero();
        assertThat(q.backlog()).isZero();
    }

    /** The refusal of a negative size names the value given. */
    @Test
    void negativeSizeMessageNamesTheValue() {
        assertThatThrownBy(() -> new DeferredQueue<String>(-3, 0)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("DeferredQueue size must be >= 0 (or UNBOUNDED), got -3");
        assertThatThrownBy(() -> new DeferredQueue<String>(0, -2)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("DeferredQueue backlog must be >= 0 (or UNBOUNDED), got -2");
    }

    /** size() and backlog() report the construction limits; the default queue is unbounded. */
    @Test
    void accessorsReportTheLimits() {
        DeferredQueue<String> q = new DeferredQueue<>(3, 7);
        assertThat(q.size()).isEqualTo(3);
        assertThat(q.backlog()).isEqualTo(7);
        DeferredQueue<String> unbounded = new DeferredQueue<>();
        assertThat(unbounded.size()).isEqualTo(DeferredQueue.UNBOUNDED);
        assertThat(unbounded.backlog()).isEqualTo(DeferredQueue.UNBOUNDED);
    }

    /** toString shows the kept items and the waiting gets. */
    @Test
    void toStringShowsPendingAndWaitingCounts() {
        DeferredQueue<String> q = new DeferredQueue<>();
        assertThat(q).hasToString("DeferredQueue[pending=0, waiting=0]");
        q.get();
        q.get();
        assertThat(q).hasToString("DeferredQueue[pending=0, waiting=2]");
        q.put("a");
        q.put("b");
        q.put("c");
        assertThat(q).hasToString("DeferredQueue[pending=1, waiting=0]");
    }

    /** A kept null item comes out as null, not as the internal stand-in. */
    @Test
    void aKeptNullItemIsGivenBackAsNull() {
        DeferredQueue<Object> q = new DeferredQueue<>();
        q.put(null);
        q.put("after");
        List<Object> got = new ArrayList<>();
        q.get().addCallback(x -> got.add(x));
        q.get().addCallback(x -> got.add(x));
        assertThat(got).containsExactly(null, "after");
    }

    /** A refused Deferred item names the problem and leaves waiting getters waiting. */
    @Test
    void aRefusedDeferredItemLeavesWaitersWaiting() {
        DeferredQueue<Object> q = new DeferredQueue<>();
        Deferred<Object> waiter = q.get();
        assertThatThrownBy(() -> q.put(Deferred.succeed("x"))).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("a Deferred cannot be an item");
        assertThat(waiter.called()).isFalse();
        assertThat(q.waitingCount()).isEqualTo(1);
    }

    /** A waiting get() fired by its own caller stops waiting: the next put keeps its item. */
    @Test
    void aGetFiredByItsCallerNoLongerTakesAnItem() {
        DeferredQueue<String> q = new DeferredQueue<>();
        Deferred<String> mine = q.get();
        mine.callback("answered elsewhere");
        assertThat(q.waitingCount()).isZero();
        q.put("x");
        assertThat(successResultOf(mine)).isEqualTo("answered elsewhere");
        assertThat(q.pendingCount()).isOne();
        assertThat(successResultOf(q.get())).isEqualTo("x");
    }

    /** With another getter waiting behind it, the item goes to that getter. */
    @Test
    void aGetFiredByItsCallerIsSkippedForTheNextWaiter() {
        DeferredQueue<String> q = new DeferredQueue<>();
        Deferred<String> mine = q.get();
        Deferred<String> next = q.get();
        mine.callback("answered elsewhere");
        q.put("x");
        assertThat(successResultOf(next)).isEqualTo("x");
        assertThat(q.pendingCount()).isZero();
        assertThat(q.waitingCount()).isZero();
    }

    /** A getter fired by its caller does not count against the backlog. */
    @Test
    void aGetFiredByItsCallerFreesItsPlaceInTheBacklog() {
        DeferredQueue<String> q = new DeferredQueue<>(DeferredQueue.UNBOUNDED, 1);
        q.get().callback("answered elsewhere");
        Deferred<String> waiting = q.get(); // the backlog of 1 is free again
        q.put("x");
        assertThat(successResultOf(waiting)).isEqualTo("x");
    }

    /**
     * A getter fired by its caller while it was being served (here: from inside the callback of
     * the getter whose put served it) does not lose the item: it goes to the next getter.
     */
    @Test
    void aServedGetterFiredByItsCallerBeforeTheHandOffPassesTheItemOn() {
        DeferredQueue<String> q = new DeferredQueue<>();
        Deferred<String> first = q.get();
        Deferred<String> second = q.get();
        Deferred<String> third = q.get();
        first.addCallback(item -> {
            q.put("b");                         // served to second, fired after this returns
            second.callback("answered elsewhere");
            return item;
        });
        q.put("a");
        assertThat(successResultOf(second)).isEqualTo("answered elsewhere");
        assertThat(successResultOf(third)).isEqualTo("b");
        assertThat(q.pendingCount()).isZero();
    }

    /** The same with nobody else waiting: the item is kept for the next get(). */
    @Test
    void aServedGetterFiredByItsCallerBeforeTheHandOffLeavesTheItemKept() {
        DeferredQueue<String> q = new DeferredQueue<>();
        Deferred<String> first = q.get();
        Deferred<String> second = q.get();
        first.addCallback(item -> {
            q.put("b");
            q.put("c");
            second.callback("answered elsewhere");
            return item;
        });
        q.put("a");
        assertThat(q.pendingCount()).isEqualTo(2);
        assertThat(successResultOf(q.get())).isEqualTo("b");
        assertThat(successResultOf(q.get())).isEqualTo("c");
    }
}
