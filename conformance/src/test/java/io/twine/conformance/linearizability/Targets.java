package io.twine.conformance.linearizability;

import io.twine.defer.Deferred;
import io.twine.defer.DeferredQueue;
import io.twine.defer.DeferredSemaphore;
import io.twine.defer.QueueOverflow;
import io.twine.defer.QueueUnderflow;

/** The operations the scenarios call, so that deliberately broken implementations can stand in. */
final class Targets {
    private Targets() {
    }

    /** A queue of Integers with Deferred gets. */
    interface Queue {
        /** Puts {@code item}; {@code false} if the queue refused it (QueueOverflow). */
        boolean put(int item);

        /** A Deferred of the next item, or {@code null} if refused (QueueUnderflow). */
        Deferred<Integer> get();

        int pendingCount();

        int waitingCount();
    }

    /** A semaphore with Deferred acquires. */
    interface Semaphore {
        Deferred<?> acquire();

        /** Releases; {@code false} if refused (more releases than acquisitions). */
        boolean release();

        int tokens();

        int waitingCount();
    }

    static Queue twine(DeferredQueue<Integer> q) {
        return new Queue() {
            @Override
            public boolean put(int item) {
                try {
                    q.put(item);
                    return true;
                } catch (QueueOverflow full) {
                    return false;
                }
            }

            @Override
            public Deferred<Integer> get() {
                try {
                    return q.get();
                } catch (QueueUnderflow tooManyWaiters) {
                    return null;
                }
            }

            @Override
            public int pendingCount() {
                return q.pendingCount();
            }

            @Override
            public int waitingCount() {
                return q.waitingCount();
            }

            @Override
            public String toString() {
                return "DeferredQueue(size " + q.size() + ", backlog " + q.backlog() + ")";
            }
        };
    }

    static Semaphore twine(DeferredSemaphore s) {
        return new Semaphore() {
            @Override
            public Deferred<?> acquire() {
                return s.acquire();
            }

            @Override
            public boolean release() {
                try {
                    s.release();
                    return true;
                } catch (IllegalStateException tooMany) {
                    return false;
                }
            }

            @Override
            public int tokens() {
                return s.tokens();
            }

            @Override
            public int waitingCount() {
                return s.waitingCount();
            }

            @Override
            public String toString() {
                return "DeferredSemaphore(" + s.limit() + ")";
            }
        };
    }
}
