package dev.outboxcdc.relay.retention;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.outboxcdc.support.config.ConfigException;
import dev.outboxcdc.support.config.Env;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class RetentionWindowsTest {
    private static final Instant NOW = Instant.parse("2026-11-28T12:00:00Z");
    private final RetentionWindows defaults = RetentionWindows.fromEnv(new Env(Map.of()));

    @Test
    void theDefaultsKeepEveryReplayableEventInsideTheDedupWindowIncludingTheShippedBinlogExpiry() {
        assertThat(defaults.outbox()).isEqualTo(Duration.ofHours(72));
        assertThat(defaults.dedup()).isEqualTo(Duration.ofHours(240));

        defaults.checkBinlogExpiry(Duration.ofDays(7));
    }

    @Test
    void anOutboxKeptLongerThanConsumersRememberIsRefusedNamingBothVariables() {
        Env env = new Env(Map.of("OUTBOX_RETENTION_HOURS", "240", "WORKER_RETENTION_HOURS", "240"));

        assertThatThrownBy(() -> RetentionWindows.fromEnv(env))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("OUTBOX_RETENTION_HOURS=240")
                .hasMessageContaining("WORKER_RETENTION_HOURS=240");
    }

    @Test
    void aBinlogKeptLongerThanConsumersRememberIsRefusedNamingTheServerSettingAndTheVariable() {
        RetentionWindows windows = RetentionWindows.fromEnv(new Env(Map.of("WORKER_RETENTION_HOURS", "168")));

        assertThatThrownBy(() -> windows.checkBinlogExpiry(Duration.ofDays(7)))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("binlog_expire_logs_seconds=604800")
                .hasMessageContaining("WORKER_RETENTION_HOURS=168");
    }

    @Test
    void binlogsThatNeverExpireNeedNoCheck() {
        RetentionWindows.fromEnv(new Env(Map.of("WORKER_RETENTION_HOURS", "2", "OUTBOX_RETENTION_HOURS", "1")))
                .checkBinlogExpiry(Duration.ZERO);
    }

    @Test
    void withoutAStoredPositionTimeEveryRowIsRepublished() {
        assertThat(defaults.republishFrom(Optional.empty(), NOW)).isEmpty();
    }

    @Test
    void aRecentPositionIsRepublishedFromALongTransactionBeforeIt() {
        Instant passed = NOW.minus(Duration.ofDays(8));

        assertThat(defaults.republishFrom(Optional.of(passed), NOW))
                .contains(passed.minus(RetentionWindows.LONGEST_TRANSACTION));
    }

    @Test
    void aPositionOlderThanTheDedupWindowIsRepublishedFromTheEndOfItsSecondSoThatNothingConsumersForgotComesAgain() {
        Instant passed = NOW.minus(Duration.ofDays(10));

        assertThat(defaults.republishFrom(Optional.of(passed), NOW)).contains(passed.plusSeconds(1));
    }
}
