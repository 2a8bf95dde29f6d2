package io.twine.examples.docs;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The docs cannot rot: every Java code block in the checked pages of {@code docs/} (the
 * introduction, the reference, and any page that uses a snippet marker) says where it comes from,
 * and is exactly that region of a source file that compiles (and is run by the examples' tests).
 */
class DocsSnippetsTest {

    static Stream<Snippets.Block> javaBlocks() throws IOException {
        Path docs = Snippets.root().resolve("docs");
        List<Path> files;
        try (Stream<Path> list = Files.list(docs)) {
            files = list.filter(p -> p.toString().endsWith(".md")).sorted().toList();
        }
        return files.stream().filter(DocsSnippetsTest::checksItsCode)
                .flatMap(f -> Snippets.blocks(f).stream()).filter(b -> b.language().equals("java"));
    }

    /**
     * The guides this test owns, and any other page that uses a snippet marker (a page opts in by
     * marking its first block; from then on all its Java blocks must be marked).
     */
    static boolean checksItsCode(Path doc) {
        String name = doc.getFileName().toString();
        return name.equals("introduction.md") || name.equals("reference.md")
                || Snippets.read(doc).stream().anyMatch(l -> l.strip().startsWith("<!-- snippet:"));
    }

    static Stream<Snippets.Block> checkedBlocks() throws IOException {
        return javaBlocks().filter(Snippets.Block::checked);
    }

    /** A Java block in the docs is either taken from a source file or explicitly marked unchecked. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("javaBlocks")
    void everyJavaBlockNamesItsSource(Snippets.Block block) {
        assertThat(block.marker())
                .as("%s: put <!-- snippet: path#name --> (or <!-- unchecked: why -->) right before the block", block)
                .isIn("snippet", "unchecked");
        assertThat(block.reference()).as("%s: the marker's text", block).isNotBlank();
    }

    /** A checked block is, line for line, the code it names (indentation aside). */
    @ParameterizedTest(name = "{0}")
    @MethodSource("checkedBlocks")
    void blockIsTheSourceItNames(Snippets.Block block) {
        List<String> source = Snippets.normalise(Snippets.resolve(Snippets.root(), block.reference()));

        assertThat(source).as("%s: the source region is empty", block).isNotEmpty();
        assertThat(Snippets.normalise(block.code()))
                .as("%s differs from its source; paste this instead:%n%s", block, String.join("\n", source))
                .containsExactlyElementsOf(source);
    }
}
