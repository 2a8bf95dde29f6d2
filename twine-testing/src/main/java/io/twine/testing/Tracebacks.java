package io.twine.testing;

/**
 * Shortens tracebacks for assertion messages: a run of test-framework frames (JUnit, Surefire,
 * reflection) below the interesting part is replaced by one line saying how many were left out.
 * The full trace stays available: the AssertionError carries the original exception as its cause.
 */
final class Tracebacks {
    private Tracebacks() {
    }

    static String trim(String traceback) {
        String[] lines = traceback.split("\n", -1);
        StringBuilder sb = new StringBuilder(traceback.length());
        int run = 0;
        String indent = "";
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i];
            if (isFrameworkFrame(line)) {
                if (run == 0) {
                    indent = line.substring(0, line.length() - line.stripLeading().length());
                }
                run++;
                continue;
            }
            flush(sb, run, indent);
            run = 0;
            sb.append(line);
            if (i < lines.length - 1) {
                sb.append('\n');
            }
        }
        flush(sb, run, indent);
        return sb.toString();
    }

    private static void flush(StringBuilder sb, int run, String indent) {
        if (run > 0) {
            sb.append(indent).append("... ").append(run)
                    .append(run == 1 ? " test-framework frame" : " test-framework frames").append(" omitted\n");
        }
    }

    private static boolean isFrameworkFrame(String line) {
        String s = line.strip();
        if (s.startsWith("at ")) {
            s = s.substring(3);
        }
        return s.startsWith("org.junit.")
                || s.startsWith("org.apache.maven.surefire.")
                || s.startsWith("java.base/jdk.internal.reflect.")
                || s.startsWith("jdk.internal.reflect.")
                || s.startsWith("java.base/java.lang.reflect.Method.invoke(")
                || s.startsWith("java.lang.reflect.Method.invoke(")
                || s.startsWith("java.base/java.util.ArrayList.forEach(");
    }
}
