package io.twine.examples.combining;

import io.twine.defer.Deferred;
import io.twine.defer.DeferredQueue;
import io.twine.task.LoopingCall;
import io.twine.task.ManualClock;
import io.twine.task.Task;
import java.io.PrintStream;

/**
 * Tour: a producer and a consumer joined by a {@link DeferredQueue}.
 *
 * <p>The producer is a {@link LoopingCall} that puts a job in the queue every second. The
 * consumer asks the queue for the next job with {@link DeferredQueue#get()}, which returns a
 * Deferred: it fires at once if a job is waiting and otherwise when one is put. Each job takes the
 * consumer 1.5 seconds, so jobs pile up in the queue until the producer stops; a {@code null} job
 * tells the consumer to finish. Nothing blocks, and everything runs on one {@link ManualClock}.
 */
public final class ProducerConsumer {
    private static final int JOBS = 4;

    private final ManualClock clock = new ManualClock();
    private final DeferredQueue<String> queue = new DeferredQueue<>();
    private final LoopingCall producer = new LoopingCall(clock, this::produce);
    private PrintStream out;
    private int produced;

    /** Creates the example. */
    public ProducerConsumer() {
    }

    /**
     * Runs the example.
     *
     * @param out where to print what happens
     */
    public void run(PrintStream out) {
        this.out = out;
        out.println("== Producer and consumer: DeferredQueue ==");
        // The consumer starts first and waits on an empty queue; the producer then feeds it.
        consume(0).addCallback(count -> {
            out.printf("t=%.1f  consumer finished after %d jobs%n", clock.seconds(), count);
            return null;
        });
        producer.start(1.0).addCallback(loop -> {
            out.printf("t=%.1f  producer stopped; putting the end marker%n", clock.seconds());
            queue.put(null);
            return null;
        });
        for (int i = 0; i < 16; i++) {
            clock.advance(0.5);
        }
    }

    /** One producer tick: put a job, or stop the loop when all are out. */
    private Object produce() {
        String job = "job" + (++produced);
        out.printf("t=%.1f  put %s%n", clock.seconds(), job);
        queue.put(job);
        if (queue.pendingCount() > 0) {
            out.printf("t=%.1f  the queue now holds %d job(s) nobody has asked for yet%n",
                    clock.seconds(), queue.pendingCount());
        }
        if (produced == JOBS) {
            // Stopping from inside the function: the Deferred from start() fires once we return.
            producer.stop();
        }
        return null;
    }

    /** Takes jobs until the end marker; the Deferred fires with how many were done. */
    private Deferred<Integer> consume(int done) {
        return queue.get().addCallbackDeferred(job -> {
            if (job == null) {
                return Deferred.succeed(done);
            }
            out.printf("t=%.1f  got %s, working on it%n", clock.seconds(), job);
            return Task.deferLater(clock, 1.5, () -> {
                out.printf("t=%.1f  finished %s%n", clock.seconds(), job);
                return null;
            }).addCallbackDeferred(ignored -> consume(done + 1));
        });
    }

    /**
     * Runs the example on standard output.
     *
     * @param args ignored
     */
    public static void main(String[] args) {
        new ProducerConsumer().run(System.out);
    }
}
