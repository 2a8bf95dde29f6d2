package io.twine.conformance.linearizability;

import io.twine.defer.AlreadyCalledError;
import io.twine.defer.Deferred;
import java.util.ArrayDeque;
import java.util.Deque;

/**
 * Small monitor-based queue and semaphore for checking the checker: with {@code Bug.NONE} they
 * are correct (everything, even firing, happens under one monitor), so the checker must accept
 * every history they produce; each other {@code Bug} breaks one promise of the javadoc, and the
 * checker must find a history that shows it.
 */
final class BrokenTargets {
    private BrokenTargets() {
    }

    enum QueueBug {
        NONE,
        /** get() takes the newest kept item instead of the oldest. */
        LIFO_ITEMS,
        /** put() serves the newest waiting getter instead of the oldest. */
        LIFO_WAITERS,
        /** put() serves a waiting getter and also keeps the item: it can be delivered twice. */
        KEEPS_SERVED_ITEM
    }

    enum SemaphoreBug {
        NONE,
        /** release() grants a waiter and also frees the token: a double grant. */
        RELEASE_ALSO_FREES,
        /** cancel() leaves the waiter queued; a later release() grants it, losing the token. */
        CANCEL_KEEPS_WAITER,
        /** release() grants the newest waiter instead of the oldest. */
        LIFO_WAITERS
    }

    static final class Queue implements Targets.Queue {
        private final QueueBug bug;
        private final int size;
        private final int backlog;
        private final Deque<Integer> items = new ArrayDeque<>();
        private final Deque<Deferred<Integer>> waiters = new ArrayDeque<>();

        Queue(QueueBug bug, int size, int backlog) {
            this.bug = bug;
            this.size = size;
            this.backlog = backlog;
        }

        @Override
        public synchronized boolean put(int item) {
            if (!waiters.isEmpty()) {
                Deferred<Integer> w = bug == QueueBug.LIFO_WAITERS ? waiters.pollLast() : waiters.pollFirst();
                if (bug == QueueBug.KEEPS_SERVED_ITEM) {
                    items.add(item);
                }
                w.callback(item);
                return true;
            }
            if (items.size() >= size) {
                return false;
            }
            items.add(item);
            return true;
        }

        @Override
        public synchronized Deferred<Integer> get() {
            if (!items.isEmpty()) {
                return Deferred.succeed(bug == QueueBug.LIFO_ITEMS ? items.pollLast() : items.pollFirst());
            }
            if (waiters.size() >= backlog) {
                return null;
            }
            Deferred<Integer> d = new Deferred<>(this::cancelGet);
            waiters.add(d);
            return d;
        }

        private synchronized void cancelGet(Deferred<Integer> d) {
            waiters.remove(d);
        }

        @Override
        public synchronized int pendingCount() {
            return items.size();
        }

        @Override
        public synchronized int waitingCount() {
            return waiters.size();
        }

        @Override
        public String toString() {
            return "BrokenTargets.Queue(" + bug + ", size " + size + ", backlog " + backlog + ")";
        }
    }

    static final class Semaphore implements Targets.Semaphore {
        private final SemaphoreBug bug;
        private final int limit;
        private int tokens;
        private final Deque<Deferred<Object>> waiters = new ArrayDeque<>();

        Semaphore(SemaphoreBug bug, int limit) {
            this.bug = bug;
            this.limit = limit;
            this.tokens = limit;
        }

        @Override
        public synchronized Deferred<?> acquire() {
            if (tokens > 0) {
                tokens--;
                return Deferred.succeed(this);
            }
            Deferred<Object> d = new Deferred<>(this::cancelAcquire);
            waiters.add(d);
            return d;
        }

        private synchronized void cancelAcquire(Deferred<Object> d) {
            if (bug != SemaphoreBug.CANCEL_KEEPS_WAITER) {
                waiters.remove(d);
            }
        }

        @Override
        public synchronized boolean release() {
            if (!waiters.isEmpty()) {
                Deferred<Object> w = bug == SemaphoreBug.LIFO_WAITERS ? waiters.pollLast() : waiters.pollFirst();
                if (bug == SemaphoreBug.RELEASE_ALSO_FREES) {
                    tokens++;
                }
                try {
                    w.callback(this);
                } catch (AlreadyCalledError cancelledMeanwhile) {
                    // CANCEL_KEEPS_WAITER: the token goes to a waiter that is gone
                }
                return true;
            }
            if (tokens >= limit) {
                return false;
            }
            tokens++;
            return true;
        }

        @Override
        public synchronized int tokens() {
            return tokens;
        }

        @Override
        public synchronized int waitingCount() {
            return waiters.size();
        }

        @Override
        public String toString() {
            return "BrokenTargets.Semaphore(" + bug + ", limit " + limit + ")";
        }
    }
}
