package io.twine.examples.cooperating;

import io.twine.defer.Deferred;
import io.twine.task.Cooperator;
import io.twine.task.ManualClock;
import java.io.PrintStream;
import java.util.Iterator;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import java.util.stream.IntStream;
import java.util.stream.Stream;

/**
 * Tour use case: processing a large collection in slices without starving the event loop, with a
 * {@link Cooperator} (Twisted's {@code task.coiterate}).
 *
 * <p>Two jobs (summing 60,000 orders, counting active users among 40,000) share one loop with a
 * stream of incoming requests. Each job is a lazy {@code Stream}: one element is one unit of work.
 * The cooperator runs a slice of units per turn, alternating between the jobs, and hands the loop
 * back between turns, so requests are answered while the jobs run. Every 15,000 orders the orders
 * job saves a checkpoint, which takes time: it returns a Deferred, and the job waits for it without
 * blocking anything (the users job goes on meanwhile).
 *
 * <p>For comparison, the same work is then done in one callback: correct, but the loop answers
 * nothing until all 100,000 records are done.
 *
 * <p>Everything runs on the calling thread on a {@link ManualClock}; turns end after a fixed number
 * of units rather than the default 10 ms, so the output is the same on every machine.
 */
public final class SlicedProcessing {

    /** Units of work per turn. Real programs keep the default time slice (10 ms). */
    static final int UNITS_PER_TURN = 2_000;
    static final int ORDERS = 60_000;
    static final int USERS = 40_000;
    static final int CHECKPOINT_EVERY = 15_000;
    /** Clock time a checkpoint takes, and the gap between two requests, in seconds. */
    static final double CHECKPOINT_SECONDS = 0.03;
    static final double REQUEST_INTERVAL = 0.05;
    /** How far the driver moves the clock each step: one cooperator turn, plus whatever is due. */
    static final double STEP = 0.01;

    /**
     * What a run found, for the tests and the tour.
     *
     * @param orderTotal the sum of all order amounts
     * @param activeUsers the number of active users
     * @param turns cooperator turns used
     * @param requestsAnsweredWhileBusy requests answered before both jobs were done
     * @param checkpoints checkpoints saved by the orders job
     * @param longestStretchCooperating most units run without the loop getting control back
     * @param longestStretchInOneCallback the same, when all the work is one callback
     */
    public record Report(long orderTotal, long activeUsers, int turns, int requestsAnsweredWhileBusy,
                         int checkpoints, long longestStretchCooperating, long longestStretchInOneCallback) {
    }

    private final ManualClock clock = new ManualClock();
    private final PrintStream out;
    /** Units run so far; the driver looks at it between clock steps. */
    private long units;
    private long orderTotal;
    private long activeUsers;
    private int checkpoints;
    private int turns;
    private int requestsAnswered;

    private SlicedProcessing(PrintStream out) {
        this.out = out;
    }

    /**
     * Runs the example and prints what happens.
     *
     * @param out where to print
     * @return the figures of the run
     */
    public static Report run(PrintStream out) {
        return new SlicedProcessing(out).go();
    }

    /**
     * Runs the example on standard output.
     *
     * @param args ignored
     */
    public static void main(String[] args) {
        run(System.out);
    }

    // The amounts and users are made up, but fixed, so that the results can be checked.
    static int amount(int order) {
        return order % 97 + 1;
    }

    static boolean active(int user) {
        return user % 3 == 0;
    }

