package dev.outboxcdc.producer;

import static org.assertj.core.api.Assertions.assertThat;

import dev.outboxcdc.harness.ProjectRoot;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** docs/LIBRARY.md shows {@link Registrations} as it is compiled and run ({@code OutboxWriterIT}), line for line. */
class LibraryDocTest {
    @Test
    void theDocumentsExampleIsTheCompiledOne() throws Exception {
        Path root = ProjectRoot.find();
        String source =
                Files.readString(root.resolve("producer/src/test/java/dev/outboxcdc/producer/Registrations.java"));
        String example = source.substring(
                        source.indexOf("// LIBRARY.md:start\n") + "// LIBRARY.md:start\n".length(),
                        source.indexOf("// LIBRARY.md:end"))
                .strip();

        assertThat(Files.readString(root.resolve("docs/LIBRARY.md")))
                .as("docs/LIBRARY.md must show producer/src/test/.../Registrations.java as it is")
                .contains("```java\n" + example + "\n```");
    }
}
