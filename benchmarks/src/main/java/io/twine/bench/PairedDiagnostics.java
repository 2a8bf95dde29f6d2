package io.twine.bench;

import java.io.File;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.IntToLongFunction;

/**
 * Issue 7's "debug mode off costs nothing measurable against a build without it", as a paired
 * comparison that survives a loaded machine. The same classes (twine-core and the workload shapes
 * of {@link W1PendingChain}, {@link W2AlreadyFired}, {@link W3ErrorPath}) are loaded twice in
 * this JVM, each copy by its own class loader: {@code off} initialised with diagnostics off but
 * available (the default), {@code none} initialised under {@code -Dtwine.diagnostics=none}, where
 * {@code Deferred.DIAGNOSTICS} is a {@code static final false} and the JIT folds the engine's reads
 * of the switch word away (the code a build without diagnostics compiles to). The two copies then
 * take turns in short slices as in {@link PairedPeers}; each copy has its own compiled code and
 * profiles. A third copy, {@code offCopy}, identical to {@code off}, is the control: its ratio to
 * {@code off} is the resolution of the method on that run. Usage:
 * {@code PairedDiagnostics W1|W2|W2One|W3 [rounds]}; output as PairedPeers', ratios to {@code off}
 * (above 1: slower than the default build).
 */
public final class PairedDiagnostics {

    private PairedDiagnostics() {
    }

    public static void main(String[] args) throws Exception {
        String which = args[0];
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 300;
        int n = switch (which) {
            case "W1", "W2" -> 400;
            case "W2One" -> 5000;
            case "W3" -> 200;
            default -> throw new IllegalArgumentException("workload must be W1, W2, W2One or W3, got " + which);
        };
        Map<String, IntToLongFunction> v = new LinkedHashMap<>();
        v.put("off", load(null, which));
        v.put("none", load("none", which));
        // Control: a second copy identical to the first; its ratio shows what the harness resolves.
        v.put("offCopy", load(null, which));
        PairedPeers.measure("Diag" + which, v, n, rounds);
    }

    /** A fresh copy of twine-core and the shapes, whose Deferred was initialised under {@code property}. */
    static IntToLongFunction load(String property, String which) throws Exception {
        String key = "twine.diagnostics";
        String old = System.getProperty(key);
        ClassLoader loader = new URLClassLoader("twine-diagnostics-" + property, classPath(),
                ClassLoader.getPlatformClassLoader());
        try {
            if (property == null) {
                System.clearProperty(key);
            } else {
                System.setProperty(key, property);
            }
            Class.forName("io.twine.defer.Deferred", true, loader); // reads the property now
        } finally {
            if (old == null) {
                System.clearProperty(key);
            } else {
                System.setProperty(key, old);
            }
        }
        Class<?> shapes = Class.forName(Shapes.class.getName(), true, loader);
        if (shapes == Shapes.class) {
            throw new IllegalStateException("the copy shares this loader's classes; nothing would be compared");
        }
        return (IntToLongFunction) shapes.getConstructor(String.class).newInstance(which);
    }

    private static URL[] classPath() throws MalformedURLException {
        String[] parts = System.getProperty("java.class.path").split(File.pathSeparator);
        URL[] urls = new URL[parts.length];
        for (int i = 0; i < parts.length; i++) {
            urls[i] = Path.of(parts[i]).toUri().toURL();
        }
        return urls;
    }

    /** The measuring loops, one class per loader so that each copy's loop is compiled on its own. */
    public static final class Shapes implements IntToLongFunction {
        private final String which;
        private final W1PendingChain w1 = new W1PendingChain();
        private final W2AlreadyFired w2 = new W2AlreadyFired();
        private final W3ErrorPath w3 = new W3ErrorPath();

        public Shapes(String which) {
            this.which = which;
        }

        @Override
        public long applyAsLong(int k) {
            long h = 0;
            switch (which) {
                case "W1" -> {
                    for (int i = 0; i < k; i++) {
                        h += w1.twine().hashCode();
                    }
                }
                case "W2" -> {
                    for (int i = 0; i < k; i++) {
                        h += w2.twine().hashCode();
                    }
                }
                case "W2One" -> {
                    for (int i = 0; i < k; i++) {
                        h += w2.twineOne().hashCode();
                    }
                }
                default -> {
                    for (int i = 0; i < k; i++) {
                        h += w3.twine().hashCode();
                    }
                }
            }
            return h;
        }
    }
}
