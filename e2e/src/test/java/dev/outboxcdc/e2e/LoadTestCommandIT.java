package dev.outboxcdc.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.outboxcdc.tools.LoadTestCommand;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code make loadtest} as a user runs it: a run that reached no api must not pass. */
class LoadTestCommandIT {

    @Test
    void aLoadTestAgainstAPortWhereNothingListensFailsAndSaysThatNoEventWasCreated(@TempDir Path reports)
            throws Exception {
        int status = LoadTestCommand.commandLine()
                .execute(
                        "--url",
                        "http://127.0.0.1:9",
                        "--duration",
                        "2s",
                        "--drain-timeout",
                        "1s",
                        "--report-dir",
                        reports.toString());

        assertThat(status).isNotZero();
        try (Stream<Path> files = Files.walk(reports)) {
            Path html = files.filter(file -> file.getFileName().toString().equals("report.html"))
                    .findFirst()
                    .orElseThrow();
            assertThat(Files.readString(html)).contains("FAILED: no event was created");
        }
    }
}
