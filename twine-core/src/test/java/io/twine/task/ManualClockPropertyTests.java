package io.twine.task;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * Random schedule/cancel/delay/reset/advance sequences run on a ManualClock and on a plain model:
 * calls run when due, in (time, scheduling order) order, with reset counting as rescheduling.
 */
class ManualClockPropertyTests {

    enum Kind { SCHEDULE, CANCEL, DELAY, RESET, ADVANCE }

    /** One operation; {@code target} picks a call among those scheduled so far, {@code amount} in half seconds. */
    record Op(Kind kind, int target, int amount) {
    }

    /** The model of one call. */
    static final class ModelCall {
        final int id;
        double time;
        long order;
        boolean done; // ran or cancelled

        ModelCall(int id, double time, long order) {
            this.id = id;
            this.time = time;
            this.order = order;
        }
    }

    @Provide
    Arbitrary<List<Op>> ops() {
        Arbitrary<Op> op = Combinators.combine(
                Arbitraries.of(Kind.class),
                Arbitraries.integers().between(0, 1000),
                Arbitraries.integers().between(0, 6)).as(Op::new);
        return op.list().ofMaxSize(40);
    }

    @Property(tries = 300)
    void callsRunWhenDueInTimeThenSchedulingOrder(@ForAll("ops") List<Op> ops) {
        ManualClock clock = new ManualClock();
        List<Integer> ran = new ArrayList<>();
        List<DelayedCall> handles = new ArrayList<>();
        List<ModelCall> model = new ArrayList<>();
        List<Integer> expected = new ArrayList<>();
        double now = 0;
        long seq = 0;
        for (Op op : ops) {
            double amount = op.amount() / 2.0;
            switch (op.kind()) {
                case SCHEDULE -> {
                    int id = handles.size();
                    handles.add(clock.callLater(amount, () -> ran.add(id)));
                    model.add(new ModelCall(id, now + amount, seq++));
                }
                case CANCEL, DELAY, RESET -> {
                    if (handles.isEmpty()) {
                        continue;
                    }
                    int i = op.target() % handles.size();
                    ModelCall m = model.get(i);
                    DelayedCall h = handles.get(i);
                    if (m.done) {
                        // Finished calls refuse every change.
                        assertThat(h.active()).isFalse();
                        continue;
                    }
                    if (op.kind() == Kind.CANCEL) {
                        h.cancel();
                        m.done = true;
                    } else if (op.kind() == Kind.DELAY) {
                        h.delay(amount);
                        m.time += amount;
                    } else {
                        h.reset(amount);
                        m.time = now + amount;
                        m.order = seq++;
                    }
                }
                case ADVANCE -> {
                    clock.advance(amount);
                    now += amount;
                    double t = now;
                    model.stream().filter(m -> !m.done && m.time <= t)
                            .sorted(Comparator.<ModelCall>comparingDouble(m -> m.time).thenComparingLong(m -> m.order))
                            .forEach(m -> {
                                m.done = true;
                                expected.add(m.id);
                            });
                }
            }
            assertThat(ran).isEqualTo(expected);
            assertThat(clock.seconds()).isEqualTo(now);
        }
        List<DelayedCall> pendingExpected = model.stream().filter(m -> !m.done)
                .sorted(Comparator.<ModelCall>comparingDouble(m -> m.time).thenComparingLong(m -> m.order))
                .map(m -> handles.get(m.id)).toList();
        assertThat(clock.getDelayedCalls()).containsExactlyElementsOf(pendingExpected);
    }
}
