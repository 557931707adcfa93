package dev.outboxcdc.ctl.config;

import static org.assertj.core.api.Assertions.assertThat;

import dev.outboxcdc.ctl.OutboxCtl;
import dev.outboxcdc.support.config.Env;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.Map;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class ConfigCommandTest {

    private record Run(int status, String out) {}

    private static Run config(String service, Map<String, String> variables) {
        CommandLine command = OutboxCtl.commandLine(new Env(variables));
        StringWriter out = new StringWriter();
        command.setOut(new PrintWriter(out));
        int status = command.execute("config", service);
        return new Run(status, out.toString());
    }

    @Test
    void printsEverySettingTheServiceReadsWithWhereItsValueComesFromAndMasksSecrets() {
        Run run = config("relay", Map.of("OUTBOX_ENV", "dev", "RELAY_BATCH_SIZE", "512", "DB_PASSWORD", "hunter2"));

        assertThat(run.status()).isZero();
        assertThat(run.out())
                .containsPattern("RELAY_BATCH_SIZE +set +512")
                .containsPattern("RELAY_MODE +default +cdc")
                .containsPattern("DB_USER +default +outbox_relay")
                .containsPattern("DB_PASSWORD +set +\\*{8}")
                .doesNotContain("hunter2")
                .doesNotContain("WORKER_PREFETCH")
                .doesNotContainPattern("(?m)^PORT ");
    }

    @Test
    void aValueTheServiceWouldRefuseIsShownWithItsLineAndTheExitStatusSaysItWouldNotStart() {
        Run run = config("worker", Map.of("OUTBOX_ENV", "dev", "WORKER_PREFETCH", "0", "WORKER_PREFECH", "10"));

        assertThat(run.status()).isEqualTo(2);
        assertThat(run.out())
                .containsPattern(
                        "WORKER_PREFETCH +REFUSED +Invalid WORKER_PREFETCH='0': expected a whole number from 1 to 65535")
                .contains("warning: Unknown variable WORKER_PREFECH (ignored): did you mean WORKER_PREFETCH?");
    }

    @Test
    void aSecretUnsetOutsideDevelopmentHasNoDefault() {
        Run run = config("api", Map.of());

        assertThat(run.out()).containsPattern("DB_PASSWORD +unset +\\(no default outside OUTBOX_ENV=dev");
        assertThat(run.out()).containsPattern("PORT +default +3000");
    }

    @Test
    void aValueSetUnderAFormerNameIsShownAsSet() {
        Run run = config("relay", Map.of("OUTBOX_ENV", "dev", "RELAY_UNROUTABLE_QUEUE", "orders.unrouted"));

        assertThat(run.status()).isZero();
        assertThat(run.out()).containsPattern("RELAY_UNROUTED_QUEUE +set +orders.unrouted");
    }
}
