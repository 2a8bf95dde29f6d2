package io.twine.examples.docs;

import static org.assertj.core.api.Assertions.assertThat;

import io.twine.defer.Deferred;
import io.twine.http.Agent;
import io.twine.testing.DeferredAssertions;
import java.io.IOException;
import java.lang.module.ModuleDescriptor;
import java.lang.module.ModuleFinder;
import java.lang.module.ModuleReference;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * {@code docs/reference.md} cannot go stale: every public type of every exported Twine package has
 * a section (a {@code ### `Type`} heading, or for a type with no methods of its own a table row
 * starting with {@code `Type`}), every public method and constant appears, in backticks, in its
 * type's section, and every section names a type that exists.
 */
class ReferenceCoverageTest {
    private static final Set<String> OBJECT_METHODS = Set.of("toString", "equals", "hashCode");

    /** The public types of the exported packages of Twine's modules, by their dotted simple name. */
    static Map<String, Class<?>> publicTypes() throws IOException, URISyntaxException {
        Map<String, Class<?>> types = new TreeMap<>();
        for (Class<?> anchor : List.of(Deferred.class, DeferredAssertions.class, Agent.class)) {
            Path classes = Path.of(anchor.getProtectionDomain().getCodeSource().getLocation().toURI());
            ModuleDescriptor module = ModuleFinder.of(classes).findAll().stream()
                    .map(ModuleReference::descriptor).findFirst()
                    .orElseThrow(() -> new IllegalStateException("no module-info in " + classes));
            for (ModuleDescriptor.Exports export : module.exports()) {
                if (export.isQualified()) {
                    continue;
                }
                for (Class<?> c : classesOf(classes, export.source(), anchor.getClassLoader())) {
                    if (isPublicApi(c)) {
                        types.put(displayName(c), c);
                    }
                }
            }
        }
        return types;
    }

    private static List<Class<?>> classesOf(Path root, String pkg, ClassLoader loader) throws IOException {
        List<Class<?>> out = new ArrayList<>();
        Path dir = root.resolve(pkg.replace('.', '/'));
        if (!Files.isDirectory(dir)) {
            // A jar (e.g. when run from the reactor after packaging): walk it as a file system.
            try (var fs = java.nio.file.FileSystems.newFileSystem(root)) {
                return classesOf(fs.getPath("/"), pkg, loader);
            }
        }
        try (Stream<Path> files = Files.list(dir)) {
            for (Path f : files.sorted().toList()) {
                String name = f.getFileName().toString();
                if (name.endsWith(".class") && !name.equals("package-info.class")) {
                    try {
                        out.add(Class.forName(pkg + "." + name.substring(0, name.length() - 6), false, loader));
                    } catch (ClassNotFoundException e) {
                        throw new IllegalStateException(e);
                    }
                }
            }
        }
        return out;
    }

    private static boolean isPublicApi(Class<?> c) {
        for (Class<?> k = c; k != null; k = k.getDeclaringClass()) {
            if (!Modifier.isPublic(k.getModifiers()) || k.isAnonymousClass() || k.isSynthetic()) {
                return false;
            }
        }
        return true;
    }

    private static String displayName(Class<?> c) {
        return c.getDeclaringClass() == null ? c.getSimpleName() : displayName(c.getDeclaringClass()) + "." + c.getSimpleName();
    }

    /** The names a type's section must mention: its own public methods and constants. */
    static Set<String> memberNames(Class<?> c) {
        Set<String> names = new TreeSet<>();
        for (Method m : c.getDeclaredMethods()) {
            if (Modifier.isPublic(m.getModifiers()) && !m.isSynthetic() && !m.isBridge()
                    && !OBJECT_METHODS.contains(m.getName())
                    && !(c.isEnum() && (m.getName().equals("values") || m.getName().equals("valueOf")))
                    && !isOverride(c, m)) {
                names.add(m.getName());
            }
        }
        for (Field f : c.getDeclaredFields()) {
            if (Modifier.isPublic(f.getModifiers()) && !f.isSynthetic()) {
                names.add(f.getName());
            }
        }
        return names;
    }

    /** Implementations of a documented supertype's method (e.g. ManualClock.seconds) are covered there. */
    private static boolean isOverride(Class<?> c, Method m) {
        List<Class<?>> supers = new ArrayList<>(List.of(c.getInterfaces()));
        if (c.getSuperclass() != null) {
            supers.add(c.getSuperclass());
        }
        for (Class<?> s : supers) {
            if (!s.getPackageName().startsWith("io.twine")) {
                continue; // JUnit's and the JDK's interfaces are not ours to document method by method
            }
            try {
                s.getMethod(m.getName(), m.getParameterTypes());
                return true;
            } catch (NoSuchMethodException e) {
                // not from this supertype
            }
        }
        return false;
    }

    /** The sections of the reference: heading name to the text up to the next heading. */
    static Map<String, String> sections(List<String> lines) {
        Map<String, String> out = new TreeMap<>();
        String current = null;
        StringBuilder text = new StringBuilder();
        for (String line : lines) {
            if (line.startsWith("#")) {
                if (current != null) {
                    out.put(current, text.toString());
                }
                current = line.startsWith("### `") ? line.substring(5, line.indexOf('`', 5)) : null;
                text.setLength(0);
            } else if (current != null) {
                text.append(line).append('\n');
            }
        }
        if (current != null) {
            out.put(current, text.toString());
        }
        return out;
    }

    private static List<String> reference() throws IOException {
        return Files.readAllLines(Snippets.root().resolve("docs/reference.md"));
    }

    /** Every public type has a section or, if it declares no methods, at least a row. */
    @Test
    void everyPublicTypeIsInTheReference() throws Exception {
        List<String> lines = reference();
        Map<String, String> sections = sections(lines);
        List<String> missing = new ArrayList<>();
        publicTypes().forEach((name, type) -> {
            boolean row = lines.stream().anyMatch(l -> l.startsWith("| `" + name + "`"));
            boolean needsSection = !memberNames(type).isEmpty();
            if (!sections.containsKey(name) && (needsSection || !row)) {
                missing.add(name + (needsSection ? " (needs a ### section: it has methods)" : ""));
            }
        });
        assertThat(missing).as("public types missing from docs/reference.md").isEmpty();
    }

    /** Every public method and constant is named in its type's section. */
    @Test
    void everyPublicMemberIsInItsTypesSection() throws Exception {
        Map<String, String> sections = sections(reference());
        List<String> missing = new ArrayList<>();
        publicTypes().forEach((name, type) -> {
            String text = sections.get(name);
            if (text == null) {
                return; // reported by the test above
            }
            for (String member : memberNames(type)) {
                if (!text.contains("`" + member + "(") && !text.contains("`" + member + "`")
                        && !text.contains("." + member + "(") && !text.contains(" " + member + "(")) {
                    missing.add(name + "." + member);
                }
            }
        });
        assertThat(missing).as("public members missing from their section of docs/reference.md").isEmpty();
    }

    /** Every type section is about a type that exists (renamed or removed types are noticed). */
    @Test
    void everySectionNamesAnExistingType() throws Exception {
        Set<String> types = publicTypes().keySet();

        assertThat(sections(reference()).keySet()).as("sections for types that do not exist").isSubsetOf(types);
    }

    /** The checks can fail: a type's section without its methods is reported. */
    @Test
    void aSectionMissingAMethodIsNoticed() {
        Map<String, String> sections = sections(List.of("### `Deferred`", "| `callback(value)` | `callback` | |"));

        assertThat(memberNames(Deferred.class)).contains("callback", "addCallback");
        assertThat(sections.get("Deferred")).contains("`callback(").doesNotContain("`addCallback");
    }

    /** The scan sees the API of all three library modules (so the checks above are not vacuous). */
    @Test
    void theScanFindsEveryModulesApi() throws Exception {
        Map<String, Class<?>> types = publicTypes();

        assertThat(types).containsKeys("Deferred", "Failure", "Coroutines", "ManualClock", "Reactor",
                "Agent", "DeferredAssertions", "Deferred.OnTimeoutCancel");
        assertThat(memberNames(types.get("ManualClock"))).contains("advance").doesNotContain("seconds", "toString");
    }
}
