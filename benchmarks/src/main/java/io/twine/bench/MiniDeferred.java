package io.twine.bench;

import java.util.ArrayList;
import java.util.function.Function;

/**
 * The floor: the least a callback list can do. Single-threaded (no lock, no volatile), no
 * chaining, no pause, no cancellation, no unhandled-error tracking. Callbacks and errbacks are
 * kept in one {@link ArrayList} as in the reference prototype ("minimal Deferred, ArrayList",
 * 5.9 ns per stage on this machine); a failure travels as a {@link Fail} value.
 *
 * <p>It is a benchmark yardstick, not a library: nothing here is safe to share between threads.
 */
final class MiniDeferred {

    /** The failure side of the chain: wraps the exception a callback threw. */
    record Fail(Throwable error) { }

    /** An errback entry: runs only on the failure side. */
    record Recover(Function<Throwable, Object> fn) { }

    private ArrayList<Object> chain;
    private Object result;
    private boolean called;

    /** An already fired one (Twisted's succeed). */
    static MiniDeferred succeed(Object value) {
        MiniDeferred d = new MiniDeferred();
        d.result = value;
        d.called = true;
        return d;
    }

    MiniDeferred addCallback(Function<Object, Object> fn) {
        return add(fn);
    }

    MiniDeferred addErrback(Function<Throwable, Object> fn) {
        return add(new Recover(fn));
    }

    private MiniDeferred add(Object entry) {
        if (called) {
            result = step(entry, result);
        } else {
            if (chain == null) {
                chain = new ArrayList<>();
            }
            chain.add(entry);
        }
        return this;
    }

    void callback(Object value) {
        if (called) {
            throw new IllegalStateException("already called");
        }
        called = true;
        Object r = value;
        ArrayList<Object> c = chain;
        if (c != null) {
            chain = null;
            for (int i = 0, n = c.size(); i < n; i++) {
                r = step(c.get(i), r);
            }
        }
        result = r;
    }

    boolean called() {
        return called;
    }

    Object result() {
        return result;
    }

    @SuppressWarnings("unchecked")
    static Object step(Object entry, Object r) {
        try {
            if (r instanceof Fail f) {
                return entry instanceof Recover rec ? rec.fn().apply(f.error()) : r;
            }
            return entry instanceof Recover ? r : ((Function<Object, Object>) entry).apply(r);
        } catch (RuntimeException e) {
            return new Fail(e);
        }
    }
}
