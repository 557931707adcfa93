package dev.outboxcdc.support.config.variables;

import static org.assertj.core.api.Assertions.assertThat;

import dev.outboxcdc.support.config.Env;
import dev.outboxcdc.support.config.Setting;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

class VariablesTest {

    @Test
    void everyVariableIsDeclaredOnceWithItsReadersAndADocLine() {
        assertThat(Variables.all()).extracting(Setting::name).doesNotHaveDuplicates();
        assertThat(Variables.all()).allSatisfy(setting -> {
            assertThat(setting.readBy()).as(setting.name()).isNotEmpty();
            assertThat(setting.doc()).as(setting.name()).isNotBlank();
            assertThat(setting.allowed()).as(setting.name()).isNotBlank();
        });
    }

    @Test
    void aMistypedVariableIsNamedWithTheNearestKnownName() {
        Env env = new Env(Map.of("RELAY_BATCH_SIZ", "100", "WORKER_PREFECH", "10"));

        assertThat(Variables.unknown(env))
                .containsExactly(
                        "Unknown variable RELAY_BATCH_SIZ (ignored): did you mean RELAY_BATCH_SIZE?",
                        "Unknown variable WORKER_PREFECH (ignored): did you mean WORKER_PREFETCH?");
    }

    @Test
    void aFarOffNameGetsNoGuessButThePage() {
        assertThat(Variables.unknown(new Env(Map.of("WORKER_FAVOURITE_COLOUR", "blue"))))
                .containsExactly("Unknown variable WORKER_FAVOURITE_COLOUR (ignored): docs/CONFIGURATION.md lists"
                        + " the project's variables");
    }

    @Test
    void knownNamesASecretsFileAndOtherProjectsVariablesAreNotWarnedAbout() {
        Env env = new Env(Map.of(
                "RELAY_BATCH_SIZE", "100",
                "DB_PASSWORD_FILE", "/run/secrets/db",
                "OUTBOX_INFRA_DB_PORT", "3308",
                "OUTBOX_INFRA_DB_PORT_SETTING", "TEST_DB_PORT",
                "PATH", "/usr/bin",
                "OTEL_SERVICE_NAME", "x",
                "HOME", "/root"));

        assertThat(Variables.unknown(env)).isEmpty();
    }

    @Test
    void theCommittedPageIsWhatTheCatalogueSays() throws Exception {
        Path page = Path.of("..", "docs", "CONFIGURATION.md");

        assertThat(Files.readString(page, StandardCharsets.UTF_8))
                .as("docs/CONFIGURATION.md is generated from the catalogue: run make build and commit it")
                .isEqualTo(ConfigurationPage.render());
    }

    @Test
    void thePageListsEveryVariableWithItsDefaultAndMarksTheSecrets() {
        String page = ConfigurationPage.render();

        assertThat(Variables.all()).allSatisfy(setting -> assertThat(page).contains("| `" + setting.name() + "`"));
        assertThat(page)
                .contains("| `RELAY_BATCH_SIZE` | `2048` | relay | a whole number from 1 to 65536 |")
                .contains("| `DB_PASSWORD` (secret) |")
                .contains("| `DB_USER` | each its own: `outbox_api`, `outbox_relay`, `outbox_worker`, `outbox_ctl` |");
    }
}
