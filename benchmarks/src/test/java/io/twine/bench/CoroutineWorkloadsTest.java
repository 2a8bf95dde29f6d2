package io.twine.bench;

import static org.assertj.core.api.Assertions.assertThat;

import io.twine.defer.Coroutines;
import org.junit.jupiter.api.Test;

/**
 * Workload 6's Twine coroutine does the work it claims: every fired value reaches the body, and
 * it finishes with their sum when told to stop. Runs with whichever mechanism this test JVM has
 * (the benchmark forks require the continuation); no timing here.
 */
class CoroutineWorkloadsTest {

    @Test
    void awaitRoundTripsDeliverEveryFiredValueToTheCoroutine() {
        W6CoroutineResume.TwineCoroutine c = new W6CoroutineResume.TwineCoroutine();
        c.start(Coroutines.mechanism(), null);
        for (int i = 0; i < 5; i++) {
            c.fire();
        }
        c.stop();
        assertThat(c.coroutine.result()).isEqualTo(5L);
    }

    @Test
    void eachRoundTripAwaitsAFreshUnfiredDeferred() {
        W6CoroutineResume.TwineCoroutine c = new W6CoroutineResume.TwineCoroutine();
        c.start(Coroutines.mechanism(), null);
        Object first = c.pending;
        c.fire();
        assertThat(c.pending).isNotSameAs(first);
        assertThat(c.pending.called()).isFalse();
        c.stop();
    }
}
