package io.twine.defer;

import java.lang.System.Logger.Level;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Chooses the coroutine mechanism once per JVM: the continuation when Twine can reach
 * {@code jdk.internal.vm}, else the virtual-thread fallback.
 *
 * <p>The system property {@value #PROPERTY} set to {@code virtual-thread} forces the fallback
 * (the test suite uses it to run every coroutine test in both modes); {@code continuation} makes
 * an unavailable continuation an error instead of a fallback; absent or {@code auto} chooses.
 */
final class CoroutineFibers {
    static final String PROPERTY = "twine.coroutine.mechanism";
    private static final String CONTINUATION_FACTORY = "io.twine.defer.ContinuationFiber$Factory";
    private static final System.Logger LOG = System.getLogger("io.twine.defer.Coroutines");
    private static final AtomicBoolean WARNED = new AtomicBoolean();

    /** The continuation factory, or {@code null} when the JVM does not let Twine use it. */
    private static final CoroutineFiber.Factory CONTINUATIONS;
    /** Why {@link #CONTINUATIONS} is null, for the log message. */
    private static final String UNAVAILABLE_BECAUSE;
    private static final CoroutineFiber.Factory CHOSEN;
    private static final boolean FORCED;

    static {
        CoroutineFiber.Factory continuations = null;
        String why = null;
        try {
            CoroutineFiber.Factory f = (CoroutineFiber.Factory) Class
                    .forName(CONTINUATION_FACTORY, true, CoroutineFibers.class.getClassLoader())
                    .getDeclaredConstructor().newInstance();
            probe(f);
            continuations = f;
        } catch (LinkageError | ReflectiveOperationException | RuntimeException e) {
            // IllegalAccessError when java.base does not export jdk.internal.vm to us: the usual case.
            Throwable cause = e instanceof java.lang.reflect.InvocationTargetException ite && ite.getCause() != null
                    ? ite.getCause() : e;
            why = cause.toString();
        }
        CONTINUATIONS = continuations;
        UNAVAILABLE_BECAUSE = why;
        String wanted = System.getProperty(PROPERTY, "auto").trim().toLowerCase(Locale.ROOT);
        switch (wanted) {
            case "virtual-thread" -> {
                CHOSEN = VirtualThreadFiber.FACTORY;
                FORCED = true;
            }
            case "continuation" -> {
                if (continuations == null) {
                    throw new IllegalStateException("-D" + PROPERTY + "=continuation, but the continuation is "
                            + "unavailable (" + why + "); start the JVM with " + addExportsFlag());
                }
                CHOSEN = continuations;
                FORCED = true;
            }
            case "auto" -> {
                CHOSEN = continuations != null ? continuations : VirtualThreadFiber.FACTORY;
                FORCED = false;
            }
            default -> throw new IllegalArgumentException("-D" + PROPERTY + " must be auto, continuation or "
                    + "virtual-thread, got '" + wanted + "'");
        }
    }

    private CoroutineFibers() {
    }

    /** Runs a fiber that suspends once, to check that the mechanism really works here. */
    private static void probe(CoroutineFiber.Factory f) {
        CoroutineFiber[] self = new CoroutineFiber[1];
        String[] pinned = new String[1];
        self[0] = f.create(() -> pinned[0] = self[0].suspend());
        if (self[0].resume() || !self[0].resume() || pinned[0] != null) {
            throw new IllegalStateException("continuation probe did not suspend and resume as expected");
        }
    }

    /** The mechanism every coroutine of this JVM uses. */
    static CoroutineFiber.Factory factory() {
        return CHOSEN;
    }

    /** The continuation factory if available (for measurements that compare mechanisms), else null. */
    static CoroutineFiber.Factory continuationsOrNull() {
        return CONTINUATIONS;
    }

    /** The exact command-line flag that lets Twine use the continuation, for this deployment. */
    static String addExportsFlag() {
        Module m = CoroutineFibers.class.getModule();
        return "--add-exports java.base/jdk.internal.vm=" + (m.isNamed() ? m.getName() : "ALL-UNNAMED");
    }

    /** Whether the once-per-JVM fallback notice has been logged (for tests). */
    static boolean fallbackNoticeLogged() {
        return WARNED.get();
    }

    /** Called by the fallback when a platform thread resumes a coroutine: say once what fixes it. */
    static void platformThreadResumesFallback() {
        if (WARNED.get() || !WARNED.compareAndSet(false, true)) {
            return;
        }
        if (FORCED || UNAVAILABLE_BECAUSE == null) {
            // Forced by the property (or chosen directly by a measurement): the user asked for it.
            LOG.log(Level.INFO, "Twine coroutines use virtual threads ({0}); each await resumed from a platform "
                    + "thread costs tens of microseconds.", FORCED ? "-D" + PROPERTY + "=virtual-thread" : "chosen directly");
        } else {
            LOG.log(Level.WARNING, "Twine coroutines fall back to virtual threads because the JVM does not export "
                    + "jdk.internal.vm to Twine ({0}); each await resumed from a platform thread then costs tens of "
                    + "microseconds instead of about 0.1. Start the JVM with {1} to use the JDK''s continuations.",
                    UNAVAILABLE_BECAUSE, addExportsFlag());
        }
    }
}
