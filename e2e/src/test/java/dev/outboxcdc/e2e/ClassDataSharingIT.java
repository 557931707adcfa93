package dev.outboxcdc.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.outboxcdc.harness.ServiceProcess;
import dev.outboxcdc.harness.TestEnvironment;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A service starts with its class-data-sharing archive, without one, and with one the JVM cannot use
 * (another JVM's, a corrupted file): the archive only ever makes a start faster, never stops it.
 * Each test keeps its archives in a directory of its own: never those of {@code make run} (a demo
 * may have them mapped) nor those the other tests' starts share.
 */
class ClassDataSharingIT {
    private static final Duration START_BOUND = Duration.ofSeconds(60);

    @TempDir
    Path archives;

    private Path archive;

    @BeforeEach
    void anArchiveDirectoryOfThisTestsOwn() {
        archive = archives.resolve("api.jsa");
    }

    private ServiceProcess startApi(String logName) throws Exception {
        ServiceProcess api = ServiceProcess.startModule(
                "api",
                "dev.outboxcdc.api.Main",
                TestEnvironment.get().variables(Map.of("PORT", "0")),
                logName,
                archives);
        long started = System.nanoTime();
        await().atMost(START_BOUND).until(() -> api.output().contains("api ready") || !api.isAlive());
        assertThat(api.output())
                .as("ready within %s (took %d ms)", START_BOUND, (System.nanoTime() - started) / 1_000_000)
                .contains("api ready");
        return api;
    }

    @Test
    void withoutAnArchiveTheFirstCleanStopLeavesOneThatTheNextStartUses() throws Exception {
        try (ServiceProcess first = startApi("cds-first")) {
            first.stopCleanly(Duration.ofSeconds(30));
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> Files.isRegularFile(archive));

        try (ServiceProcess second = startApi("cds-second")) {
            assertThat(second.output()).doesNotContain("Unable to use shared archive");
            second.stopCleanly(Duration.ofSeconds(30));
        }
    }

    @Test
    void aKilledStartLeavesNoArchiveBehind() throws Exception {
        try (ServiceProcess killed = startApi("cds-killed")) {
            assertThat(killed.dumpsClassData()).isTrue();
            killed.kill();
        }

        assertThat(archive).doesNotExist();
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            try (var dumps = Files.list(archives)) {
                assertThat(dumps).isEmpty();
            }
        });
    }

    @Test
    void anArchiveTheJvmCannotUseIsIgnoredAndTheServiceStartsWithoutIt() throws Exception {
        Files.writeString(archive, "not a class-data archive");

        try (ServiceProcess api = startApi("cds-unusable")) {
            api.stopCleanly(Duration.ofSeconds(30));
        }
    }
}
