package dev.outboxcdc.contract.outbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.zaxxer.hikari.HikariDataSource;
import dev.outboxcdc.contract.outbox.OutboxStore.StoredMessage;
import dev.outboxcdc.harness.ScratchDatabase;
import dev.outboxcdc.support.db.ConnectionPools;
import dev.outboxcdc.support.db.DatabaseSettings;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.transaction.TransactionIsolationLevel;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The statements against the outbox table, run as the relay's database user against the real
 * server in a scratch database with the api's schema. (Here rather than in service-support, which
 * cannot reach the test servers: the harness depends on it.)
 */
class OutboxStoreIT {
    private static final Instant T0 = Instant.parse("2026-01-10T10:00:00.123456Z");

    private static ScratchDatabase database;
    private static HikariDataSource pool;
    private static Jdbi jdbi;

    @BeforeAll
    static void scratchDatabase() {
        database = ScratchDatabase.create("outbox-store").withApiSchema();
        DatabaseSettings relay = database.settings("outbox_relay", "relay-secret");
        pool = ConnectionPools.open(relay, relay.resolveFlavor(), "outbox-store-it", 2, Duration.ofSeconds(30));
        jdbi = Jdbi.create(pool);
    }

    @AfterAll
    static void dropIt() {
        pool.close();
        database.close();
    }

    @BeforeEach
    void emptyOutbox() {
        jdbi.useHandle(handle -> handle.execute("DELETE FROM " + OutboxTable.NAME));
    }

    @Test
    void anAppendedRowReadsBackAsTheMessageTheApiWrote() {
        String id = append("CustomerCreated", T0, "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01");

        List<StoredMessage> page = jdbi.withHandle(handle -> OutboxStore.pageByIds(handle, 0, List.of(id), 10));

        assertThat(page).singleElement().satisfies(stored -> {
            assertThat(stored.message())
                    .isEqualTo(new OutboxMessage(
                            id,
                            "customer",
                            "c-1",
                            "CustomerCreated",
                            "{\"n\":1}",
                            T0,
                            "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01",
                            2));
            assertThat(stored.message().routingKey()).isEqualTo("customer.CustomerCreated");
        });
    }

    @Test
    void aClaimTakesUnpublishedRowsInInsertOrderAndSkipsThoseAnotherRelayHolds() {
        String first = append("A", T0, null);
        String second = append("B", T0, null);
        String third = append("C", T0, null);

        jdbi.useTransaction(TransactionIsolationLevel.READ_COMMITTED, holder -> {
            assertThat(ids(OutboxStore.claimUnpublished(holder, 1))).containsExactly(first);
            // Another thread: Jdbi hands a thread's nested calls the handle it already has open.
            List<StoredMessage> others = CompletableFuture.supplyAsync(() -> jdbi.inTransaction(
                            TransactionIsolationLevel.READ_COMMITTED, other -> OutboxStore.claimUnpublished(other, 10)))
                    .join();
            assertThat(ids(others))
                    .as("the locked row is skipped, not waited for")
                    .containsExactly(second, third);
        });
    }

    @Test
    void markedRowsAreNoLongerUnpublishedAndTheOldestUnpublishedMovesOn() {
        append("A", T0, null);
        append("B", T0.plusSeconds(60), null);

        jdbi.useTransaction(handle -> {
            List<StoredMessage> claimed = OutboxStore.claimUnpublished(handle, 1);
            OutboxStore.markPublished(
                    handle, claimed.stream().map(StoredMessage::seq).toList());
        });

        assertThat(jdbi.withHandle(OutboxStore::oldestUnpublished)).isEqualTo(T0.plusSeconds(60));
        jdbi.useTransaction(handle -> OutboxStore.markPublished(
                handle,
                OutboxStore.claimUnpublished(handle, 10).stream()
                        .map(StoredMessage::seq)
                        .toList()));
        assertThat(jdbi.withHandle(OutboxStore::hasUnpublished)).isFalse();
        assertThat(jdbi.withHandle(OutboxStore::oldestUnpublished))
                .as("none: the database's now")
                .isCloseTo(Instant.now(), within(5, ChronoUnit.MINUTES));
    }

