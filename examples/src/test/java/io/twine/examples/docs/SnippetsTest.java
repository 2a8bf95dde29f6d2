package io.twine.examples.docs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The snippet checker itself: it finds what it should, and a drifted block is detected. */
class SnippetsTest {

    private static final List<String> SOURCE = List.of(
            "class Outer {",
            "    static final String CODE = \"\"\"",
            "            run() { not a brace that counts",
            "            \"\"\";",
            "    // tag::greet[]",
            "    String greet() {",
            "        return \"}\"; // }",
            "    }",
            "    // end::greet[]",
            "    static final class Inner {",
            "        void run() {",
            "            podBayDoors.open();",
            "            pod.launch();",
            "        }",
            "    }",
            "}");

    /** A tag region is the lines between its tag and end comments. */
    @Test
    void tagRegionIsTheLinesBetweenItsComments() {
        assertThat(Snippets.region(SOURCE, "greet"))
                .containsExactly("    String greet() {", "        return \"}\"; // }", "    }");
    }

    /** A name that is not a tag is not a region. */
    @Test
    void unknownTagIsNoRegion() {
        assertThat(Snippets.region(SOURCE, "farewell")).isNull();
    }

    /** A nested method is found by its class path, braces in strings and comments ignored. */
    @Test
    void nestedMethodBodyIsFoundByItsPath() {
        assertThat(Snippets.member(SOURCE, new String[] {"Outer", "Inner", "run"}, true, Path.of("X.java")))
                .containsExactly("            podBayDoors.open();", "            pod.launch();");
    }

    /** Without /body the whole declaration is taken. */
    @Test
    void wholeDeclarationIncludesSignatureAndBraces() {
        assertThat(Snippets.member(SOURCE, new String[] {"Outer", "greet"}, false, Path.of("X.java")))
                .containsExactly("    String greet() {", "        return \"}\"; // }", "    }");
    }

    /** A method that does not exist is an error naming it, not an empty snippet. */
    @Test
    void missingMemberIsAnError() {
        assertThatThrownBy(() -> Snippets.member(SOURCE, new String[] {"Outer", "Inner", "launch"}, true, Path.of("X.java")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("launch");
    }

    /** Common indentation, trailing blanks and blank edge lines do not matter; anything else does. */
    @Test
    void normaliseRemovesOnlyIndentationAndEdges() {
        assertThat(Snippets.normalise(List.of("", "    a(); ", "      b();", "")))
                .containsExactly("a();", "  b();");
    }

    /** Markdown blocks carry the marker right before them, and only that block does. */
    @Test
    void blocksCarryTheMarkerBeforeThem(@TempDir Path dir) throws IOException {
        Path md = dir.resolve("x.md");
        Files.writeString(md, String.join("\n",
                "# Title",
                "<!-- snippet: a/B.java#greet -->",
                "",
                "```java",
                "String greet() {",
                "```",
                "Some prose.",
                "```java",
                "unmarked();",
                "```",
                "<!-- unchecked: pseudo-code -->",
                "```java",
                "whenDone(...);",
                "```",
                ""));

        List<Snippets.Block> blocks = Snippets.blocks(md);

        assertThat(blocks).extracting(Snippets.Block::marker).containsExactly("snippet", null, "unchecked");
        assertThat(blocks.get(0).reference()).isEqualTo("a/B.java#greet");
        assertThat(blocks.get(0).line()).isEqualTo(4);
        assertThat(blocks.get(0).code()).containsExactly("String greet() {");
    }

    /** A block that drifted from its source compares unequal (the docs test can fail). */
    @Test
    void driftedBlockDiffersFromItsSource(@TempDir Path dir) throws IOException {
        Path src = dir.resolve("Outer.java");
        Files.write(src, SOURCE);

        List<String> source = Snippets.normalise(Snippets.resolve(dir, "Outer.java#Outer.Inner.run/body"));

        assertThat(source).containsExactly("podBayDoors.open();", "pod.launch();");
        assertThat(Snippets.normalise(List.of("pod.launch();", "podBayDoors.open();"))).isNotEqualTo(source);
    }
}
