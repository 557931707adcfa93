package dev.outboxcdc.ctl.console;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.outboxcdc.support.config.ConfigException;
import org.junit.jupiter.api.Test;

class ConsoleUsersTest {
    @Test
    void aBcryptHashChecksThePasswordItWasMadeFromAndNoOther() {
        String hash = ConsoleUsers.hash("correct horse", 4);

        ConsoleUsers users = ConsoleUsers.parse("alice:" + hash);

        assertThat(hash).startsWith("$2y$04$").hasSize(60);
        assertThat(users.matches("alice", "correct horse")).isTrue();
        assertThat(users.matches("alice", "correct horsE")).isFalse();
        assertThat(users.matches("alice", hash))
                .as("the hash itself is not the password")
                .isFalse();
        assertThat(users.withClearTextPasswords()).isEmpty();
    }

    @Test
    void hashesOfTheOtherBcryptVersionsAreCheckedToo() {
        String hash2y = ConsoleUsers.hash("s3cret", 4);

        ConsoleUsers users =
                ConsoleUsers.parse("a:" + hash2y.replace("$2y$", "$2a$") + "\nb:" + hash2y.replace("$2y$", "$2b$"));

        assertThat(users.matches("a", "s3cret")).isTrue();
        assertThat(users.matches("b", "s3cret")).isTrue();
    }

    @Test
    void anUnknownNameNeverMatchesWhateverItsPassword() {
        ConsoleUsers users = ConsoleUsers.parse("alice:" + ConsoleUsers.hash("pw", 4) + ",bob:clear");

        assertThat(users.matches("carol", "pw")).isFalse();
        assertThat(users.matches("carol", "clear")).isFalse();
        assertThat(users.matches("", "")).isFalse();
    }

    @Test
    void clearTextPasswordsStillWorkAndAreListedForTheWarning() {
        ConsoleUsers users = ConsoleUsers.parse("alice:" + ConsoleUsers.hash("pw", 4) + ",bob:clear");

        assertThat(users.matches("bob", "clear")).isTrue();
        assertThat(users.withClearTextPasswords()).containsExactly("bob");
    }

    @Test
    void aHashInAnotherFormatIsRefusedAtStartNamingTheUserButNotTheHash() {
        String argon2 = "$argon2id$v=19$m=65536,t=3,p=4$c29tZXNhbHQ$RdescudvJCsgt3ub+b+dWRWJTmaaJObG";

        assertThatThrownBy(() -> ConsoleUsers.parse("alice:" + argon2))
                .isInstanceOf(ConfigException.class)
                .hasMessage("Invalid CONSOLE_USERS: the password of user 'alice' is a hash in a format the console"
                        + " does not check ($argon2id$): use bcrypt, made by outboxctl hash-password")
                .hasMessageNotContaining("RdescudvJC");
    }

    @Test
    void aBcryptHashWithAnImpossibleCostIsRefused() {
        String hash = ConsoleUsers.hash("pw", 4).replace("$2y$04$", "$2y$99$");

        assertThatThrownBy(() -> ConsoleUsers.parse("alice:" + hash))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("user 'alice' has cost 99, expected 4 to 31");
    }
}
