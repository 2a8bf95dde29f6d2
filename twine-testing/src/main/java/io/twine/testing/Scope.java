package io.twine.testing;

import io.twine.defer.Deferred;
import io.twine.defer.UnhandledErrorRecording;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * What {@link TwineExtension} holds for one test, or for one test class: the janitors' watches,
 * the resources injected so far, and the debug-mode setting to restore. Kept in the context's
 * store; finished exactly once.
 */
final class Scope implements AutoCloseable {
    private final ExtensionContext context;
    private final List<Janitor.Watch> watches = new ArrayList<>();
    /** Guarded by {@code this}; insertion order, so resources are finished in creation order. */
    private final Map<TestResource<?>, Object> resources = new LinkedHashMap<>();
    private final boolean restoreDebugging;
    private final boolean previousDebugging;
    private boolean finished;

    Scope(ExtensionContext context, List<Janitor> janitors, boolean debug) {
        this.context = context;
        previousDebugging = Deferred.getDebugging();
        restoreDebugging = debug;
        if (debug) {
            Deferred.setDebugging(true);
        }
        for (Janitor j : janitors) {
            watches.add(j.start(context));
        }
    }

    /** The resource of {@code kind} for this scope, made on first request. */
    synchronized <T> T resource(TestResource<T> kind) {
        if (finished) {
            throw new IllegalStateException("the " + kind.type().getSimpleName() + " of " + context.getDisplayName()
                    + " was requested after the test ended");
        }
        Object r = resources.get(kind);
        if (r == null) {
            r = kind.create(context);
            resources.put(kind, r);
        }
        return kind.type().cast(r);
    }

    /** The recording of unhandled errors for this scope. */
    UnhandledErrorRecording recording() {
        for (Janitor.Watch w : watches) {
            if (w instanceof UnhandledErrorJanitor.Watching u) {
                return u.recording;
            }
        }
        throw new IllegalStateException("no unhandled-error janitor is installed");
    }

    /**
     * Finishes resources first (releasing one, such as stopping a reactor, may fail Deferreds),
     * then the janitors; restores debug mode last. Idempotent: a second call returns nothing.
     */
    List<Leftover> finish() {
        Map<TestResource<?>, Object> rs;
        synchronized (this) {
            if (finished) {
                return List.of();
            }
            finished = true;
            rs = new LinkedHashMap<>(resources);
            resources.clear();
        }
        List<Leftover> out = new ArrayList<>();
        try {
            // One check going wrong must not stop the others from cleaning up.
            for (Map.Entry<TestResource<?>, Object> e : rs.entrySet()) {
                try {
                    out.addAll(finishResource(e.getKey(), e.getValue()));
                } catch (RuntimeException | Error x) {
                    out.add(new Leftover("Releasing the injected " + e.getKey().type().getSimpleName() + " threw " + x, x));
                }
            }
            for (Janitor.Watch w : watches) {
                try {
                    out.addAll(w.finish());
                } catch (RuntimeException | Error x) {
                    out.add(new Leftover("Twine's end-of-test check " + w + " threw " + x, x));
                }
            }
        } finally {
            if (restoreDebugging) {
                Deferred.setDebugging(previousDebugging);
            }
        }
        return out;
    }

    private <T> List<Leftover> finishResource(TestResource<T> kind, Object resource) {
        return kind.finish(kind.type().cast(resource), context);
    }

    /** Called by JUnit when the context's store is closed: finishes a scope whose after-callback never ran. */
    @Override
    public void close() {
        finish();
    }
}
