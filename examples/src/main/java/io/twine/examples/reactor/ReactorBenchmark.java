package io.twine.examples.reactor;

import io.twine.defer.Deferred;
import io.twine.http.Agent;
import io.twine.reactor.Reactor;
import io.twine.reactor.Threads;
import java.io.PrintStream;
import java.net.URI;
import java.util.Arrays;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * A plain measured benchmark of the reactor (not JMH, not a test): callLater and callFromThread
 * throughput and HTTP requests per second against the local {@link UsersServer}. Each figure is
 * measured in several rounds after warm-up rounds; the best and the median are printed. Run it
 * with
 *
 * <pre>{@code
 * mvn -q -DskipTests package -pl examples -am
 * java -cp "examples/target/classes:$(cat examples/target/classpath.txt)" io.twine.examples.reactor.ReactorBenchmark
 * }</pre>
 *
 * (optionally with a scale factor argument, e.g. {@code 0.1} for a quick run). On a shared,
 * loaded machine expect the medians to move by tens of percent between runs.
 */
public final class ReactorBenchmark {
    private static final int WARMUP = 3;
    private static final int ROUNDS = 5;

    private ReactorBenchmark() {
    }

    /** One measured operation: runs {@code n} units of work and returns the nanoseconds taken. */
    @FunctionalInterface
    interface Round {
        long run(int n) throws Exception;
    }

    /**
     * Runs every benchmark and prints one line each.
     *
     * @param out where to print
     * @param scale multiplies the default amounts of work (1.0 for the real figures)
     * @throws Exception if a benchmark breaks
     */
    public static void run(PrintStream out, double scale) throws Exception {
        out.printf("Reactor benchmark (%d warm-up + %d measured rounds; best / median)%n", WARMUP, ROUNDS);
        Reactor reactor = Reactor.builder().name("bench").slowCallThreshold(null).build();
        Thread loop = reactor.startThread();
        try (UsersServer server = UsersServer.start(); Agent agent = Agent.create(reactor)) {
            report(out, "callLater(0) from the loop thread", "calls/s", (int) (1_000_000 * scale),
                    n -> callLaterFromLoop(reactor, n));
            report(out, "callLater(random delay <= 1 ms), heap of n", "calls/s", (int) (200_000 * scale),
                    n -> callLaterSpread(reactor, n));
            report(out, "callLater(0) chains, 1,000 timers in flight", "calls/s", (int) (1_000_000 * scale),
                    n -> windowed(reactor, n, 1_000, () -> {
                        Deferred<Object> d = new Deferred<>();
                        reactor.callLater(0, () -> d.callback(null));
                        return d;
                    }));
            report(out, "callFromThread, 1 producer thread", "calls/s", (int) (1_000_000 * scale),
                    n -> callFromThreads(reactor, n, 1));
            report(out, "callFromThread, 2 producer threads", "calls/s", (int) (1_000_000 * scale),
                    n -> callFromThreads(reactor, n, 2));
            report(out, "deferToThread round trips, 64 in flight", "calls/s", (int) (100_000 * scale),
                    n -> deferToThread(reactor, n, 64));
            URI users = server.baseUri().resolve("/users");
            report(out, "HTTP GET /users via Agent, 64 in flight", "requests/s", (int) (5_000 * scale),
                    n -> http(reactor, agent, users, n, 64));
        } finally {
            reactor.callFromThread(reactor::stop);
            loop.join();
        }
    }

    private static void report(PrintStream out, String what, String unit, int n, Round round) throws Exception {
        n = Math.max(n, 10);
        for (int i = 0; i < WARMUP; i++) {
            round.run(n);
        }
        double[] rates = new double[ROUNDS];
        for (int i = 0; i < ROUNDS; i++) {
            rates[i] = n / (round.run(n) / 1e9);
        }
        Arrays.sort(rates);
        out.printf("  %-50s %,14.0f / %,14.0f %s  (n=%,d)%n", what, rates[ROUNDS - 1], rates[ROUNDS / 2], unit, n);
    }

