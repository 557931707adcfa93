package dev.outboxcdc.relay.retention;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.zaxxer.hikari.HikariDataSource;
import dev.outboxcdc.harness.ScratchDatabase;
import dev.outboxcdc.harness.TestDatabase;
import dev.outboxcdc.relay.RelayFailedException;
import dev.outboxcdc.support.db.ConnectionPools;
import dev.outboxcdc.support.db.DatabaseSettings;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The relay's outbox retention against a real database, as the relay user, in a database of its own. */
class OutboxRetentionIT {
    private static final Duration RETENTION = Duration.ofHours(72);

    private ScratchDatabase database;
    private TestDatabase admin;
    private HikariDataSource relayPool;
    private Jdbi relay;

    @BeforeEach
    void setUp() {
        database = ScratchDatabase.create("outbox-retention").withApiSchema();
        admin = TestDatabase.admin();
        DatabaseSettings settings = database.settings("outbox_relay", "relay-secret");
        relayPool = ConnectionPools.open(settings, settings.resolveFlavor(), "retention-it", 2, Duration.ofSeconds(30));
        relay = Jdbi.create(relayPool);
    }

    @AfterEach
    void tearDown() {
        relayPool.close();
        admin.close();
        database.close();
    }

    @Test
    void rowsOlderThanTheRetentionThatTheRelayPassedAreDeletedAndNothingElse() {
        List<String> expired = insertRowsAged(Duration.ofHours(100), 2_500);
        List<String> kept = insertRowsAged(Duration.ofHours(1), 10);
        Instant passedEverything = Instant.now();

        int deleted = new OutboxRetention(relay, RETENTION, () -> Optional.of(passedEverything)).deleteExpired();

        assertThat(deleted).isEqualTo(expired.size());
        assertThat(remaining()).containsExactlyInAnyOrderElementsOf(kept);
    }

    @Test
    void anExpiredRowTheRelayHasNotPassedYetIsKept() {
        List<String> passed = insertRowsAged(Duration.ofHours(200), 5);
        List<String> notYetPassed = insertRowsAged(Duration.ofHours(100), 5);
        Instant relayPosition = Instant.now().minus(Duration.ofHours(150));

        int deleted = new OutboxRetention(relay, RETENTION, () -> Optional.of(relayPosition)).deleteExpired();

        assertThat(deleted).isEqualTo(passed.size());
        assertThat(remaining()).containsExactlyInAnyOrderElementsOf(notYetPassed);
    }

    @Test
    void aRelayThatCannotTellHowFarItGotDeletesNothing() {
        insertRowsAged(Duration.ofHours(100), 5);

        int deleted = new OutboxRetention(relay, RETENTION, Optional::empty).deleteExpired();

        assertThat(deleted).isZero();
        assertThat(remaining()).hasSize(5);
    }

    @Test
    void aRelayUserWithoutTheDeleteGrantIsStoppedAtStartUpSayingWhatToGrant() {
        admin.execute("REVOKE DELETE ON " + database.name() + ".* FROM 'outbox_relay'@'%'");
        // Database-level grants are read when a session starts.
        DatabaseSettings settings = database.settings("outbox_relay", "relay-secret");
        try (HikariDataSource withoutDelete = ConnectionPools.open(
                settings, settings.resolveFlavor(), "retention-it-no-delete", 1, Duration.ofSeconds(30))) {
            assertThatThrownBy(() -> OutboxRetention.checkGrant(Jdbi.create(withoutDelete)))
                    .isInstanceOf(RelayFailedException.class)
                    .hasMessageContaining("grant DELETE ON <database>.outbox");
        }
    }

    private List<String> insertRowsAged(Duration age, int count) {
        List<String> ids = new ArrayList<>();
        admin.jdbi().useHandle(handle -> {
            var batch = handle.prepareBatch("INSERT INTO " + database.table("outbox")
                    + " (id, aggregatetype, aggregateid, type, payload, created_at)"
                    + " VALUES (:id, 'retention', 'a', 'Aged', '{}', NOW(6) - INTERVAL :seconds SECOND)");
            for (int i = 0; i < count; i++) {
                String id = UUID.randomUUID().toString();
                ids.add(id);
                batch.bind("id", id).bind("seconds", age.toSeconds()).add();
            }
            batch.execute();
        });
        return ids;
    }

    private List<String> remaining() {
        return admin.jdbi()
                .withHandle(handle -> handle.createQuery("SELECT id FROM " + database.table("outbox"))
                        .mapTo(String.class)
                        .list());
    }
}
