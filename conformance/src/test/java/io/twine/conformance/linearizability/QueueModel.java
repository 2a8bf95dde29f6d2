package io.twine.conformance.linearizability;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;

/**
 * The sequential specification of {@code DeferredQueue(size, backlog)}, as its javadoc states it.
 *
 * <p>State: the kept items (oldest first), the waiting getters (oldest first), and what is owed
 * to getters whose Deferred has not been observed firing yet (their item, or CANCELLED).
 * <ul>
 * <li>{@code put(v)}: if a getter waits, the oldest one is owed {@code v} from this instant;
 *     else {@code v} is kept if fewer than {@code size} items are; else it is QueueOverflow.</li>
 * <li>{@code get()}: if an item is kept, the oldest one is owed to it from this instant; else it
 *     waits if fewer than {@code backlog} getters do; else it is QueueUnderflow.</li>
 * <li>{@code cancel()} of a getter: if it still waits, it leaves the waiters and is owed
 *     CANCELLED; otherwise (it already has its item, or fired) nothing happens.</li>
 * <li>the firing of a getter's Deferred: an observation, possible only once something is owed to
 *     it, and only with exactly that.</li>
 * <li>{@code pendingCount()}, {@code waitingCount()}: the numbers of kept items and waiters.</li>
 * </ul>
 * So a get() that waits is linearized twice: once when it joins the waiters (inside the get()
 * call), and its outcome is decided at the put or cancel that serves or withdraws it; the
 * Deferred may fire any time after that decision, even on another thread after the put returned.
 */
final class QueueModel implements Model<QueueModel.State> {
    private final int size;
    private final int backlog;

    QueueModel(int size, int backlog) {
        this.size = size;
        this.backlog = backlog;
    }

    record State(List<Integer> items, List<Integer> waiters, Map<Integer, Object> owed) {
    }

    @Override
    public State initial() {
        return new State(List.of(), List.of(), Map.of());
    }

    @Override
    public State apply(State s, Op op) {
        switch (op.kind()) {
            case PUT -> {
                if (!s.waiters.isEmpty()) {
                    return op.result() == Op.Mark.OK
                            ? new State(s.items, s.waiters.subList(1, s.waiters.size()), with(s.owed, s.waiters.get(0), op.arg()))
                            : null;
                }
                if (s.items.size() < size) {
                    return op.result() == Op.Mark.OK ? new State(append(s.items, op.arg()), s.waiters, s.owed) : null;
                }
                return op.result() == Op.Mark.OVERFLOW ? s : null;
            }
            case GET -> {
                if (!s.items.isEmpty()) {
                    return op.result() == Op.Mark.OK
                            ? new State(s.items.subList(1, s.items.size()), s.waiters, with(s.owed, op.id(), s.items.get(0)))
                            : null;
                }
                if (s.waiters.size() < backlog) {
                    return op.result() == Op.Mark.OK ? new State(s.items, append(s.waiters, op.id()), s.owed) : null;
                }
                return op.result() == Op.Mark.UNDERFLOW ? s : null;
            }
            case CANCEL -> {
                int at = s.waiters.indexOf(op.arg());
                if (at < 0) {
                    return s;
                }
                return new State(s.items, without(s.waiters, at), with(s.owed, op.arg(), Op.Mark.CANCELLED));
            }
            case FIRE -> {
                return s.owed.containsKey(op.arg()) && s.owed.get(op.arg()).equals(op.result())
                        ? new State(s.items, s.waiters, without(s.owed, op.arg()))
                        : null;
            }
            case PENDING_COUNT -> {
                return op.result().equals(s.items.size()) ? s : null;
            }
            case WAITING_COUNT -> {
                return op.result().equals(s.waiters.size()) ? s : null;
            }
            default -> throw new IllegalArgumentException("not a queue operation: " + op);
        }
    }

    @Override
    public boolean acceptsEnd(State s, List<Integer> unfired) {
        return s.owed.isEmpty() && new HashSet<>(s.waiters).equals(new HashSet<>(unfired));
    }

    static <E> List<E> append(List<E> list, E e) {
        List<E> copy = new ArrayList<>(list.size() + 1);
        copy.addAll(list);
        copy.add(e);
        return List.copyOf(copy);
    }

    static <E> List<E> without(List<E> list, int index) {
        List<E> copy = new ArrayList<>(list);
        copy.remove(index);
        return List.copyOf(copy);
    }

    static Map<Integer, Object> with(Map<Integer, Object> map, int key, Object value) {
        Map<Integer, Object> copy = new HashMap<>(map);
        copy.put(key, value);
        return Map.copyOf(copy);
    }

    static Map<Integer, Object> without(Map<Integer, Object> map, int key) {
        Map<Integer, Object> copy = new HashMap<>(map);
        copy.remove(key);
        return Map.copyOf(copy);
    }
}
