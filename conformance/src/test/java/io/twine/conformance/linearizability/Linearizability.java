package io.twine.conformance.linearizability;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Decides whether a recorded history is linearizable with respect to a {@link Model}: whether
 * some total order of its events (1) respects real-time order, i.e. an event whose response came
 * before another's invocation is placed before it, and (2) gives, when run through the sequential
 * model, exactly the results that were observed, and (3) leaves the model consistent with the
 * Deferreds that never fired ({@link Model#acceptsEnd}).
 *
 * <p>The search is Wing and Gong's: repeatedly pick, among the events not yet placed, one that
 * may come first (no other unplaced event responded before it was invoked), apply it to the model,
 * and backtrack on a mismatch. Lowe's memoization of (set of placed events, model state) pairs
 * that already failed keeps it polynomial in practice for the small histories used here.
 *
 * <p>One rule comes from Deferred itself rather than from the model: a {@code cancel()} that finds
 * another thread's {@code cancel()} of the same Deferred running its canceller does nothing and
 * returns at once (Deferred's javadoc). So a CANCEL whose interval overlaps another CANCEL of the
 * same handle may also be placed as a no-op; the withdrawal is then the other one's.
 */
final class Linearizability {
    private Linearizability() {
    }

    /** Histories are bit sets in a long. */
    static final int MAX_EVENTS = 63;

    /**
     * Searches for a linearization.
     *
     * @return a witness order if the history is linearizable, empty otherwise
     * @throws IllegalArgumentException if the history has more than {@link #MAX_EVENTS} events
     */
    static <S> Optional<List<Op>> check(Model<S> model, List<Op> history) {
        if (history.size() > MAX_EVENTS) {
            throw new IllegalArgumentException("history too long to check: " + history.size() + " events");
        }
        List<Op> events = new ArrayList<>(history);
        events.sort(Comparator.comparingLong(Op::inv));
        Set<Integer> fired = events.stream().filter(e -> e.kind() == Op.Kind.FIRE).map(Op::arg).collect(Collectors.toSet());
        List<Integer> unfired = events.stream()
                .filter(e -> (e.kind() == Op.Kind.GET || e.kind() == Op.Kind.ACQUIRE) && e.result() == Op.Mark.OK)
                .map(Op::id).filter(id -> !fired.contains(id)).toList();
        boolean[] mayBeNoop = new boolean[events.size()];
        for (int i = 0; i < events.size(); i++) {
            for (int j = 0; j < events.size(); j++) {
                Op a = events.get(i);
                Op b = events.get(j);
                if (i != j && a.kind() == Op.Kind.CANCEL && b.kind() == Op.Kind.CANCEL && a.arg() == b.arg()
                        && a.inv() < b.resp() && b.inv() < a.resp()) {
                    mayBeNoop[i] = true;
                }
            }
        }
        Search<S> search = new Search<>(model, events, unfired, mayBeNoop);
        Op[] order = new Op[events.size()];
        return search.run(0L, model.initial(), 0, order) ? Optional.of(List.of(order)) : Optional.empty();
    }

    private record Key(long placed, Object state) {
    }

    private static final class Search<S> {
        private final Model<S> model;
        private final List<Op> events;
        private final List<Integer> unfired;
        private final boolean[] mayBeNoop;
        private final long all;
        private final Set<Key> failed = new HashSet<>();

        Search(Model<S> model, List<Op> events, List<Integer> unfired, boolean[] mayBeNoop) {
            this.model = model;
            this.events = events;
            this.unfired = unfired;
            this.mayBeNoop = mayBeNoop;
            this.all = events.size() == 64 ? -1L : (1L << events.size()) - 1;
        }

        boolean run(long placed, S state, int depth, Op[] order) {
            if (placed == all) {
                return model.acceptsEnd(state, unfired);
            }
            Key key = new Key(placed, state);
            if (failed.contains(key)) {
                return false;
            }
            long firstResponse = Long.MAX_VALUE;
            for (int i = 0; i < events.size(); i++) {
                if ((placed & (1L << i)) == 0) {
                    firstResponse = Math.min(firstResponse, events.get(i).resp());
                }
            }
            for (int i = 0; i < events.size(); i++) {
                Op e = events.get(i);
                if ((placed & (1L << i)) != 0) {
                    continue;
                }
                if (e.inv() > firstResponse) {
                    break; // sorted by invocation: every later event was invoked after some unplaced one returned
                }
                S next = model.apply(state, e);
                if (next != null) {
                    order[depth] = e;
                    if (run(placed | (1L << i), next, depth + 1, order)) {
                        return true;
                    }
                }
                if (mayBeNoop[i] && !state.equals(next)) {
                    order[depth] = e;
                    if (run(placed | (1L << i), state, depth + 1, order)) {
                        return true;
                    }
                }
            }
            failed.add(key);
            return false;
        }
    }
}
