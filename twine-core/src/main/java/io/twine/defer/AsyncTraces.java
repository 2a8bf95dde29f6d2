package io.twine.defer;

/**
 * Records {@link AsyncTrace} hops; called only in debug mode, from instrumented entries, firing
 * and the await SPI.
 */
final class AsyncTraces {
    private AsyncTraces() {
    }

    /** {@code d.errback(f)} was called at {@code site}. */
    static void errbacked(Deferred<?> d, Failure f, Throwable site) {
        record(f, "errback() called on " + describe(d), Sites.of(site));
    }

    /** An entry added at {@code addedAt} to {@code owner} ended with {@code out}. */
    static void leftEntry(Deferred<?> owner, StackTraceElement[] addedAt, Object in, Failure out) {
        String what;
        if (in instanceof Failure f) {
            what = f.value() == out.value()
                    ? "passed on by an errback added at " + Sites.first(addedAt) + " to " + describe(owner)
                    : "raised by an errback added at " + Sites.first(addedAt) + " to " + describe(owner)
                            + ", while handling " + f.type().getName();
        } else {
            what = "raised by a callback added at " + Sites.first(addedAt) + " to " + describe(owner);
        }
        record(out, what, addedAt);
    }

    /**
     * A callback of {@code owner} added at {@code addedAt} returned {@code inner}: when inner's
     * outcome is a failure, it crosses into owner. Leaves a pass-through marker in inner's chain
     * (before the engine's own continuation) that records the crossing.
     */
    static void waitsOn(Deferred<?> owner, StackTraceElement[] addedAt, Deferred<?> inner) {
        String what = "handed from " + describe(inner) + " to " + describe(owner)
                + ", whose callback added at " + Sites.first(addedAt) + " returned it and waited";
        inner.addUninstrumented(new Marker(new AsyncTrace.Hop(what, AsyncTrace.frames(addedAt))));
    }

    /** A waiter (a coroutine) awaits {@code awaited} at {@code site}: same, for awaits. */
    static void awaits(String waiter, Deferred<?> awaited, StackTraceElement[] site) {
        String what = "handed from " + describe(awaited) + " to " + waiter + ", awaiting it at " + Sites.first(site);
        awaited.addUninstrumented(new Marker(new AsyncTrace.Hop(what, AsyncTrace.frames(site))));
    }

    static void record(Failure f, String what, StackTraceElement[] site) {
        AsyncTrace.attach(f.value()).add(new AsyncTrace.Hop(what, AsyncTrace.frames(site)));
    }

    static String describe(Deferred<?> d) {
        String me = "Deferred at 0x" + Integer.toHexString(System.identityHashCode(d));
        Throwable created = d.creationSite();
        return created == null ? me : me + " (created at " + Sites.first(Sites.of(created)) + ")";
    }

    /** A pass-through entry that records a hop when a failure passes it. */
    static final class Marker extends Deferred.Pair {
        private final AsyncTrace.Hop hop;

        Marker(AsyncTrace.Hop hop) {
            super(null, null);
            this.hop = hop;
        }

        @Override
        Object invoke(Object current) {
            if (current instanceof Failure f) {
                AsyncTrace.attach(f.value()).add(hop);
            }
            return current;
        }
    }
}
