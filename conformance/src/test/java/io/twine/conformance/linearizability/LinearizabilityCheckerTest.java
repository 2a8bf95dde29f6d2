package io.twine.conformance.linearizability;

import static io.twine.conformance.linearizability.Op.Kind.ACQUIRE;
import static io.twine.conformance.linearizability.Op.Kind.CANCEL;
import static io.twine.conformance.linearizability.Op.Kind.FIRE;
import static io.twine.conformance.linearizability.Op.Kind.GET;
import static io.twine.conformance.linearizability.Op.Kind.PENDING_COUNT;
import static io.twine.conformance.linearizability.Op.Kind.PUT;
import static io.twine.conformance.linearizability.Op.Kind.RELEASE;
import static io.twine.conformance.linearizability.Op.Kind.TOKENS;
import static io.twine.conformance.linearizability.Op.Mark.CANCELLED;
import static io.twine.conformance.linearizability.Op.Mark.GRANTED;
import static io.twine.conformance.linearizability.Op.Mark.OK;
import static io.twine.conformance.linearizability.Op.Mark.OVERFLOW;
import static io.twine.conformance.linearizability.Op.Mark.UNDERFLOW;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The checker itself, on hand-written histories: it accepts exactly those that some real-time
 * respecting sequential run of the model explains. Times are logical; {@code [inv, resp]}.
 */
class LinearizabilityCheckerTest {
    private static final QueueModel QUEUE = new QueueModel(Integer.MAX_VALUE, Integer.MAX_VALUE);
    private static final SemaphoreModel LOCK = new SemaphoreModel(1);

    /** Builds a history; ids are given explicitly so that CANCEL and FIRE can name a handle. */
    private static final class H {
        final List<Op> ops = new ArrayList<>();

        H op(int id, int thread, Op.Kind kind, int arg, Object result, long inv, long resp) {
            ops.add(new Op(id, thread, kind, arg, result, inv, resp));
            return this;
        }

        H fire(int id, int thread, int handle, Object result, long at) {
            return op(id, thread, FIRE, handle, result, at, at);
        }

        boolean linearizableAs(Model<?> model) {
            return Linearizability.check(model, ops).isPresent();
        }
    }

    @Test
    void aSequentialFifoHistoryIsAccepted() {
        H h = new H().op(1, 0, PUT, 1, OK, 1, 2).op(2, 0, PUT, 2, OK, 3, 4)
                .op(3, 0, GET, 0, OK, 5, 6).fire(4, 0, 3, 1, 7);
        assertThat(h.linearizableAs(QUEUE)).isTrue();
    }

    @Test
    void aGetReceivingTheLaterItemIsRejected() {
        H h = new H().op(1, 0, PUT, 1, OK, 1, 2).op(2, 0, PUT, 2, OK, 3, 4)
                .op(3, 0, GET, 0, OK, 5, 6).fire(4, 0, 3, 2, 7);
        assertThat(h.linearizableAs(QUEUE)).isFalse();
    }

    /** Only real-time order makes put(1) the first item: the same results with overlapping puts are fine. */
    @Test
    void realTimeOrderDecidesWhichItemIsFirst() {
        H sequentialPuts = new H().op(1, 0, PUT, 1, OK, 1, 2).op(2, 1, PUT, 2, OK, 3, 4)
                .op(3, 2, GET, 0, OK, 5, 6).fire(4, 2, 3, 2, 7);
        H overlappingPuts = new H().op(1, 0, PUT, 1, OK, 1, 4).op(2, 1, PUT, 2, OK, 2, 3)
                .op(3, 2, GET, 0, OK, 5, 6).fire(4, 2, 3, 2, 7);
        assertThat(sequentialPuts.linearizableAs(QUEUE)).isFalse();
        assertThat(overlappingPuts.linearizableAs(QUEUE)).isTrue();
    }

    /** A waiting get is served by a later put on another thread; its Deferred fires inside that put. */
    @Test
    void aWaitingGetServedByALaterPutIsAccepted() {
        H h = new H().op(1, 0, GET, 0, OK, 1, 2).op(2, 1, PUT, 7, OK, 3, 5).fire(3, 1, 1, 7, 4);
        assertThat(h.linearizableAs(QUEUE)).isTrue();
    }

    /** A getter whose Deferred fires before any put was called had nothing to receive. */
    @Test
    void aGetFiringBeforeItsItemWasPutIsRejected() {
        H h = new H().op(1, 0, GET, 0, OK, 1, 2).fire(3, 0, 1, 7, 3).op(2, 1, PUT, 7, OK, 4, 5);
        assertThat(h.linearizableAs(QUEUE)).isFalse();
    }