    private Report go() {
        out.printf("Two jobs (%,d orders, %,d users) share one loop with incoming requests.%n", ORDERS, USERS);
        out.printf("The Cooperator runs %,d units of work per turn, then lets the loop answer requests.%n%n",
                UNITS_PER_TURN);

        // Count turns by wrapping the termination predicate factory: it is called once per turn.
        Supplier<BooleanSupplier> slice = Cooperator.workUnitsPerTurn(UNITS_PER_TURN);
        Cooperator cooperator = new Cooperator(clock, () -> {
            turns++;
            return slice.get();
        }, true);

        // Each element of these streams is one unit of work; the orders job returns a Deferred
        // (a checkpoint) every CHECKPOINT_EVERY orders, and the task waits for it.
        Stream<Deferred<Void>> orders = IntStream.range(0, ORDERS).mapToObj(this::addOrder);
        Stream<Object> users = IntStream.range(0, USERS).mapToObj(this::countUser);
        Deferred<Iterator<Deferred<Void>>> ordersDone = cooperator.coiterate(orders);
        Deferred<Iterator<Object>> usersDone = cooperator.coiterate(users);
        ordersDone.addCallback(it -> note("orders job done: total %,d", orderTotal));
        usersDone.addCallback(it -> note("users job done: %,d active", activeUsers));

        answerRequestsUntil(() -> ordersDone.called() && usersDone.called());
        long longest = drive(() -> ordersDone.called() && usersDone.called());
        int answeredWhileBusy = requestsAnswered;

        out.printf("%nBoth jobs finished in %d turns. The loop answered %d requests meanwhile and never ran%n"
                + "more than %,d units of work without a break.%n", turns, answeredWhileBusy, longest);

        long inOneCallback = allInOneCallback();
        out.printf("Done in one callback instead, the same work kept the loop busy for %,d units:%n"
                + "no request could be answered until it was all over.%n", inOneCallback);

        return new Report(orderTotal, activeUsers, turns, answeredWhileBusy, checkpoints, longest, inOneCallback);
    }

    private Deferred<Void> addOrder(int order) {
        units++;
        orderTotal += amount(order);
        if ((order + 1) % CHECKPOINT_EVERY != 0) {
            return null; // an ordinary unit: the task just goes on
        }
        checkpoints++;
        note("orders: checkpoint after %,d orders; the job waits %.2fs for the save", order + 1, CHECKPOINT_SECONDS);
        Deferred<Void> saved = new Deferred<>();
        clock.callLater(CHECKPOINT_SECONDS, () -> saved.callback(null));
        return saved;
    }

    private Object countUser(int user) {
        units++;
        if (active(user)) {
            activeUsers++;
        }
        return null;
    }

    /** A request arrives every REQUEST_INTERVAL until {@code done}; each is answered at once. */
    private void answerRequestsUntil(BooleanSupplier done) {
        clock.callLater(REQUEST_INTERVAL, new Runnable() {
            @Override
            public void run() {
                if (!done.getAsBoolean()) {
                    requestsAnswered++;
                    clock.callLater(REQUEST_INTERVAL, this);
                }
            }
        });
    }

    /**
     * Moves the clock a step at a time until {@code done}, as an event loop would.
     *
     * @return the most units run within one step, i.e. without the loop getting control back
     */
    private long drive(BooleanSupplier done) {
        long longest = 0;
        while (!done.getAsBoolean()) {
            long before = units;
            clock.advance(STEP);
            longest = Math.max(longest, units - before);
        }
        return longest;
    }

    private Object note(String format, Object... args) {
        out.printf("  [t=%.2fs, turn %2d] %s%n", clock.seconds(), turns, String.format(format, args));
        return null;
    }

    /**
     * The same work as a single callback, for comparison.
     *
     * @return the units it ran without the loop getting control back
     * @throws IllegalStateException if it computed other results than the cooperating jobs
     */
    private long allInOneCallback() {
        long[] results = new long[2];
        boolean[] done = {false};
        clock.callLater(0, () -> {
            for (int o = 0; o < ORDERS; o++) {
                units++;
                results[0] += amount(o);
            }
            for (int u = 0; u < USERS; u++) {
                units++;
                if (active(u)) {
                    results[1]++;
                }
            }
            done[0] = true;
        });
        long longest = drive(() -> done[0]);
        if (results[0] != orderTotal || results[1] != activeUsers) {
            throw new IllegalStateException("the two ways of doing the work disagree");
        }
        return longest;
    }
}