    @Test
    void aTimePageIsHalfOpenFiltersByTypeAndContinuesAfterItsCursor() {
        String atFrom = append("CustomerCreated", T0, null);
        append("CustomerUpdated", T0.plusSeconds(1), null);
        String inside = append("CustomerCreated", T0.plusSeconds(2), null);
        append("CustomerCreated", T0.plusSeconds(3), null);

        List<StoredMessage> firstPage = jdbi.withHandle(
                handle -> OutboxStore.pageByTime(handle, 0, T0, T0.plusSeconds(3), Optional.of("CustomerCreated"), 1));
        List<StoredMessage> secondPage = jdbi.withHandle(handle -> OutboxStore.pageByTime(
                handle, firstPage.get(0).seq(), T0, T0.plusSeconds(3), Optional.of("CustomerCreated"), 1));
        List<StoredMessage> anyType = jdbi.withHandle(
                handle -> OutboxStore.pageByTime(handle, 0, T0, T0.plusSeconds(3), Optional.empty(), 10));

        assertThat(ids(firstPage)).containsExactly(atFrom);
        assertThat(ids(secondPage)).containsExactly(inside);
        assertThat(anyType).hasSize(3);
    }

    @Test
    void anIdPageCountsARepeatedIdOnceAndIgnoresUnknownOnes() {
        String id = append("A", T0, null);

        List<StoredMessage> page =
                jdbi.withHandle(handle -> OutboxStore.pageByIds(handle, 0, List.of(id, id, "no-such-id"), 10));

        assertThat(ids(page)).containsExactly(id);
    }

    @Test
    void countsAreByCreationTime() {
        append("A", T0, null);
        append("A", T0.plusSeconds(10), null);
        append("A", T0.plusSeconds(20), null);

        long between = jdbi.withHandle(handle -> OutboxStore.countCreatedBetween(handle, T0, T0.plusSeconds(20)));
        long since = jdbi.withHandle(handle -> OutboxStore.countCreatedSince(handle, T0.plusSeconds(10)));

        assertThat(between).as("[T0, T0+20s)").isEqualTo(2);
        assertThat(since).as("T0+10s and after").isEqualTo(2);
    }

    @Test
    void expiryDeletesOnlyRowsOlderThanTheRetentionAndBeforeWhatTheRelayPassedInBatches() {
        Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);
        String old1 = append("A", now.minus(Duration.ofHours(30)), null);
        String old2 = append("A", now.minus(Duration.ofHours(29)), null);
        String notPassed = append("A", now.minus(Duration.ofHours(28)), null);
        String young = append("A", now.minus(Duration.ofHours(1)), null);
        Instant passed = now.minus(Duration.ofHours(28)).minusSeconds(1);

        int firstBatch = jdbi.withHandle(handle -> OutboxStore.deleteExpired(handle, Duration.ofHours(24), passed, 1));
        int rest = jdbi.withHandle(handle -> OutboxStore.deleteExpired(handle, Duration.ofHours(24), passed, 10));

        assertThat(firstBatch).isEqualTo(1);
        assertThat(rest).isEqualTo(1);
        List<String> left = ids(
                jdbi.withHandle(handle -> OutboxStore.pageByIds(handle, 0, List.of(old1, old2, notPassed, young), 10)));
        assertThat(left)
                .as("not yet passed by the relay, or younger than the retention")
                .containsExactly(notPassed, young);
    }

    @Test
    void theRelayUserMayDelete() {
        jdbi.useHandle(OutboxStore::checkDeleteGrant);
    }

    private static String append(String type, Instant createdAt, String traceparent) {
        String id = UUID.randomUUID().toString();
        jdbi.useHandle(handle -> {
            handle.createUpdate(OutboxStore.APPEND)
                    .bind(0, id)
                    .bind(1, "customer")
                    .bind(2, "c-1")
                    .bind(3, type)
                    .bind(4, "{\"n\":1}")
                    .bind(5, traceparent)
                    .bind(6, 2)
                    .execute();
            setCreatedAt(handle, id, createdAt);
        });
        return id;
    }

    private static void setCreatedAt(Handle handle, String id, Instant createdAt) {
        handle.createUpdate("UPDATE " + OutboxTable.NAME + " SET " + OutboxTable.CREATED_AT + " = :at WHERE "
                        + OutboxTable.ID + " = :id")
                .bind("at", LocalDateTime.ofInstant(createdAt, ZoneOffset.UTC))
                .bind("id", id)
                .execute();
    }

    private static List<String> ids(List<StoredMessage> stored) {
        return stored.stream().map(message -> message.message().id()).toList();
    }
}
