package dev.outboxcdc.tools;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.outboxcdc.tools.load.LoadOptions;
import dev.outboxcdc.tools.verify.PipelineVerifier;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.Test;

class LoadTestProgressTest {

    @Test
    void theProgressLineKeepsComingEverySecondWhileTheDatabaseIsUnavailableAndSaysSo() {
        // Nothing listens on port 1: every read of the database fails at once, as during an outage.
        Jdbi unreachable = Jdbi.create("jdbc:mariadb://127.0.0.1:1/outbox?connectTimeout=200", "nobody", "none");
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        LoadTest loadTest = new LoadTest(
                new PipelineVerifier(unreachable, "outbox", "nobody"),
                new PrintStream(printed, true, StandardCharsets.UTF_8));
        LoadOptions options =
                new LoadOptions(URI.create("http://127.0.0.1:9"), 50, 4, Duration.ofMillis(3_500), 0, "progress");

        assertThatThrownBy(() -> loadTest.run(options, Duration.ofMillis(500)))
                .as("the final verification needs the database")
                .isInstanceOf(RuntimeException.class);

        assertThat(printed.toString(StandardCharsets.UTF_8)
                        .lines()
                        .filter(line -> line.startsWith("t=") && line.contains("database unavailable")))
                .hasSizeGreaterThanOrEqualTo(3);
    }
}
