package io.twine.conformance.linearizability;

import io.twine.defer.CancelledError;
import io.twine.defer.Deferred;
import io.twine.defer.Failure;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Runs one random concurrent scenario against a target and records its history: 2 or 3 threads
 * released together, each doing a few random operations, each operation stamped before and after
 * from one shared atomic counter. Every Deferred a get()/acquire() returns gets a callback that
 * records its firing (and sometimes yields, to let other threads overtake the one handing out).
 * After the threads finish, a few sequential observations (counts, and draining the kept items)
 * close the history.
 */
final class ScenarioRunner implements AutoCloseable {
    private final ExecutorService pool = Executors.newFixedThreadPool(3, r -> {
        Thread t = new Thread(r, "linearizability-actor");
        t.setDaemon(true);
        return t;
    });

    /** A recorded history and what produced it, for failure messages. */
    record Recorded(String scenario, List<Op> history) {
    }

    private static final class Recording {
        final AtomicLong clock = new AtomicLong();
        final AtomicInteger ids = new AtomicInteger();
        /** Items are distinct, so the checker can tell deliveries apart. */
        final AtomicInteger items = new AtomicInteger();
        final List<Op> ops = new CopyOnWriteArrayList<>();
        /** Handles published once their get()/acquire() returned: {id, Deferred}. */
        final List<Object[]> handles = new CopyOnWriteArrayList<>();
        final ThreadLocal<Integer> thread = ThreadLocal.withInitial(() -> -1);

        long now() {
            return clock.incrementAndGet();
        }

        void record(int id, Op.Kind kind, int arg, Object result, long inv) {
            ops.add(new Op(id, thread.get(), kind, arg, result, inv, now()));
        }

        /** Records the firing of handle {@code id}; {@code grant} is what a semaphore fires with. */
        void observe(Deferred<?> d, int id, boolean isGrant) {
            d.addBoth(r -> {
                Object what;
                if (r instanceof Failure f) {
                    what = f.check(CancelledError.class) != null ? Op.Mark.CANCELLED : "F(" + f.type().getSimpleName() + ")";
                } else {
                    what = isGrant ? Op.Mark.GRANTED : r;
                }
                long t = now();
                ops.add(new Op(ids.incrementAndGet(), thread.get(), Op.Kind.FIRE, id, what, t, t));
                if (ThreadLocalRandom.current().nextInt(4) == 0) {
                    Thread.yield(); // widen the window in which this thread is still handing out
                }
                return null; // consumed: a CancelledError is expected here, not an unhandled error
            });
        }
    }

    /** One actor's script: how many operations, drawn from its own random stream. */
    private interface Actor {
        void step(Recording rec, Random rnd);
    }

    Recorded runQueue(Targets.Queue q, long seed) throws Exception {
        Recording rec = new Recording();
        Actor actor = (r, rnd) -> {
            int roll = rnd.nextInt(100);
            if (roll < 35) {
                int item = r.items.incrementAndGet();
                long inv = r.now();
                boolean ok = q.put(item);
                r.record(r.ids.incrementAndGet(), Op.Kind.PUT, item, ok ? Op.Mark.OK : Op.Mark.OVERFLOW, inv);
            } else if (roll < 70 || (roll < 85 && r.handles.isEmpty())) {
                getAndObserve(q, r);
            } else if (roll < 85) {
                cancelOne(r, rnd);
            } else if (roll < 93) {
                long inv = r.now();
                int n = q.pendingCount();
                r.record(r.ids.incrementAndGet(), Op.Kind.PENDING_COUNT, 0, n, inv);
            } else {
                long inv = r.now();
                int n = q.waitingCount();
                r.record(r.ids.incrementAndGet(), Op.Kind.WAITING_COUNT, 0, n, inv);
            }
        };
        String scenario = run(rec, actor, seed, q.toString());
        // Close with sequential observations: the counts, then every kept item in order.
        long inv = rec.now();
        int pending = q.pendingCount();
        rec.record(rec.ids.incrementAndGet(), Op.Kind.PENDING_COUNT, 0, pending, inv);
        inv = rec.now();
        rec.record(rec.ids.incrementAndGet(), Op.Kind.WAITING_COUNT, 0, q.waitingCount(), inv);
        for (int i = 0; i < pending; i++) {
            getAndObserve(q, rec);
        }
        return new Recorded(scenario, List.copyOf(rec.ops));
    }

