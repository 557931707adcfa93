package dev.outboxcdc.consumer;

import static org.assertj.core.api.Assertions.assertThat;

import dev.outboxcdc.harness.ProjectRoot;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** docs/LIBRARY.md shows {@link CustomerContacts} as it is compiled and run ({@code EventConsumerIT}), line for line. */
class LibraryDocTest {
    @Test
    void theDocumentsExampleIsTheCompiledOne() throws Exception {
        Path root = ProjectRoot.find();
        String source =
                Files.readString(root.resolve("consumer/src/test/java/dev/outboxcdc/consumer/CustomerContacts.java"));
        String example = source.substring(
                        source.indexOf("// LIBRARY.md:start\n") + "// LIBRARY.md:start\n".length(),
                        source.indexOf("// LIBRARY.md:end"))
                .strip();

        assertThat(Files.readString(root.resolve("docs/LIBRARY.md")))
                .as("docs/LIBRARY.md must show consumer/src/test/.../CustomerContacts.java as it is")
                .contains("```java\n" + example + "\n```");
    }
}
