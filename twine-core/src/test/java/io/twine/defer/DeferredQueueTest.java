package io.twine.defer;

import static io.twine.defer.Results.failureResultOf;
import static io.twine.defer.Results.successResultOf;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;

/** DeferredQueue, after Twisted's OtherPrimitivesTests.testQueue and its cancel tests. */
class DeferredQueueTest {

    /** A put with nobody waiting is kept; the next get has it at once. */
    @Test
    void putThenGetFiresAtOnce() {
        DeferredQueue<String> q = new DeferredQueue<>();
        q.put("a");
        assertThat(q.pendingCount()).isEqualTo(1);
        assertThat(successResultOf(q.get())).isEqualTo("a");
        assertThat(q.pendingCount()).isZero();
    }

    /** A get on an empty queue waits; a put fires it. */
    @Test
    void getWaitsForPut() {
        DeferredQueue<String> q = new DeferredQueue<>();
        Deferred<String> d = q.get();
        assertThat(d.called()).isFalse();
        assertThat(q.waitingCount()).isEqualTo(1);
        q.put("x");
        assertThat(successResultOf(d)).isEqualTo("x");
        assertThat(q.waitingCount()).isZero();
    }

    /** Items come out in put order and getters are served in get order. */
    @Test
    void itemsAndWaitersAreFifo() {
        DeferredQueue<Integer> q = new DeferredQueue<>();
        List<Deferred<Integer>> gets = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            gets.add(q.get());
        }
        for (int i = 0; i < 5; i++) {
            q.put(i);
        }
        assertThat(gets).extracting(Results::successResultOf).containsExactly(0, 1, 2);
        assertThat(successResultOf(q.get())).isEqualTo(3);
        assertThat(successResultOf(q.get())).isEqualTo(4);
    }

    /** Beyond size, put throws QueueOverflow and keeps nothing. */
    @Test
    void putBeyondSizeOverflows() {
        DeferredQueue<String> q = new DeferredQueue<>(2, DeferredQueue.UNBOUNDED);
        q.put("a");
        q.put("b");
        assertThatThrownBy(() -> q.put("c")).isInstanceOf(QueueOverflow.class);
        assertThat(q.pendingCount()).isEqualTo(2);
    }

    /** Size 0: a put succeeds only when a getter waits. */
    @Test
    void sizeZeroNeedsAWaitingGetter() {
        DeferredQueue<String> q = new DeferredQueue<>(0, DeferredQueue.UNBOUNDED);
        assertThatThrownBy(() -> q.put("a")).isInstanceOf(QueueOverflow.class);
        Deferred<String> d = q.get();
        q.put("b");
        assertThat(successResultOf(d)).isEqualTo("b");
    }

    /** Beyond backlog, get throws QueueUnderflow and adds no waiter. */
    @Test
    void getBeyondBacklogUnderflows() {
        DeferredQueue<String> q = new DeferredQueue<>(DeferredQueue.UNBOUNDED, 1);
        q.get();
        assertThatThrownBy(q::get).isInstanceOf(QueueUnderflow.class);
        assertThat(q.waitingCount()).isEqualTo(1);
    }

    /** Negative size or backlog is refused at construction. */
    @Test
    void negativeLimitsAreRefused() {
        assertThatThrownBy(() -> new DeferredQueue<String>(-1, 1)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("size");
        assertThatThrownBy(() -> new DeferredQueue<String>(1, -1)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("backlog");
    }

    /** null items are allowed. */
    @Test
    void nullItemsAreAllowed() {
        DeferredQueue<String> q = new DeferredQueue<>();
        q.put(null);
        assertThat(successResultOf(q.get())).isNull();
        Deferred<String> d = q.get();
        q.put(null);
        assertThat(successResultOf(d)).isNull();
    }

    /** A Failure put in the queue fails the getter. */
    @Test
    void aFailureItemFailsTheGetter() {
        DeferredQueue<Object> q = new DeferredQueue<>();
        Deferred<Object> d = q.get();
        q.put(new Failure(new IllegalStateException("bad item")));
        failureResultOf(d, IllegalStateException.class);
    }

    /** A Deferred cannot be put. */
    @Test
    void aDeferredItemIsRefused() {
        DeferredQueue<Object> q = new DeferredQueue<>();
        assertThatThrownBy(() -> q.put(new Deferred<String>())).isInstanceOf(IllegalArgumentException.class);
        assertThat(q.pendingCount()).isZero();
    }

    /** Cancelling a waiting get removes it; the next put goes to the next getter. */
    @Test
    void cancelWaitingGetRemovesIt() {
        DeferredQueue<String> q = new DeferredQueue<>();
        Deferred<String> first = q.get();
        Deferred<String> second = q.get();
        first.cancel();
        failureResultOf(first, CancelledError.class);
        assertThat(q.waitingCount()).isEqualTo(1);
        q.put("x");
        assertThat(successResultOf(second)).isEqualTo("x");
    }

    /** Cancelling a get that already has its item does nothing. */
    @Test
    void cancelAfterSynchronousGetDoesNothing() {
        DeferredQueue<String> q = new DeferredQueue<>();
        q.put("x");
        Deferred<String> d = q.get();
        d.cancel();
        assertThat(successResultOf(d)).isEqualTo("x");
    }

    /** A cancelled waiting get frees its place in the backlog. */
    @Test
    void cancelFreesBacklog() {
        DeferredQueue<String> q = new DeferredQueue<>(DeferredQueue.UNBOUNDED, 1);
        Deferred<String> d = q.get();
        d.cancel();
        failureResultOf(d, CancelledError.class);
        q.get();
        assertThat(q.waitingCount()).isEqualTo(1);
    }

    /** Ten thousand waiting gets are served in order; a put inside a getter's callback does not recurse. */
    @Test
    void tenThousandChainedWaitersDoNotRecurse() {
        DeferredQueue<Integer> q = new DeferredQueue<>();
        List<Integer> got = new ArrayList<>();
        for (int i = 0; i < 10_000; i++) {
            q.get().addCallback(n -> {
                got.add(n);
                if (n < 9_999) {
                    q.put(n + 1); // hands the next item to the next waiter, from inside this callback
                }
                return null;
            });
        }
        assertThat(q.waitingCount()).isEqualTo(10_000);
        q.put(0);
        assertThat(got).hasSize(10_000);
        for (int i = 0; i < 10_000; i++) {
            assertThat(got.get(i)).isEqualTo(i);
        }
        assertThat(q.waitingCount()).isZero();
        assertThat(q.pendingCount()).isZero();
    }

    /** Producers and consumers on several threads: every item is delivered exactly once. */
    @Test
    void concurrentPutsAndGetsDeliverEveryItemOnce() throws Exception {
        DeferredQueue<Integer> q = new DeferredQueue<>();
        int perThread = 1_000;
        int producers = 2;
        List<Deferred<Integer>> gets = java.util.Collections.synchronizedList(new ArrayList<>());
        CountDownLatch go = new CountDownLatch(1);
        List<Thread> ts = new ArrayList<>();
        for (int p = 0; p < producers; p++) {
            int base = p * perThread;
            ts.add(Thread.ofPlatform().start(() -> {
                await(go);
                for (int i = 0; i < perThread; i++) {
                    q.put(base + i);
                }
            }));
            ts.add(Thread.ofPlatform().start(() -> {
                await(go);
                for (int i = 0; i < perThread; i++) {
                    gets.add(q.get());
                }
            }));
        }
        go.countDown();
        for (Thread t : ts) {
            t.join();
        }
        assertThat(gets).hasSize(producers * perThread);
        boolean[] seen = new boolean[producers * perThread];
        for (Deferred<Integer> g : gets) {
            int v = successResultOf(g);
            assertThat(seen[v]).as("item " + v + " delivered twice").isFalse();
            seen[v] = true;
        }
    }

    /** Cancels racing with puts never lose an item. */
    @Test
    void cancelsRacingWithPutsLoseNoItem() throws Exception {
        for (int round = 0; round < 200; round++) {
            DeferredQueue<Integer> q = new DeferredQueue<>();
            List<Deferred<Integer>> gets = new ArrayList<>();
            for (int i = 0; i < 20; i++) {
                gets.add(q.get());
            }
            CountDownLatch go = new CountDownLatch(1);
            Thread canceller = Thread.ofPlatform().start(() -> {
                await(go);
                for (int i = 0; i < gets.size(); i += 2) {
                    gets.get(i).cancel();
                }
            });
            go.countDown();
            for (int i = 0; i < 10; i++) {
                q.put(i);
            }
            canceller.join();
            int delivered = 0;
            for (Deferred<Integer> g : gets) {
                if (g.called() && !(g.result() instanceof Failure)) {
                    delivered++;
                }
                g.addErrback(f -> null);
            }
            assertThat(delivered + q.pendingCount()).as("every item is delivered or still queued").isEqualTo(10);
        }
    }

    /** Twisted's testQueue: size 2, backlog 2, waiters served first, then kept items, then overflow. */
    @Test
    void sizeAndBacklogScenario() {
        DeferredQueue<Integer> q = new DeferredQueue<>(2, 2);
        List<Integer> gotten = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            q.get().addCallback(gotten::add);
        }
        assertThatThrownBy(q::get).isInstanceOf(QueueUnderflow.class);
        for (int i = 0; i < 2; i++) {
            q.put(i);
            assertThat(gotten).hasSize(i + 1);
        }
        q.put(2);
        q.put(3);
        assertThat(gotten).containsExactly(0, 1);
        assertThatThrownBy(() -> q.put(null)).isInstanceOf(QueueOverflow.class);
        gotten.clear();
        q.get().addCallback(gotten::add);
        q.get().addCallback(gotten::add);
        assertThat(gotten).containsExactly(2, 3);
    }

    /** After a waiting get is cancelled, a put is kept for the next get instead of going to it. */
    @Test
    void putAfterCancelledGetIsKept() {
        DeferredQueue<String> q = new DeferredQueue<>();
        Deferred<String> d = q.get();
        d.cancel();
        failureResultOf(d, CancelledError.class);
        q.put("kept");
        assertThat(q.pendingCount()).isEqualTo(1);
        assertThat(successResultOf(q.get())).isEqualTo("kept");
    }

    /**
     * A put that returned has served the oldest getter, even if another thread (busy firing an
     * earlier getter) has not fired it yet: a later cancel of that getter does nothing; it fires
     * with its item, and the item is not kept again.
     */
    @Test
    void cancelAfterAnotherThreadsPutServedTheGetterDoesNothing() throws Exception {
        DeferredQueue<String> q = new DeferredQueue<>();
        Deferred<String> first = q.get();
        Deferred<String> second = q.get();
        CountDownLatch inCallback = new CountDownLatch(1);
        CountDownLatch proceed = new CountDownLatch(1);
        first.addCallback(v -> {
            inCallback.countDown();
            await(proceed);
            return v;
        });
        Thread handing = Thread.ofPlatform().start(() -> q.put("a")); // fires first, then waits
        await(inCallback);

        q.put("b"); // serves second; the handing thread will fire it
        assertThat(q.waitingCount()).isZero();
        second.cancel();

        assertThat(successResultOf(second)).isEqualTo("b");
        assertThat(q.pendingCount()).isZero();
        proceed.countDown();
        handing.join();
        assertThat(successResultOf(first)).isEqualTo("a");
        assertThat(q.pendingCount()).isZero();
    }

    /**
     * Cancelling a served but unfired getter never hands its item to a later getter, which
     * would deliver items out of order.
     */
    @Test
    void cancelOfAServedGetterKeepsItemsInOrder() throws Exception {
        DeferredQueue<String> q = new DeferredQueue<>();
        Deferred<String> g0 = q.get();
        Deferred<String> g1 = q.get();
        Deferred<String> g2 = q.get();
        Deferred<String> g3 = q.get();
        CountDownLatch inCallback = new CountDownLatch(1);
        CountDownLatch proceed = new CountDownLatch(1);
        g0.addCallback(v -> {
            inCallback.countDown();
            await(proceed);
            return v;
        });
        Thread handing = Thread.ofPlatform().start(() -> q.put("a"));
        await(inCallback);
        q.put("b"); // g1, fired later by the handing thread
        q.put("c"); // g2, likewise

        g1.cancel();
        proceed.countDown();
        handing.join();

        assertThat(successResultOf(g1)).isEqualTo("b");
        assertThat(successResultOf(g2)).isEqualTo("c");
        assertThat(g3.called()).isFalse();
        assertThat(q.waitingCount()).isEqualTo(1);
    }

    private static void await(CountDownLatch l) {
        try {
            l.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
