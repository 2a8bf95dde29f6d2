package io.twine.defer;

/**
 * A chain entry wrapped by {@link Instrumentation#wrap}: runs the user's callback and, around it,
 * records async-trace hops (debug mode) and times it (slow-callback reports). Only Deferreds born
 * while such a switch was on ever hold one, so the engine's own loop stays untouched.
 */
final class InstrumentedEntry extends Deferred.Pair {
    private final Deferred<?> owner;
    private final Object inner;
    /** Where the entry was added, trimmed; {@code null} unless debug mode was on then. */
    private final StackTraceElement[] addedAt;
    private final boolean timed;

    InstrumentedEntry(Deferred<?> owner, Object inner, StackTraceElement[] addedAt, boolean timed) {
        super(null, null);
        this.owner = owner;
        this.inner = inner;
        this.addedAt = addedAt;
        this.timed = timed;
    }

    @Override
    Object invoke(Object current) throws Exception {
        boolean failureSide = current instanceof Failure;
        if (!handles(failureSide)) {
            return current; // passes this side through: nothing of the user's runs
        }
        long start = timed ? Instrumentation.now() : 0L;
        Object out;
        try {
            out = call(current);
        } catch (Throwable t) {
            after(start, current, Failure.of(t), true);
            throw t;
        }
        after(start, current, out, false);
        return out;
    }

    private void after(long start, Object in, Object out, boolean thrown) {
        if (timed) {
            long took = Instrumentation.now() - start;
            if (took > Instrumentation.slowCallbackNanos) {
                Reports.slowCallback(owner, inner, addedAt, took);
            }
        }
        if (addedAt != null) {
            if (out instanceof Failure f && (thrown || out != in)) {
                // A Failure returned unchanged is a pass-through (addBoth as "finally"), not a hop.
                AsyncTraces.leftEntry(owner, addedAt, in, f);
            } else if (out instanceof Deferred<?> d && d != owner) {
                AsyncTraces.waitsOn(owner, addedAt, d);
            }
        }
    }

    /** Whether the wrapped entry has user code for this side (exact Pair: per side; else both). */
    private boolean handles(boolean failureSide) {
        if (inner.getClass() == Deferred.Pair.class) {
            Deferred.Pair p = (Deferred.Pair) inner;
            return failureSide ? p.errback != null : p.callback != null;
        }
        if (inner instanceof Deferred.Pair) {
            return true;
        }
        return failureSide ? inner instanceof Errback<?> : inner instanceof Callback<?, ?>;
    }

    @SuppressWarnings({"rawtypes", "unchecked"})
    private Object call(Object current) throws Exception {
        if (inner instanceof Deferred.Pair p) {
            return p.invoke(current);
        }
        if (current instanceof Failure f) {
            return ((Errback) inner).call(f);
        }
        return ((Callback) inner).call(current);
    }
}
