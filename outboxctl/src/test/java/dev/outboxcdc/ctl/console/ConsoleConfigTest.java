package dev.outboxcdc.ctl.console;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.outboxcdc.support.config.ConfigException;
import dev.outboxcdc.support.config.Env;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConsoleConfigTest {
    @Test
    void theDefaultsListenOnLoopbackOnly() {
        ConsoleConfig config = ConsoleConfig.fromEnv(new Env(Map.of("OUTBOX_ENV", "dev")));

        assertThat(config.bind()).isEqualTo("127.0.0.1");
        assertThat(config.port()).isEqualTo(8090);
        assertThat(config.services())
                .containsEntry("api", URI.create("http://127.0.0.1:3000"))
                .containsEntry("relay", URI.create("http://127.0.0.1:9101"))
                .containsEntry("worker", URI.create("http://127.0.0.1:9102"));
    }

    @Test
    void outsideDevelopmentTheConsoleRefusesToStartWithoutUsers() {
        assertThatThrownBy(() -> ConsoleConfig.fromEnv(new Env(Map.of())))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("CONSOLE_USERS is not set (nor CONSOLE_USERS_FILE)");
    }

    @Test
    void inDevelopmentWithoutUsersNoSignInIsRequired() {
        assertThat(ConsoleConfig.fromEnv(new Env(Map.of("OUTBOX_ENV", "dev"))).signInRequired())
                .isFalse();
    }

    @Test
    void usersAreNamePasswordPairsSeparatedByCommasOrNewLines() {
        ConsoleConfig config =
                ConsoleConfig.fromEnv(new Env(Map.of("CONSOLE_USERS", "alice:s3cret:with:colons,\n bob:other\n")));

        assertThat(config.users().matches("alice", "s3cret:with:colons")).isTrue();
        assertThat(config.users().matches("bob", "other")).isTrue();
        assertThat(config.users().withClearTextPasswords()).containsExactly("alice", "bob");
        assertThat(config.signInRequired()).isTrue();
    }

    @Test
    void clearTextPasswordsAreWarnedAboutOutsideDevelopmentOnlyAndHashesNever() {
        String hash = ConsoleUsers.hash("pw", 4);
        Env production = new Env(Map.of("CONSOLE_USERS", "alice:" + hash + ",bob:clear,carol:also-clear"));
        Env development = new Env(Map.of("OUTBOX_ENV", "dev", "CONSOLE_USERS", "bob:clear"));
        Env hashedOnly = new Env(Map.of("CONSOLE_USERS", "alice:" + hash));

        assertThat(ConsoleConfig.fromEnv(production).clearTextWarning(production))
                .hasValue("CONSOLE_USERS holds the clear-text passwords of bob, carol: store bcrypt hashes instead"
                        + " (outboxctl hash-password)");
        assertThat(ConsoleConfig.fromEnv(development).clearTextWarning(development))
                .isEmpty();
        assertThat(ConsoleConfig.fromEnv(hashedOnly).clearTextWarning(hashedOnly))
                .isEmpty();
    }

    @Test
    void aUserWithoutPasswordIsRefusedWithoutShowingTheEntry() {
        assertThatThrownBy(() -> ConsoleConfig.fromEnv(new Env(Map.of("CONSOLE_USERS", "alice:ok,carol"))))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("Invalid CONSOLE_USERS")
                .hasMessageNotContaining("alice:ok");
    }

    @Test
    void aSignInLockOutsideItsBoundsIsRefusedNamingTheVariable() {
        assertThatThrownBy(() -> ConsoleConfig.fromEnv(
                        new Env(Map.of("OUTBOX_ENV", "dev", "CONSOLE_SIGN_IN_LOCK_SECONDS", "0"))))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("CONSOLE_SIGN_IN_LOCK_SECONDS");
        assertThat(ConsoleConfig.fromEnv(new Env(Map.of("OUTBOX_ENV", "dev"))).signInLock())
                .hasMinutes(15);
    }

    @Test
    void aKeyStoreThatIsMissingOrNotOneStopsTheStartNamingTheVariableAndTheFile(@TempDir Path directory)
            throws Exception {
        Path missing = directory.resolve("missing.p12");
        Path notAKeyStore = Files.writeString(directory.resolve("console.p12"), "-----BEGIN CERTIFICATE-----\n");

        assertThatThrownBy(() -> ConsoleConfig.fromEnv(
                        new Env(Map.of("OUTBOX_ENV", "dev", "CONSOLE_TLS_KEYSTORE", missing.toString()))))
                .isInstanceOf(ConfigException.class)
                .hasMessage("Cannot read CONSOLE_TLS_KEYSTORE='" + missing + "': no such file");
        assertThatThrownBy(() -> ConsoleConfig.fromEnv(new Env(Map.of(
                        "OUTBOX_ENV", "dev",
                        "CONSOLE_TLS_KEYSTORE", notAKeyStore.toString(),
                        "CONSOLE_TLS_KEYSTORE_PASSWORD", "changeit"))))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("Invalid CONSOLE_TLS_KEYSTORE='" + notAKeyStore
                        + "': not a PKCS#12 key store this CONSOLE_TLS_KEYSTORE_PASSWORD opens");
    }

    @Test
    void withoutAKeyStoreTheConsoleServesPlainHttp() {
        assertThat(ConsoleConfig.fromEnv(new Env(Map.of("OUTBOX_ENV", "dev"))).tls())
                .isEmpty();
    }

    @Test
    void aServiceWithoutAnAddressIsRefusedNamingTheVariable() {
        assertThatThrownBy(() -> ConsoleConfig.fromEnv(
                        new Env(Map.of("OUTBOX_ENV", "dev", "CONSOLE_SERVICES", "api=not a url"))))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("Invalid CONSOLE_SERVICES entry 'api=not a url'");
    }
}