    private static long callLaterFromLoop(Reactor reactor, int n) throws Exception {
        return Threads.blockingCallFromThread(reactor, () -> {
            long start = System.nanoTime();
            Deferred<Long> done = new Deferred<>();
            int[] left = {n};
            Runnable f = () -> {
                if (--left[0] == 0) {
                    done.callback(System.nanoTime() - start);
                }
            };
            for (int i = 0; i < n; i++) {
                reactor.callLater(0, f);
            }
            return done;
        });
    }

    private static long callLaterSpread(Reactor reactor, int n) throws Exception {
        return Threads.blockingCallFromThread(reactor, () -> {
            java.util.SplittableRandom random = new java.util.SplittableRandom(42);
            long start = System.nanoTime();
            Deferred<Long> done = new Deferred<>();
            int[] left = {n};
            Runnable f = () -> {
                if (--left[0] == 0) {
                    done.callback(System.nanoTime() - start);
                }
            };
            for (int i = 0; i < n; i++) {
                reactor.callLater(random.nextDouble() * 0.001, f);
            }
            return done;
        });
    }

    private static long callFromThreads(Reactor reactor, int n, int producers) throws Exception {
        CountDownLatch done = new CountDownLatch(1);
        int[] left = {n}; // only touched on the loop thread
        Runnable f = () -> {
            if (--left[0] == 0) {
                done.countDown();
            }
        };
        Thread[] ts = new Thread[producers];
        int each = n / producers;
        left[0] = each * producers;
        long start = System.nanoTime();
        for (int p = 0; p < producers; p++) {
            ts[p] = new Thread(() -> {
                for (int i = 0; i < each; i++) {
                    reactor.callFromThread(f);
                }
            });
            ts[p].start();
        }
        if (!done.await(5, TimeUnit.MINUTES)) {
            throw new IllegalStateException("callFromThread benchmark did not finish");
        }
        long took = System.nanoTime() - start;
        for (Thread t : ts) {
            t.join();
        }
        return took;
    }

    private static long deferToThread(Reactor reactor, int n, int window) throws Exception {
        return windowed(reactor, n, window, () -> reactor.deferToThread(() -> 1));
    }

    private static long http(Reactor reactor, Agent agent, URI uri, int n, int window) throws Exception {
        return windowed(reactor, n, window, () -> agent.request("GET", uri).addCallback(r -> {
            if (r.code() != 200) {
                throw new IllegalStateException("unexpected status " + r.code());
            }
            return r;
        }));
    }

    /** Keeps {@code window} operations in flight from the loop thread until {@code n} have finished. */
    private static long windowed(Reactor reactor, int n, int window,
                                 java.util.function.Supplier<Deferred<?>> op) throws Exception {
        return Threads.blockingCallFromThread(reactor, () -> {
            long start = System.nanoTime();
            Deferred<Long> done = new Deferred<>();
            int[] started = {0};
            int[] finished = {0};
            Runnable[] next = new Runnable[1];
            next[0] = () -> {
                started[0]++;
                op.get().addBoth(r -> {
                    if (r instanceof io.twine.defer.Failure f) {
                        if (!done.called()) {
                            done.errback(f);
                        }
                        return null;
                    }
                    if (++finished[0] == n) {
                        done.callback(System.nanoTime() - start);
                    } else if (started[0] < n) {
                        next[0].run();
                    }
                    return null;
                });
            };
            for (int i = 0; i < Math.min(window, n); i++) {
                next[0].run();
            }
            return done;
        });
    }

    /**
     * Runs the benchmark.
     *
     * @param args optional scale factor (default 1.0)
     * @throws Exception if a benchmark breaks
     */
    public static void main(String[] args) throws Exception {
        run(System.out, args.length > 0 ? Double.parseDouble(args[0]) : 1.0);
    }
}
