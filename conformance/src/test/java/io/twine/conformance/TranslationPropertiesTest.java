package io.twine.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import io.twine.defer.Deferred;
import io.twine.defer.Failure;
import io.twine.defer.TimeoutError;
import io.twine.defer.UnhandledErrors;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.lifecycle.AfterProperty;
import net.jqwik.api.lifecycle.BeforeProperty;

/**
 * The seed's translations between synchronous try/except/else/finally code and Deferred chains
 * hold for arbitrary behaviours of the steps (each returns a value or raises one of several
 * types), whether the Deferred fires before or after the callbacks are added.
 */
class TranslationPropertiesTest {

    static final class ErrA extends Exception {
        ErrA(String m) {
            super(m);
        }
    }

    static final class ErrB extends RuntimeException {
        ErrB(String m) {
            super(m);
        }
    }

    /** What a step does: 0 returns {@code input>tag}, 1..3 raise ErrA, ErrB, IllegalStateException. */
    record Step(int kind, String tag) {
        String apply(String x) throws Exception {
            String m = tag + "<" + x;
            switch (kind) {
                case 0:
                    return x + ">" + tag;
                case 1:
                    throw new ErrA(m);
                case 2:
                    throw new ErrB(m);
                default:
                    throw new IllegalStateException(m);
            }
        }

        /** As an errback: works on the failure's message. */
        String onFailure(Failure f) throws Exception {
            return apply("!" + f.value().getMessage());
        }

        @Override
        public String toString() {
            return kind == 0 ? tag : tag + "(raises " + kind + ")";
        }
    }

    /** A final outcome: a value, or an error's type and message. */
    record Outcome(String value, Class<?> error, String message) {
        static Outcome of(ThrowingSupplier s) {
            try {
                return new Outcome(s.get(), null, null);
            } catch (Exception e) {
                return new Outcome(null, e.getClass(), e.getMessage());
            }
        }

        static Outcome of(Deferred<?> d) {
            assertThat(d.called()).isTrue();
            assertThat(d.paused()).isZero();
            Object r = d.result();
            if (r instanceof Failure f) {
                return new Outcome(null, f.type(), f.value().getMessage());
            }
            return new Outcome((String) r, null, null);
        }
    }

    interface ThrowingSupplier {
        String get() throws Exception;
    }

    private boolean logging;

    @BeforeProperty
    void quiet() {
        logging = UnhandledErrors.isLogging();
        UnhandledErrors.setLogging(false);
    }

    @AfterProperty
    void restore() {
        UnhandledErrors.setLogging(logging);
    }

    @Provide
    Arbitrary<Step> step() {
        return Combinators.combine(Arbitraries.integers().between(0, 3), Arbitraries.of("f", "g", "h", "k"))
                .as(Step::new);
    }

    /** f() as a Deferred: fired before (sync) or after (async) {@code shape} adds its callbacks. */
    private static Deferred<String> run(Step f, boolean async, java.util.function.Consumer<Deferred<String>> shape) {
        Deferred<String> source = new Deferred<>();
        if (!async) {
            source.callback("in");
        }
        Deferred<String> d = source.addCallback(f::apply);
        shape.accept(d);
        if (async) {
            source.callback("in");
        }
        return d;
    }

    @Property
    void tryExceptElseIsAddCallbacks(@ForAll("step") Step f, @ForAll("step") Step g, @ForAll("step") Step h,
                                     @ForAll boolean async) {
        Outcome sync = Outcome.of(() -> {
            String y;
            try {
                y = f.apply("in");
            } catch (Exception e) {
                return g.apply("!" + e.getMessage());
            }
            return h.apply(y);
        });
        Deferred<String> d = run(f, async, x -> x.addCallbacks(h::apply, g::onFailure));
        assertThat(Outcome.of(d)).isEqualTo(sync);
    }

    @Property
    void handleThenProceedIsAddErrbackThenAddCallback(@ForAll("step") Step f, @ForAll("step") Step g,
                                                      @ForAll("step") Step h, @ForAll boolean async) {
        Outcome sync = Outcome.of(() -> {
            String y;
            try {
                y = f.apply("in");
            } catch (Exception e) {
                y = g.apply("!" + e.getMessage());
            }
            return h.apply(y);
        });
        Deferred<String> d = run(f, async, x -> x.addErrback(g::onFailure).addCallback(h::apply));
        assertThat(Outcome.of(d)).isEqualTo(sync);
    }