    private static void getAndObserve(Targets.Queue q, Recording r) {
        long inv = r.now();
        Deferred<Integer> d = q.get();
        int id = r.ids.incrementAndGet();
        r.record(id, Op.Kind.GET, 0, d == null ? Op.Mark.UNDERFLOW : Op.Mark.OK, inv);
        if (d != null) {
            r.observe(d, id, false);
            r.handles.add(new Object[] {id, d});
        }
    }

    private static void cancelOne(Recording r, Random rnd) {
        Object[] h = r.handles.get(rnd.nextInt(r.handles.size()));
        long inv = r.now();
        ((Deferred<?>) h[1]).cancel();
        r.record(r.ids.incrementAndGet(), Op.Kind.CANCEL, (Integer) h[0], Op.Mark.OK, inv);
    }

    Recorded runSemaphore(Targets.Semaphore s, long seed) throws Exception {
        Recording rec = new Recording();
        Actor actor = (r, rnd) -> {
            int roll = rnd.nextInt(100);
            if (roll < 35 || (roll < 80 && roll >= 65 && r.handles.isEmpty())) {
                long inv = r.now();
                Deferred<?> d = s.acquire();
                int id = r.ids.incrementAndGet();
                r.record(id, Op.Kind.ACQUIRE, 0, Op.Mark.OK, inv);
                r.observe(d, id, true);
                r.handles.add(new Object[] {id, d});
            } else if (roll < 65) {
                long inv = r.now();
                boolean ok = s.release();
                r.record(r.ids.incrementAndGet(), Op.Kind.RELEASE, 0, ok ? Op.Mark.OK : Op.Mark.ERROR, inv);
            } else if (roll < 80) {
                cancelOne(r, rnd);
            } else if (roll < 90) {
                long inv = r.now();
                int n = s.tokens();
                r.record(r.ids.incrementAndGet(), Op.Kind.TOKENS, 0, n, inv);
            } else {
                long inv = r.now();
                int n = s.waitingCount();
                r.record(r.ids.incrementAndGet(), Op.Kind.WAITING_COUNT, 0, n, inv);
            }
        };
        String scenario = run(rec, actor, seed, s.toString());
        long inv = rec.now();
        rec.record(rec.ids.incrementAndGet(), Op.Kind.TOKENS, 0, s.tokens(), inv);
        inv = rec.now();
        rec.record(rec.ids.incrementAndGet(), Op.Kind.WAITING_COUNT, 0, s.waitingCount(), inv);
        return new Recorded(scenario, List.copyOf(rec.ops));
    }

    /** Runs 2 or 3 actors with 2 to 5 operations each, all released by one latch. */
    private String run(Recording rec, Actor actor, long seed, String target) throws Exception {
        Random rnd = new Random(seed);
        int threads = 2 + rnd.nextInt(2);
        CountDownLatch start = new CountDownLatch(1);
        List<Future<?>> done = new ArrayList<>();
        StringBuilder scenario = new StringBuilder(target + ", seed " + seed + ", ");
        for (int t = 0; t < threads; t++) {
            int index = t;
            int steps = 2 + rnd.nextInt(4);
            long actorSeed = rnd.nextLong();
            scenario.append(steps).append(t + 1 < threads ? "+" : " operations");
            done.add(pool.submit(() -> {
                rec.thread.set(index);
                Random own = new Random(actorSeed);
                start.await();
                for (int i = 0; i < steps; i++) {
                    actor.step(rec, own);
                }
                rec.thread.remove();
                return null;
            }));
        }
        start.countDown();
        for (Future<?> f : done) {
            f.get(60, TimeUnit.SECONDS);
        }
        return scenario.toString();
    }

    /** Formats a history in invocation order, for failure messages. */
    static String describe(Recorded r) {
        StringBuilder sb = new StringBuilder("not linearizable: " + r.scenario() + "\n");
        r.history().stream().sorted(java.util.Comparator.comparingLong(Op::inv))
                .forEach(o -> sb.append("  ").append(o).append('\n'));
        return sb.toString();
    }

    @Override
    public void close() {
        pool.shutdownNow();
    }
}
