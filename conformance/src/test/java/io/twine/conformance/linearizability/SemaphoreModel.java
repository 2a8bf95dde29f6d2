package io.twine.conformance.linearizability;

import java.util.HashSet;
import java.util.List;
import java.util.Map;

/**
 * The sequential specification of {@code DeferredSemaphore(limit)} (and of {@code DeferredLock},
 * a semaphore of 1), as its javadoc states it.
 *
 * <p>State: the free tokens, the waiting acquirers (oldest first), and what is owed to acquirers
 * whose Deferred has not been observed firing yet (GRANTED or CANCELLED).
 * <ul>
 * <li>{@code acquire()}: if a token is free it is taken and the acquirer is owed GRANTED from this
 *     instant; else it waits. (A free token implies nobody waits.)</li>
 * <li>{@code release()}: if someone waits, the token goes to the oldest waiter (owed GRANTED from
 *     this instant); else it becomes free, unless all {@code limit} are already free, which is an
 *     IllegalStateException that changes nothing.</li>
 * <li>{@code cancel()} of an acquirer: if it still waits, it leaves the waiters and is owed
 *     CANCELLED; otherwise nothing happens (a granted acquirer keeps its token).</li>
 * <li>the firing of an acquirer's Deferred: an observation of exactly what it is owed.</li>
 * <li>{@code tokens()}, {@code waitingCount()}: the numbers of free tokens and of waiters.</li>
 * </ul>
 * A waiting acquire() is decided at the release that grants it or the cancel that withdraws it;
 * its Deferred may fire later, on any thread.
 */
final class SemaphoreModel implements Model<SemaphoreModel.State> {
    private final int limit;

    SemaphoreModel(int limit) {
        this.limit = limit;
    }

    record State(int tokens, List<Integer> waiters, Map<Integer, Object> owed) {
    }

    @Override
    public State initial() {
        return new State(limit, List.of(), Map.of());
    }

    @Override
    public State apply(State s, Op op) {
        switch (op.kind()) {
            case ACQUIRE -> {
                return s.tokens > 0
                        ? new State(s.tokens - 1, s.waiters, QueueModel.with(s.owed, op.id(), Op.Mark.GRANTED))
                        : new State(s.tokens, QueueModel.append(s.waiters, op.id()), s.owed);
            }
            case RELEASE -> {
                if (!s.waiters.isEmpty()) {
                    return op.result() == Op.Mark.OK
                            ? new State(s.tokens, s.waiters.subList(1, s.waiters.size()),
                                    QueueModel.with(s.owed, s.waiters.get(0), Op.Mark.GRANTED))
                            : null;
                }
                if (s.tokens < limit) {
                    return op.result() == Op.Mark.OK ? new State(s.tokens + 1, s.waiters, s.owed) : null;
                }
                return op.result() == Op.Mark.ERROR ? s : null;
            }
            case CANCEL -> {
                int at = s.waiters.indexOf(op.arg());
                if (at < 0) {
                    return s;
                }
                return new State(s.tokens, QueueModel.without(s.waiters, at), QueueModel.with(s.owed, op.arg(), Op.Mark.CANCELLED));
            }
            case FIRE -> {
                return s.owed.containsKey(op.arg()) && s.owed.get(op.arg()).equals(op.result())
                        ? new State(s.tokens, s.waiters, QueueModel.without(s.owed, op.arg()))
                        : null;
            }
            case TOKENS -> {
                return op.result().equals(s.tokens) ? s : null;
            }
            case WAITING_COUNT -> {
                return op.result().equals(s.waiters.size()) ? s : null;
            }
            default -> throw new IllegalArgumentException("not a semaphore operation: " + op);
        }
    }

    @Override
    public boolean acceptsEnd(State s, List<Integer> unfired) {
        return s.owed.isEmpty() && new HashSet<>(s.waiters).equals(new HashSet<>(unfired));
    }
}
