package io.twine.examples.docs;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The docs' code blocks and the source code they are taken from.
 *
 * <p>In the markdown, each {@code ```java} block is preceded (blank lines aside) by a marker naming
 * its source, relative to the repository root:
 * <ul>
 * <li>{@code <!-- snippet: path/File.java#name -->}: the lines between {@code // tag::name[]} and
 *     {@code // end::name[]} in that file;</li>
 * <li>{@code <!-- snippet: path/File.java#Outer.Inner.method -->}: the whole declaration of that
 *     method (or class) inside those nested classes; with a {@code /body} suffix, only the lines
 *     between its braces;</li>
 * <li>{@code <!-- unchecked: reason -->}: a block deliberately not taken from compiled code.</li>
 * </ul>
 * Blocks and sources are compared line by line after removing the common indentation and trailing
 * blanks, so the docs show exactly the code that compiles and runs.
 */
final class Snippets {
    private static final Pattern MARKER = Pattern.compile("^<!--\\s*(snippet|unchecked):\\s*(.*?)\\s*-->$");
    private static final Pattern FENCE = Pattern.compile("^```(\\S*)\\s*$");

    private Snippets() {
    }

    /** A fenced code block of a markdown file, with the marker before it (null if none). */
    record Block(Path doc, int line, String language, String marker, String reference, List<String> code) {
        boolean checked() {
            return "snippet".equals(marker);
        }

        @Override
        public String toString() {
            return doc.getFileName() + ":" + line + (reference == null ? "" : " <- " + reference);
        }
    }

    /** The repository root, found from the module directory Surefire runs in. */
    static Path root() {
        Path here = Path.of("").toAbsolutePath();
        for (Path p = here; p != null; p = p.getParent()) {
            if (Files.isRegularFile(p.resolve("twine")) && Files.isDirectory(p.resolve("docs"))) {
                return p;
            }
        }
        throw new IllegalStateException("no repository root (with ./twine and docs/) above " + here);
    }

    /** Every fenced block of a markdown file, in order. */
    static List<Block> blocks(Path doc) {
        List<String> lines = read(doc);
        List<Block> out = new ArrayList<>();
        String marker = null;
        String reference = null;
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).strip();
            Matcher m = MARKER.matcher(line);
            Matcher fence = FENCE.matcher(line);
            if (m.matches()) {
                marker = m.group(1);
                reference = m.group(2);
            } else if (fence.matches()) {
                int start = i;
                List<String> code = new ArrayList<>();
                for (i++; i < lines.size() && !lines.get(i).strip().equals("```"); i++) {
                    code.add(lines.get(i));
                }
                if (i == lines.size()) {
                    throw new IllegalArgumentException(doc + ":" + (start + 1) + ": unclosed code block");
                }
                out.add(new Block(doc, start + 1, fence.group(1), marker, reference, code));
                marker = null;
                reference = null;
            } else if (!line.isEmpty()) {
                marker = null; // a marker belongs to the block right after it
                reference = null;
            }
        }
        return out;
    }

    /** The source lines a {@code path#selector} reference names. */
    static List<String> resolve(Path root, String reference) {
        int hash = reference.indexOf('#');
        if (hash < 0) {
            throw new IllegalArgumentException("snippet reference without #selector: " + reference);
        }
        Path file = root.resolve(reference.substring(0, hash));
        String selector = reference.substring(hash + 1);
        List<String> source = read(file);
        List<String> region = region(source, selector);
        if (region != null) {
            return region;
        }
        boolean bodyOnly = selector.endsWith("/body");
        String path = bodyOnly ? selector.substring(0, selector.length() - "/body".length()) : selector;
        return member(source, path.split("\\."), bodyOnly, file);
    }

    /** The lines between {@code // tag::name[]} and {@code // end::name[]}, or null if there is no such tag. */
    static List<String> region(List<String> source, String name) {
        String open = "// tag::" + name + "[]";
        String close = "// end::" + name + "[]";
        int from = -1;
        for (int i = 0; i < source.size(); i++) {
            String s = source.get(i).strip();
            if (s.equals(open)) {
                if (from >= 0) {
                    throw new IllegalArgumentException("tag " + name + " opened twice");
                }
                from = i + 1;
            } else if (s.equals(close)) {
                if (from < 0) {
                    throw new IllegalArgumentException("tag " + name + " closed before it was opened");
                }
                return source.subList(from, i).stream()
                        .filter(l -> !l.strip().startsWith("// tag::") && !l.strip().startsWith("// end::"))
                        .toList();
            }
        }
        if (from >= 0) {
            throw new IllegalArgumentException("tag " + name + " is never closed");
        }
        return null;
    }

    /**
     * The declaration of {@code path[last]} nested in the classes {@code path[0..last)}: from its
     * first line (annotations and javadoc excluded) to its closing brace.
     */
    static List<String> member(List<String> source, String[] path, boolean bodyOnly, Path file) {
        int from = 0;
        int to = source.size();
        for (int k = 0; k < path.length; k++) {
            String name = path[k];
            boolean last = k == path.length - 1;
            Pattern decl = last
                    ? Pattern.compile("^\\s*(?:[\\w<>\\[\\],.?@]+\\s+)+(?:" + Pattern.quote(name) + "\\s*\\(|(?:class|interface|record|enum)\\s+" + Pattern.quote(name) + "\\b)")
                    : Pattern.compile("^\\s*(?:[\\w@]+\\s+)*(?:class|interface|record|enum)\\s+" + Pattern.quote(name) + "\\b");
            int at = -1;
            for (int i = from; i < to; i++) {
                String line = source.get(i);
                String s = line.strip();
                if (s.startsWith("return ") || s.startsWith("//") || s.startsWith("*") || s.startsWith("/*")) {
                    continue;
                }
                if (decl.matcher(line).find() && !s.contains("=")) {
                    at = i;
                    break;
                }
            }
            if (at < 0) {
                throw new IllegalArgumentException(file + ": no declaration of " + name + " for " + String.join(".", path));
            }
            int[] braces = braces(source, at);
            if (last) {
                return bodyOnly ? source.subList(braces[0] + 1, braces[1]) : source.subList(at, braces[1] + 1);
            }
            from = braces[0] + 1;
            to = braces[1];
        }
        throw new AssertionError("unreachable");
    }

    /**
     * The lines of the opening brace of the declaration starting at {@code start} and of its
     * matching closing brace; braces in comments, strings, characters and text blocks do not count.
     * Declarations are expected to end their opening line with the brace and to start their
     * closing line with it, as the examples are formatted.
     */
    static int[] braces(List<String> source, int start) {
        int depth = 0;
        int open = -1;
        boolean textBlock = false;
        boolean blockComment = false;
        for (int i = start; i < source.size(); i++) {
            String line = source.get(i);
            for (int c = 0; c < line.length(); c++) {
                char ch = line.charAt(c);
                if (textBlock) {
                    if (line.startsWith("\"\"\"", c)) {
                        textBlock = false;
                        c += 2;
                    }
                } else if (blockComment) {
                    if (line.startsWith("*/", c)) {
                        blockComment = false;
                        c++;
                    }
                } else if (line.startsWith("\"\"\"", c)) {
                    textBlock = true;
                    c += 2;
                } else if (line.startsWith("//", c)) {
                    break;
                } else if (line.startsWith("/*", c)) {
                    blockComment = true;
                    c++;
                } else if (ch == '"' || ch == '\'') {
                    c = endOfLiteral(line, c, ch);
                } else if (ch == '{') {
                    if (depth++ == 0) {
                        open = i;
                    }
                } else if (ch == '}') {
                    if (--depth == 0) {
                        return new int[] {open, i};
                    }
                }
            }
        }
        throw new IllegalArgumentException("unbalanced braces after line " + (start + 1));
    }

    private static int endOfLiteral(String line, int start, char quote) {
        for (int c = start + 1; c < line.length(); c++) {
            char ch = line.charAt(c);
            if (ch == '\\') {
                c++;
            } else if (ch == quote) {
                return c;
            }
        }
        return line.length();
    }

    /** The lines without their common indentation and trailing blanks, and without blank lines at either end. */
    static List<String> normalise(List<String> lines) {
        List<String> out = new ArrayList<>(lines.stream().map(String::stripTrailing).toList());
        while (!out.isEmpty() && out.get(0).isEmpty()) {
            out.remove(0);
        }
        while (!out.isEmpty() && out.get(out.size() - 1).isEmpty()) {
            out.remove(out.size() - 1);
        }
        int indent = out.stream().filter(l -> !l.isEmpty())
                .mapToInt(l -> l.length() - l.stripLeading().length()).min().orElse(0);
        return out.stream().map(l -> l.isEmpty() ? l : l.substring(indent)).toList();
    }

    static List<String> read(Path file) {
        try {
            return Files.readAllLines(file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }
}
