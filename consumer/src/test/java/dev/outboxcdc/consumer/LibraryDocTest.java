package dev.outboxcdc.consumer;

import static org.assertj.core.api.Assertions.assertThat;

import dev.outboxcdc.harness.DocumentedExample;
import org.junit.jupiter.api.Test;

/** docs/LIBRARY.md shows {@link CustomerContacts} as it is compiled and run ({@code EventConsumerIT}), line for line. */
class LibraryDocTest {
    private static final String SOURCE = "consumer/src/test/java/dev/outboxcdc/consumer/CustomerContacts.java";

    @Test
    void theDocumentsExampleIsTheCompiledOne() {
        assertThat(DocumentedExample.page("docs/LIBRARY.md"))
                .as("docs/LIBRARY.md must show " + SOURCE + " as it is")
                .contains(DocumentedExample.block(SOURCE));
    }
}
