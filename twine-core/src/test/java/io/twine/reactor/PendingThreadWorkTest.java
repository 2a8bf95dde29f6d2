package io.twine.reactor;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;

/** {@link Reactor#getPendingThreadWork()}: what the pool has not finished, and in what state. */
class PendingThreadWorkTest {

    /** A function whose toString() names it, so the descriptions can be checked. */
    private record Named(String name, CountDownLatch started, CountDownLatch release) implements Runnable {
        Named(String name) {
            this(name, new CountDownLatch(1), new CountDownLatch(1));
        }

        @Override
        public void run() {
            started.countDown();
            try {
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }

        @Override
        public String toString() {
            return name;
        }
    }

    @Test
    void anIdlePoolHasNoPendingWork() {
        assertThat(Reactor.create().getPendingThreadWork()).isEmpty();
    }

    @Test
    void listsRunningAndQueuedWorkOldestFirstNamingHowItWasSubmitted() throws Exception {
        try (RunningReactor r = new RunningReactor(Reactor.builder().threadPoolSize(1).build())) {
            Named first = new Named("first");
            Named second = new Named("second");
            r.reactor.callInThread(first);
            first.started.await();
            r.reactor.deferToThread(() -> {
                second.run();
                return null;
            });

            assertThat(r.reactor.getPendingThreadWork()).hasSize(2);
            assertThat(r.reactor.getPendingThreadWork().get(0)).isEqualTo("callInThread(first): running");
            assertThat(r.reactor.getPendingThreadWork().get(1)).startsWith("deferToThread(").endsWith("): queued");

            first.release.countDown();
            second.release.countDown();
        }
    }

    @Test
    void workDisappearsFromTheListOnceItHasFinished() throws Exception {
        try (RunningReactor r = new RunningReactor()) {
            RunningReactor.await(r.reactor.deferToThread(() -> 1));
            Named waited = new Named("waited for");
            r.reactor.callInThread(waited);
            waited.started.await();
            waited.release.countDown();

            // The function has returned once stop() has drained the pool; nothing is left.
            r.close();
            assertThat(r.reactor.getPendingThreadWork()).isEmpty();
        }
    }

    @Test
    void cancelledWorkStillRunningIsListed() throws Exception {
        try (RunningReactor r = new RunningReactor()) {
            Named blocked = new Named("blocked");
            var d = r.reactor.deferToThread(() -> {
                blocked.run();
                return null;
            });
            blocked.started.await();
            d.addErrback(f -> null);

            d.cancel();

            assertThat(r.reactor.getPendingThreadWork()).singleElement()
                    .satisfies(s -> assertThat(s).endsWith("): cancelled, not yet returned"));
            blocked.release.countDown();
        }
    }
}
