package io.twine.defer;

import java.net.URL;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Places in user code: stack captures with Twine's own frames removed, so that a site names the
 * line that created a Deferred or added a callback, not the engine that did it for them.
 *
 * <p>A frame is Twine's own when its class was loaded from the same place (jar or directory) as
 * {@link Deferred}; frames of the JDK's continuation machinery ({@code jdk.internal.vm}), which
 * sit under every coroutine body, are dropped too. Comparing where the class file comes from, not package names, keeps frames
 * of user code that lives in Twine's packages (tests, examples) visible.
 */
final class Sites {
    /** Frames kept per site: enough to see the caller's caller. */
    static final int DEPTH = 6;
    private static final String CONTINUATIONS = "jdk.internal.vm.";
    private static final StackWalker WALKER = StackWalker.getInstance(StackWalker.Option.RETAIN_CLASS_REFERENCE);
    private static final String CORE_ROOT = root(Deferred.class);
    private static final ClassValue<Boolean> INTERNAL = new ClassValue<>() {
        @Override
        protected Boolean computeValue(Class<?> type) {
            if (type.getName().startsWith(CONTINUATIONS)) {
                return true; // the JDK's coroutine machinery under a coroutine body says nothing about the user's code
            }
            return CORE_ROOT != null && type.getName().startsWith("io.twine.") && CORE_ROOT.equals(root(type));
        }
    };
    private static final ConcurrentHashMap<String, Boolean> INTERNAL_BY_NAME = new ConcurrentHashMap<>();
    private static final StackTraceElement[] NONE = new StackTraceElement[0];

    private Sites() {
    }

    /** The calling user code, innermost first, at most {@link #DEPTH} frames. */
    static StackTraceElement[] capture() {
        return WALKER.walk(frames -> frames
                .filter(f -> !INTERNAL.get(f.getDeclaringClass()))
                .limit(DEPTH)
                .map(StackWalker.StackFrame::toStackTraceElement)
                .toArray(StackTraceElement[]::new));
    }

    /** The user frames of a Throwable's stack (for debug-mode creation and invoker sites). */
    static StackTraceElement[] of(Throwable t) {
        if (t == null) {
            return NONE;
        }
        List<StackTraceElement> kept = new ArrayList<>();
        for (StackTraceElement e : t.getStackTrace()) {
            if (!internal(e)) {
                kept.add(e);
                if (kept.size() == DEPTH) {
                    break;
                }
            }
        }
        return kept.toArray(NONE);
    }

    static boolean internal(StackTraceElement e) {
        String name = e.getClassName();
        if (name.startsWith(CONTINUATIONS)) {
            return true;
        }
        if (!name.startsWith("io.twine.")) {
            return false;
        }
        return INTERNAL_BY_NAME.computeIfAbsent(name, n -> {
            try {
                return INTERNAL.get(Class.forName(n, false, Deferred.class.getClassLoader()));
            } catch (ClassNotFoundException | LinkageError notOurs) {
                return false;
            }
        });
    }

    /** First frame as {@code Class.method(File.java:12)}, or a placeholder. */
    static String first(StackTraceElement[] site) {
        if (site == null || site.length == 0) {
            return "an unknown place (no user frames)";
        }
        return format(site[0]);
    }

    static String format(StackTraceElement e) {
        String file = e.getFileName();
        String where = file == null ? "Unknown Source" : e.getLineNumber() >= 0 ? file + ":" + e.getLineNumber() : file;
        return e.getClassName() + "." + e.getMethodName() + "(" + where + ")";
    }

    /** Where {@code type}'s class file was loaded from, without the class's own path. */
    private static String root(Class<?> type) {
        Class<?> top = type;
        while (top.getEnclosingClass() != null) {
            top = top.getEnclosingClass();
        }
        String path = top.getName().replace('.', '/') + ".class";
        URL url;
        try {
            url = top.getResource("/" + path);
        } catch (RuntimeException e) {
            return null;
        }
        if (url == null) {
            return null;
        }
        String s = url.toString();
        return s.endsWith(path) ? s.substring(0, s.length() - path.length()) : s;
    }
}
