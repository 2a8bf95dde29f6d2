package io.twine.defer;

import java.lang.ref.Reference;
import java.lang.ref.ReferenceQueue;
import java.lang.ref.WeakReference;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Every Deferred created while {@code pending} tracking is on, held weakly: an entry never keeps
 * its Deferred alive, and entries of collected Deferreds are dropped on the next registration or
 * snapshot. Whether a Deferred is still pending is decided when a snapshot is taken, from its live
 * state; a fired Deferred may become pending again (a later callback returns an unfired one).
 */
final class PendingRegistry {
    private static final ReferenceQueue<Deferred<?>> COLLECTED = new ReferenceQueue<>();
    private static final Set<Entry> LIVE = ConcurrentHashMap.newKeySet();
    private static final AtomicLong IDS = new AtomicLong();

    /** One tracked Deferred: a weak reference plus what is known from its birth. */
    static final class Entry extends WeakReference<Deferred<?>> {
        final long id;
        final long bornNanos;
        final StackTraceElement[] site;

        Entry(Deferred<?> d, long id, long bornNanos, StackTraceElement[] site) {
            super(d, COLLECTED);
            this.id = id;
            this.bornNanos = bornNanos;
            this.site = site;
        }
    }

    private PendingRegistry() {
    }

    static void register(Deferred<?> d) {
        expunge();
        LIVE.add(new Entry(d, IDS.incrementAndGet(), Instrumentation.now(), Sites.capture()));
    }

    /** The entries whose Deferred may still be alive. */
    static List<Entry> entries() {
        expunge();
        return new ArrayList<>(LIVE);
    }

    static int size() {
        expunge();
        return LIVE.size();
    }

    /** Forgets everything tracked so far (tests, and {@link Deferreds#clearPending()}). */
    static void clear() {
        LIVE.clear();
        expunge();
    }

    private static void expunge() {
        Reference<?> r;
        while ((r = COLLECTED.poll()) != null) {
            LIVE.remove(r);
        }
    }
}