    /** A put served a waiting getter whose Deferred never fired: a lost wake-up. */
    @Test
    void aServedGetterThatNeverFiresIsRejected() {
        H h = new H().op(1, 0, GET, 0, OK, 1, 2).op(2, 1, PUT, 7, OK, 3, 4);
        assertThat(h.linearizableAs(QUEUE)).isFalse();
    }

    /** A getter still waiting at the end is fine if nothing was put. */
    @Test
    void aGetterStillWaitingAtTheEndIsAcceptedIfNothingCame() {
        H h = new H().op(1, 0, GET, 0, OK, 1, 2).op(2, 1, PENDING_COUNT, 0, 0, 3, 4);
        assertThat(h.linearizableAs(QUEUE)).isTrue();
    }

    /** cancel() overlapping the put may win either way, as long as the item ends up somewhere. */
    @Test
    void aCancelRacingThePutMayWinEitherWay() {
        H cancelWon = new H().op(1, 0, GET, 0, OK, 1, 2).op(2, 1, PUT, 5, OK, 3, 8)
                .op(3, 0, CANCEL, 1, OK, 4, 7).fire(4, 0, 1, CANCELLED, 5).op(5, 0, PENDING_COUNT, 0, 1, 9, 10);
        H putWon = new H().op(1, 0, GET, 0, OK, 1, 2).op(2, 1, PUT, 5, OK, 3, 8)
                .op(3, 0, CANCEL, 1, OK, 4, 7).fire(4, 1, 1, 5, 5).op(5, 0, PENDING_COUNT, 0, 0, 9, 10);
        H itemLost = new H().op(1, 0, GET, 0, OK, 1, 2).op(2, 1, PUT, 5, OK, 3, 8)
                .op(3, 0, CANCEL, 1, OK, 4, 7).fire(4, 0, 1, CANCELLED, 5).op(5, 0, PENDING_COUNT, 0, 0, 9, 10);
        assertThat(cancelWon.linearizableAs(QUEUE)).isTrue();
        assertThat(putWon.linearizableAs(QUEUE)).isTrue();
        assertThat(itemLost.linearizableAs(QUEUE)).isFalse();
    }

    /**
     * The history DeferredQueue produced before the fix of commit 817f423: thread 0 is still
     * firing getter #1 (inside put(1)) when thread 1's put(2) serves getter #3 and returns; a
     * later cancel of #3 took the item back and gave it to getter #6. After put(2) returned, #3
     * has its item, so the cancel must do nothing: not linearizable. The fixed behaviour (the
     * cancel fires #3 with its item) is.
     */
    @Test
    void aCancelAfterTheServingPutReturnedCannotWithdrawTheGetter() {
        H before = new H().op(1, 0, GET, 0, OK, 1, 2).op(2, 0, PUT, 1, OK, 3, 30).fire(9, 0, 1, 1, 4)
                .op(3, 1, GET, 0, OK, 5, 6).op(4, 1, PUT, 2, OK, 7, 8)
                .op(5, 2, CANCEL, 3, OK, 9, 11).fire(10, 2, 3, CANCELLED, 10)
                .op(6, 2, GET, 0, OK, 12, 13).fire(11, 2, 6, 2, 14);
        H after = new H().op(1, 0, GET, 0, OK, 1, 2).op(2, 0, PUT, 1, OK, 3, 30).fire(9, 0, 1, 1, 4)
                .op(3, 1, GET, 0, OK, 5, 6).op(4, 1, PUT, 2, OK, 7, 8)
                .op(5, 2, CANCEL, 3, OK, 9, 11).fire(10, 2, 3, 2, 10)
                .op(6, 2, GET, 0, OK, 12, 13);
        assertThat(before.linearizableAs(QUEUE)).isFalse();
        assertThat(after.linearizableAs(QUEUE)).isTrue();
    }

    @Test
    void boundedQueueOverflowMustBeJustified() {
        QueueModel sizeOne = new QueueModel(1, 1);
        H justified = new H().op(1, 0, PUT, 1, OK, 1, 2).op(2, 0, PUT, 2, OVERFLOW, 3, 4);
        H unjustified = new H().op(1, 0, PUT, 1, OVERFLOW, 1, 2);
        assertThat(justified.linearizableAs(sizeOne)).isTrue();
        assertThat(unjustified.linearizableAs(sizeOne)).isFalse();
    }

