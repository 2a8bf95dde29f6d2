package io.twine.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.twine.task.DelayedCall;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/** The timer heap (shared by the reactor and ManualClock) against a simple model: random schedules, cancels, delays and resets. */
class TimerQueuePropertyTest {

    /** One step: 0 schedules, 1 cancels, 2 delays, 3 resets (a pending call chosen by index), 4 moves time. */
    record Op(int kind, int target, int amountMillis) {
    }

    @Provide
    Arbitrary<List<Op>> ops() {
        Arbitrary<Op> op = Combinators.combine(Arbitraries.integers().between(0, 4), Arbitraries.integers().between(0, 1000),
                Arbitraries.integers().between(0, 50)).as(Op::new);
        return op.list().ofMaxSize(200);
    }

    /** Calls come out in (due time, scheduling order) order; exactly the live ones, each once. */
    @Property(tries = 300)
    void dueCallsComeOutInTimeThenSchedulingOrder(@ForAll("ops") List<Op> ops) {
        AtomicLong nanos = new AtomicLong();
        java.util.function.DoubleSupplier seconds = () -> nanos.get() / 1e9;
        TimerQueue timers = new TimerQueue(seconds, () -> { });
        record Expected(DelayedCall call, double time, long order) {
        }
        List<Expected> live = new ArrayList<>();
        long order = 0;
        for (Op op : ops) {
            double amount = op.amountMillis() / 1000.0;
            switch (op.kind()) {
                case 0 -> live.add(new Expected(timers.schedule(amount, () -> { }), seconds.getAsDouble() + amount, order++));
                case 1, 2, 3 -> {
                    if (live.isEmpty()) {
                        continue;
                    }
                    int i = op.target() % live.size();
                    Expected e = live.get(i);
                    if (op.kind() == 1) {
                        e.call().cancel();
                        live.remove(i);
                    } else if (op.kind() == 2) {
                        e.call().delay(amount);
                        live.set(i, new Expected(e.call(), e.time() + amount, e.order()));
                    } else {
                        e.call().reset(amount);
                        live.set(i, new Expected(e.call(), seconds.getAsDouble() + amount, order++));
                    }
                }
                default -> nanos.addAndGet(op.amountMillis() * 1_000_000L);
            }
        }
        live.sort(Comparator.comparingDouble(Expected::time).thenComparingLong(Expected::order));
        assertThat(timers.pending()).containsExactlyElementsOf(live.stream().map(Expected::call).toList());
        List<DelayedCall> out = new ArrayList<>();
        TimerQueue.Call c;
        while ((c = timers.pollDue(Double.MAX_VALUE, Long.MAX_VALUE)) != null) {
            assertThat(c.called()).isTrue();
            out.add(c);
        }
        assertThat(out).containsExactlyElementsOf(live.stream().map(Expected::call).toList());
        assertThat(timers.isEmpty()).isTrue();
    }
}
