package io.twine.conformance.linearizability;

/**
 * One recorded event of a concurrent history: an operation with the logical times of its
 * invocation and response, or an observation point.
 *
 * <p>Times come from one atomic counter shared by all threads, so {@code a.resp < b.inv} means
 * {@code a} returned before {@code b} was called (real-time order). A Deferred's firing is an
 * event of kind {@link Kind#FIRE} with {@code inv == resp}: the moment the recording callback ran.
 *
 * @param id unique in the history; for GET/ACQUIRE the handle that CANCEL and FIRE refer to
 * @param thread the recording thread's index ({@code -1} for the final sequential observations)
 * @param kind what was done
 * @param arg the item put, or the handle id a CANCEL/FIRE refers to, else 0
 * @param result what was observed (see {@link Kind}), never null
 * @param inv logical time of the call
 * @param resp logical time of the return
 */
record Op(int id, int thread, Kind kind, int arg, Object result, long inv, long resp) {

    /** The operations both models know; each documents its {@code result}. */
    enum Kind {
        /** DeferredQueue.put(arg); result OK or OVERFLOW. */
        PUT,
        /** DeferredQueue.get(); result OK or UNDERFLOW (its item is observed by a FIRE). */
        GET,
        /** Deferred.cancel() of the GET/ACQUIRE with id arg; result OK. */
        CANCEL,
        /** The Deferred of GET/ACQUIRE arg fired: result is the item, GRANTED or CANCELLED. */
        FIRE,
        /** DeferredQueue.pendingCount(); result the Integer. */
        PENDING_COUNT,
        /** waitingCount() of a queue or semaphore; result the Integer. */
        WAITING_COUNT,
        /** DeferredSemaphore.acquire(); result OK (the grant is observed by a FIRE). */
        ACQUIRE,
        /** DeferredSemaphore.release(); result OK or ERROR (IllegalStateException). */
        RELEASE,
        /** DeferredSemaphore.tokens(); result the Integer. */
        TOKENS
    }

    /** Results that are not values. */
    enum Mark { OK, OVERFLOW, UNDERFLOW, ERROR, GRANTED, CANCELLED }

    @Override
    public String toString() {
        String what = switch (kind) {
            case PUT -> "put(" + arg + ")";
            case CANCEL -> "cancel(#" + arg + ")";
            case FIRE -> "fire(#" + arg + ")";
            default -> kind.name().toLowerCase();
        };
        return "#" + id + " T" + thread + " " + what + " -> " + result + " [" + inv + ", " + resp + "]";
    }
}