    @Property
    void handleTheWholeOperationIsAddCallbackThenAddErrback(@ForAll("step") Step f, @ForAll("step") Step g,
                                                            @ForAll("step") Step h, @ForAll boolean async) {
        Outcome sync = Outcome.of(() -> {
            try {
                String y = f.apply("in");
                return h.apply(y);
            } catch (Exception e) {
                return g.apply("!" + e.getMessage());
            }
        });
        Deferred<String> d = run(f, async, x -> x.addCallback(h::apply).addErrback(g::onFailure));
        assertThat(Outcome.of(d)).isEqualTo(sync);
    }

    @Property
    void finallyIsAddBoth(@ForAll("step") Step f, @ForAll("step") Step g, @ForAll boolean async) {
        Outcome sync = Outcome.of(() -> {
            try {
                return f.apply("in");
            } finally {
                g.apply("finally");
            }
        });
        Deferred<String> d = run(f, async, x -> x.addBoth(r -> {
            g.apply("finally");
            return r;
        }));
        assertThat(Outcome.of(d)).isEqualTo(sync);
    }

    @Property
    void twoCallbacksEqualTheirComposition(@ForAll("step") Step f, @ForAll("step") Step g,
                                           @ForAll("step") Step start, @ForAll boolean async) {
        Deferred<String> two = run(start, async, x -> x.addCallback(f::apply).addCallback(g::apply));
        Deferred<String> one = run(start, async, x -> x.addCallback(v -> g.apply(f.apply(v))));
        assertThat(Outcome.of(two)).isEqualTo(Outcome.of(one));
    }

    @Property
    void errbackTrappingATypeNeverRaisedChangesNothing(@ForAll("steps") List<Step> steps,
                                                       @ForAll @IntRange(min = 0, max = 5) int at,
                                                       @ForAll boolean async) {
        Deferred<String> plain = run(steps.get(0), async, x -> addAll(x, steps, -1));
        Deferred<String> trapped = run(steps.get(0), async, x -> addAll(x, steps, Math.min(at, steps.size())));
        assertThat(Outcome.of(trapped)).isEqualTo(Outcome.of(plain));
    }

    private static void addAll(Deferred<String> d, List<Step> steps, int trapAt) {
        for (int i = 1; i <= steps.size(); i++) {
            if (i - 1 == trapAt) {
                d.addErrback(fl -> {
                    fl.trap(TimeoutError.class);
                    return "trapped";
                });
            }
            if (i < steps.size()) {
                Step s = steps.get(i);
                if (i % 2 == 0) {
                    d.addCallback(s::apply);
                } else {
                    d.addErrback(s::onFailure);
                }
            }
        }
    }

    @Provide
    Arbitrary<List<Step>> steps() {
        return step().list().ofMinSize(1).ofMaxSize(6);
    }

    @Property
    void cancelIsIdempotent(@ForAll @IntRange(min = 0, max = 3) int canceller, @ForAll("steps") List<Step> steps,
                            @ForAll @IntRange(min = 1, max = 4) int cancels, @ForAll boolean firedFirst) {
        List<String> once = new ArrayList<>();
        List<String> many = new ArrayList<>();
        Deferred<String> a = cancelled(canceller, steps, 1, firedFirst, once);
        Deferred<String> b = cancelled(canceller, steps, cancels, firedFirst, many);
        assertThat(many).isEqualTo(once);
        assertThat(Outcome.of(b)).isEqualTo(Outcome.of(a));
    }

    private static Deferred<String> cancelled(int canceller, List<Step> steps, int cancels, boolean firedFirst,
                                              List<String> log) {
        Deferred<String> d = canceller == 0 ? new Deferred<>() : new Deferred<String>(self -> {
            log.add("canceller");
            if (canceller == 2) {
                self.callback("cancelled-ok");
            } else if (canceller == 3) {
                self.errback(new ErrA("cancelled-err"));
            }
        });
        for (Step s : steps) {
            d.addBoth(r -> {
                log.add(s.tag() + ":" + (r instanceof Failure f ? f.type().getSimpleName() : r));
                return r instanceof Failure f ? s.onFailure(f) : s.apply((String) r);
            });
        }
        if (firedFirst) {
            d.callback("in");
        }
        for (int i = 0; i < cancels; i++) {
            d.cancel();
        }
        return d;
    }
}
