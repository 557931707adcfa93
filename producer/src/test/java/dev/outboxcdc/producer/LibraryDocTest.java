package dev.outboxcdc.producer;

import static org.assertj.core.api.Assertions.assertThat;

import dev.outboxcdc.harness.DocumentedExample;
import org.junit.jupiter.api.Test;

/** docs/LIBRARY.md shows {@link Registrations} as it is compiled and run ({@code OutboxWriterIT}), line for line. */
class LibraryDocTest {
    private static final String SOURCE = "producer/src/test/java/dev/outboxcdc/producer/Registrations.java";

    @Test
    void theDocumentsExampleIsTheCompiledOne() {
        assertThat(DocumentedExample.page("docs/LIBRARY.md"))
                .as("docs/LIBRARY.md must show " + SOURCE + " as it is")
                .contains(DocumentedExample.block(SOURCE));
    }
}