    /** A cancelled waiter must not keep a token: the release after it frees the lock. */
    @Test
    void aTokenLostToACancelledWaiterIsRejected() {
        H lost = new H().op(1, 0, ACQUIRE, 0, OK, 1, 2).fire(2, 0, 1, GRANTED, 3)
                .op(3, 1, ACQUIRE, 0, OK, 4, 5).op(4, 1, CANCEL, 3, OK, 6, 8).fire(5, 1, 3, CANCELLED, 7)
                .op(6, 0, RELEASE, 0, OK, 9, 10).op(7, 0, TOKENS, 0, 0, 11, 12);
        H kept = new H().op(1, 0, ACQUIRE, 0, OK, 1, 2).fire(2, 0, 1, GRANTED, 3)
                .op(3, 1, ACQUIRE, 0, OK, 4, 5).op(4, 1, CANCEL, 3, OK, 6, 8).fire(5, 1, 3, CANCELLED, 7)
                .op(6, 0, RELEASE, 0, OK, 9, 10).op(7, 0, TOKENS, 0, 1, 11, 12);
        assertThat(lost.linearizableAs(LOCK)).isFalse();
        assertThat(kept.linearizableAs(LOCK)).isTrue();
    }

    /** Two holders of a lock at once, without a release between: a double grant. */
    @Test
    void aDoubleGrantIsRejected() {
        H h = new H().op(1, 0, ACQUIRE, 0, OK, 1, 2).fire(2, 0, 1, GRANTED, 3)
                .op(3, 1, ACQUIRE, 0, OK, 4, 5).fire(4, 1, 3, GRANTED, 6);
        assertThat(h.linearizableAs(LOCK)).isFalse();
    }

    /** A release overlapping a waiting acquire may grant it; one that returned earlier must have. */
    @Test
    void aGrantMayComeFromAnOverlappingRelease() {
        H h = new H().op(1, 0, ACQUIRE, 0, OK, 1, 2).fire(2, 0, 1, GRANTED, 3)
                .op(3, 1, ACQUIRE, 0, OK, 4, 6).op(4, 0, RELEASE, 0, OK, 5, 8).fire(5, 0, 3, GRANTED, 7);
        assertThat(h.linearizableAs(LOCK)).isTrue();
    }

    /**
     * Six mutually overlapping puts whose items come out in reverse order: the search must try
     * (almost) every order of the puts before finding the one that explains the gets.
     */
    @Test
    void manyOverlappingPutsAreSearchedExhaustively() {
        H h = new H();
        int id = 0;
        for (int t = 0; t < 6; t++) {
            h.op(++id, t, PUT, t, OK, 1 + t, 100 + t);
        }
        for (int t = 0; t < 6; t++) {
            int get = ++id;
            h.op(get, t, GET, 0, OK, 200 + 3 * t, 201 + 3 * t).fire(++id, t, get, 5 - t, 202 + 3 * t);
        }
        assertThat(h.linearizableAs(QUEUE)).isTrue();
        h.op(++id, 0, PENDING_COUNT, 0, 1, 250, 251); // but nothing is left over
        assertThat(h.linearizableAs(QUEUE)).isFalse();
    }

    /**
     * Two threads cancel the same waiting get(); the one that loses returns at once while the
     * other's canceller still runs, so a get() after that return can still find the getter waiting
     * (here: the backlog of 1 is full). Accepted, since the withdrawal is the other cancel's.
     */
    @Test
    void aCancelOverlappingAnotherCancelOfTheSameGetterMayBeANoop() {
        QueueModel backlogOne = new QueueModel(Integer.MAX_VALUE, 1);
        H h = new H().op(1, 0, GET, 0, OK, 1, 2)
                .op(2, 1, CANCEL, 1, OK, 3, 10)     // runs the canceller, slowly
                .op(3, 2, CANCEL, 1, OK, 4, 5)      // finds it running: returns at once
                .op(4, 2, GET, 0, UNDERFLOW, 6, 7)  // the getter still waits
                .fire(5, 1, 1, CANCELLED, 9);
        assertThat(h.linearizableAs(backlogOne)).isTrue();
    }

    /** Without the overlap, a cancel that returned must have withdrawn the getter. */
    @Test
    void aCancelThatReturnedAloneMustHaveWithdrawnTheGetter() {
        QueueModel backlogOne = new QueueModel(Integer.MAX_VALUE, 1);
        H h = new H().op(1, 0, GET, 0, OK, 1, 2)
                .op(3, 2, CANCEL, 1, OK, 4, 5)
                .op(4, 2, GET, 0, UNDERFLOW, 6, 7)
                .fire(5, 1, 1, CANCELLED, 9);
        assertThat(h.linearizableAs(backlogOne)).isFalse();
    }
}
