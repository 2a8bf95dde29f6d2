package io.twine.defer;

import static io.twine.defer.DeferredAssertions.failureResultOf;
import static io.twine.defer.DeferredAssertions.successResultOf;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The chain runs iteratively: huge chains complete in constant Java stack (surefire runs with
 * {@code -Xss1m}, where a recursive engine overflows after a few thousand levels).
 *
 * <p>Linear time is shown without timing assertions: each test's {@link Timeout} is generous for
 * a linear engine (these run in well under a second each) yet far out of reach for a quadratic one
 * at a million elements (about 10^12 steps).
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class StackDepthTests {
    private static final int MILLION = 1_000_000;

    @Test
    void millionCallbacksAddedBeforeFiringComplete() {
        Deferred<Integer> d = new Deferred<>();
        for (int i = 0; i < MILLION; i++) {
            d.addCallback(x -> x + 1);
        }
        d.callback(0);
        assertThat(successResultOf(d)).isEqualTo(MILLION);
    }

    @Test
    void millionCallbacksAddedAfterFiringComplete() {
        Deferred<Integer> d = Deferred.succeed(0);
        for (int i = 0; i < MILLION; i++) {
            d.addCallback(x -> x + 1);
        }
        assertThat(successResultOf(d)).isEqualTo(MILLION);
    }

    @Test
    void millionCallbacksEachAddingTheNextFromInsideTheChainComplete() {
        Deferred<Integer> d = new Deferred<>();
        AtomicInteger added = new AtomicInteger(1);
        d.addCallback(new Callback<Integer, Integer>() {
            @Override
            public Integer call(Integer x) {
                if (added.getAndIncrement() < MILLION) {
                    d.addCallback(this);
                }
                return x + 1;
            }
        });
        d.callback(0);
        assertThat(successResultOf(d)).isEqualTo(MILLION);
    }

    @Test
    void millionAlternatingFailuresAndRecoveriesComplete() {
        Deferred<Integer> d = new Deferred<>();
        RuntimeException e = new RuntimeException("shared, thrown many times");
        for (int i = 0; i < MILLION / 2; i++) {
            d.addCallback(x -> { throw e; });
            d.addErrback(f -> 1);
        }
        d.addCallback(x -> { throw e; });
        d.callback(0);
        assertThat(failureResultOf(d).value()).isSameAs(e);
    }

    @Test
    void millionDeferredsEachWaitingOnTheNextCompleteWhenTheLastFires() {
        Deferred<Integer>[] ds = deferreds(MILLION);
        for (int i = 0; i < MILLION - 1; i++) {
            Deferred<Integer> next = ds[i + 1];
            ds[i].addCallbackDeferred(x -> next);
        }
        for (int i = 0; i < MILLION - 1; i++) {
            ds[i].callback(0);
        }
        assertThat(ds[0].paused()).isEqualTo(1);
        ds[MILLION - 1].callback(42);
        assertThat(successResultOf(ds[0])).isEqualTo(42);
        assertThat(ds[MILLION / 2].result()).isNull();
    }

    @Test
    void millionDeferredsEachWaitingOnTheNextUnwindTheirOwnCallbacksInOrder() {
        // Each level has a callback after the waiting one, so every level must be resumed in turn.
        Deferred<Integer>[] ds = deferreds(MILLION);
        for (int i = 0; i < MILLION - 1; i++) {
            Deferred<Integer> next = ds[i + 1];
            ds[i].addCallbackDeferred(x -> next).addCallback(x -> x + 1);
        }
        for (int i = 0; i < MILLION - 1; i++) {
            ds[i].callback(0);
        }
        ds[MILLION - 1].callback(0);
        assertThat(successResultOf(ds[0])).isEqualTo(MILLION - 1);
    }

    @Test
    void millionDeferredsFiredInnermostFirstComplete() {
        Deferred<Integer>[] ds = deferreds(MILLION);
        for (int i = 0; i < MILLION - 1; i++) {
            Deferred<Integer> next = ds[i + 1];
            ds[i].addCallbackDeferred(x -> next).addCallback(x -> x + 1);
        }
        for (int i = MILLION - 1; i >= 0; i--) {
            ds[i].callback(0);
        }
        assertThat(successResultOf(ds[0])).isEqualTo(MILLION - 1);
    }

    @Test
    void millionNestedDeferredsCreatedByCallbacksComplete() {
        // A callback that returns a Deferred whose callback returns a Deferred... a million deep,
        // all already fired (E13 at scale: the steal path).
        Deferred<Integer> d = Deferred.succeed(0);
        for (int i = 0; i < MILLION; i++) {
            d.addCallbackDeferred(x -> Deferred.succeed(x + 1));
        }
        assertThat(successResultOf(d)).isEqualTo(MILLION);
    }

    @Test
    void millionDeepRecursiveChainingFiredFromTheInnermostCompletes() {
        // Each level's callback creates the next level; the innermost fires later.
        Deferred<Integer> innermost = new Deferred<>();
        Deferred<Integer> top = nest(innermost, MILLION);
        innermost.callback(7);
        assertThat(successResultOf(top)).isEqualTo(7 + MILLION);
    }

    private static Deferred<Integer> nest(Deferred<Integer> innermost, int levels) {
        Deferred<Integer> d = innermost;
        for (int i = 0; i < levels; i++) {
            Deferred<Integer> inner = d;
            Deferred<Integer> outer = Deferred.succeed(0);
            outer.addCallbackDeferred(x -> inner).addCallback(x -> x + 1);
            d = outer;
        }
        return d;
    }

    @Test
    void millionDeepChainDeferredCompletes() {
        // Twisted's chainDeferred overflows near 330 levels (E12); Twine's does not.
        Deferred<Integer>[] ds = deferreds(MILLION);
        for (int i = MILLION - 1; i > 0; i--) {
            ds[i].chainDeferred(ds[i - 1]);
        }
        ds[MILLION - 1].callback(9);
        assertThat(successResultOf(ds[0])).isEqualTo(9);
        assertThat(successResultOf(ds[MILLION - 1])).isNull();
    }

    @Test
    void tenThousandCallbacksEachReturningAFiredDeferredComplete() {
        // E13 as the reference states it.
        Deferred<Integer> d = new Deferred<>();
        for (int i = 0; i < 10_000; i++) {
            d.addCallbackDeferred(x -> Deferred.succeed(x + 1));
        }
        d.callback(0);
        assertThat(successResultOf(d)).isEqualTo(10_000);
    }

    @SuppressWarnings("unchecked")
    private static Deferred<Integer>[] deferreds(int n) {
        Deferred<Integer>[] ds = new Deferred[n];
        for (int i = 0; i < n; i++) {
            ds[i] = new Deferred<>();
        }
        return ds;
    }
}
