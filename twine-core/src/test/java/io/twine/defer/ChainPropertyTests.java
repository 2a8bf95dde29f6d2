package io.twine.defer;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * Properties of the callback chain over random succeed/raise behaviours, checked against a
 * plain model of Twisted's semantics.
 */
class ChainPropertyTests {

    /** A checked exception carrying a number, so outcomes can be compared. */
    static final class Marked extends Exception {
        final int k;

        Marked(int k) {
            super("marked " + k, null, false, false);
            this.k = k;
        }
    }

    /** Outcome of a chain: a value, or a failure with a marker. */
    record Outcome(boolean ok, int value) {
        static Outcome of(Deferred<?> d) {
            Object r = d.result();
            if (r instanceof Failure f) {
                d.addErrback(ignored -> null); // consume: not an unhandled error
                return new Outcome(false, ((Marked) f.value()).k);
            }
            return new Outcome(true, (Integer) r);
        }
    }

    enum Side { CALLBACK, ERRBACK, BOTH }

    enum Action { ADD, THROW }

    /**
     * One step of a chain. ADD: a callback adds k, an errback recovers with k. THROW: raises
     * Marked(k). viaDeferred: the step gives its outcome as an already-fired Deferred instead.
     */
    record Step(Side side, Action action, int k, boolean viaDeferred) {
        Outcome model(Outcome in) {
            if (side == Side.CALLBACK && !in.ok() || side == Side.ERRBACK && in.ok()) {
                return in;
            }
            if (action == Action.THROW) {
                return new Outcome(false, k);
            }
            return new Outcome(true, in.ok() ? in.value() + k : k);
        }

        Object run(Object in) throws Marked {
            int v = in instanceof Integer i ? i + k : k;
            if (action == Action.THROW) {
                if (viaDeferred) {
                    return Deferred.fail(new Marked(k));
                }
                throw new Marked(k);
            }
            return viaDeferred ? Deferred.succeed(v) : v;
        }

        void addTo(Deferred<Object> d) {
            switch (side) {
                case CALLBACK -> d.addCallback(this::run);
                case ERRBACK -> d.addErrback(f -> run(f));
                case BOTH -> d.addBoth(this::run);
            }
        }
    }

    @Provide
    Arbitrary<Step> step() {
        return Combinators.combine(
                Arbitraries.of(Side.class),
                Arbitraries.of(Action.class),
                Arbitraries.integers().between(-100, 100),
                Arbitraries.of(true, false)).as(Step::new);
    }

    @Provide
    Arbitrary<List<Step>> steps() {
        return step().list().ofMaxSize(12);
    }

    private static void fire(Deferred<Object> d, boolean startOk, int start) {
        if (startOk) {
            d.callback(start);
        } else {
            d.errback(new Marked(start));
        }
    }

    /** addCallback(f).addCallback(g) behaves as addCallback(g∘f). */
    @Property(tries = 300)
    void twoCallbacksEqualTheirComposition(@ForAll("step") Step f0, @ForAll("step") Step g0,
                                           @ForAll boolean startOk, @ForAll int start) {
        Step f = new Step(Side.CALLBACK, f0.action(), f0.k(), false);
        Step g = new Step(Side.CALLBACK, g0.action(), g0.k(), false);
        Deferred<Object> separate = new Deferred<>();
        separate.addCallback(f::run).addCallback(g::run);
        Deferred<Object> composed = new Deferred<>();
        composed.addCallback(x -> g.run(f.run(x)));
        fire(separate, startOk, start);
        fire(composed, startOk, start);
        assertThat(Outcome.of(separate)).isEqualTo(Outcome.of(composed));
    }

    /**
     * Any chain of callbacks, errbacks and both-handlers (returning values, raising, or returning
     * fired Deferreds) gives the model's outcome, whether the Deferred fires before or after the
     * steps are added.
     */
    @Property(tries = 300)
    void chainFollowsTheModelWhenTheStepsAreAdded(@ForAll("steps") List<Step> steps,
                                                  @ForAll boolean startOk, @ForAll int start,
                                                  @ForAll boolean fireFirst) {
        Outcome expected = new Outcome(startOk, start);
        for (Step s : steps) {
            expected = s.model(expected);
        }
        Deferred<Object> d = new Deferred<>();
        if (fireFirst) {
            fire(d, startOk, start);
        }
        for (Step s : steps) {
            s.addTo(d);
        }
        if (!fireFirst) {
            fire(d, startOk, start);
        }
        assertThat(Outcome.of(d)).isEqualTo(expected);
    }

    /** Waiting on an unfired inner Deferred gives the same outcome as using its result directly. */
    @Property(tries = 200)
    void chainingOnAnUnfiredDeferredIsTransparent(@ForAll("steps") List<Step> before,
                                                  @ForAll("steps") List<Step> inner,
                                                  @ForAll("steps") List<Step> after,
                                                  @ForAll boolean startOk, @ForAll int start) {
        Outcome expected = new Outcome(startOk, start);
        for (Step s : before) {
            expected = s.model(expected);
        }
        Outcome innerExpected = new Outcome(true, 0);
        for (Step s : inner) {
            innerExpected = s.model(innerExpected);
        }
        // The inner result replaces whatever the outer had (the callback returning it ignores it).
        expected = innerExpected;
        for (Step s : after) {
            expected = s.model(expected);
        }

        Deferred<Object> innerD = new Deferred<>();
        for (Step s : inner) {
            s.addTo(innerD);
        }
        Deferred<Object> outer = new Deferred<>();
        for (Step s : before) {
            s.addTo(outer);
        }
        outer.addBoth(ignored -> innerD);
        for (Step s : after) {
            s.addTo(outer);
        }
        fire(outer, startOk, start);
        assertThat(outer.waitingOn()).isSameAs(innerD);
        innerD.callback(0);
        assertThat(Outcome.of(outer)).isEqualTo(expected);
        assertThat(innerD.result()).isNull();
    }
}
