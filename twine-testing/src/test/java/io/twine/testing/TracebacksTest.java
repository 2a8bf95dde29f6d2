package io.twine.testing;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** {@link Tracebacks#trim}: test-framework frames are left out of assertion messages. */
class TracebacksTest {

    @Test
    void collapsesARunOfFrameworkFramesIntoOneLine() {
        String trace = """
                java.io.IOException: boom
                \tat com.example.Thing.run(Thing.java:3)
                \tat java.base/jdk.internal.reflect.DirectMethodHandleAccessor.invoke(DirectMethodHandleAccessor.java:104)
                \tat java.base/java.lang.reflect.Method.invoke(Method.java:565)
                \tat org.junit.platform.commons.util.ReflectionUtils.invokeMethod(ReflectionUtils.java:787)
                \tat com.example.Main.main(Main.java:9)
                """;

        assertThat(Tracebacks.trim(trace)).isEqualTo("""
                java.io.IOException: boom
                \tat com.example.Thing.run(Thing.java:3)
                \t... 3 test-framework frames omitted
                \tat com.example.Main.main(Main.java:9)
                """);
    }

    @Test
    void keepsTheIndentOfDebugSiteListings() {
        String sites = " C: Deferred was created:\n  com.example.A.b(A.java:1)\n  org.junit.X.y(X.java:2)\n";

        assertThat(Tracebacks.trim(sites))
                .isEqualTo(" C: Deferred was created:\n  com.example.A.b(A.java:1)\n  ... 1 test-framework frame omitted\n");
    }

    @Test
    void leavesATraceWithoutFrameworkFramesAlone() {
        String trace = "java.io.IOException: boom\n\tat com.example.Thing.run(Thing.java:3)\n";

        assertThat(Tracebacks.trim(trace)).isEqualTo(trace);
    }
}
