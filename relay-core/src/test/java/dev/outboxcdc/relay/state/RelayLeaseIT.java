package dev.outboxcdc.relay.state;

import static org.assertj.core.api.Assertions.assertThat;

import dev.outboxcdc.harness.CuttableConnections;
import dev.outboxcdc.harness.TestDatabase;
import dev.outboxcdc.harness.TestEnvironment;
import dev.outboxcdc.support.db.DatabaseFlavor;
import dev.outboxcdc.support.db.DatabaseSettings;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/**
 * The relay lease when the link to the database goes half-open (both ends open, nothing passes, new
 * connections pass): the server keeps the frozen session and its lock. Against the real server,
 * through a proxy that freezes the open flows.
 */
class RelayLeaseIT {
    /** A generous bound: the lease notices a silent link after {@link RelayLease#NETWORK_TIMEOUT}. */
    private static final Duration BOUND = Duration.ofSeconds(30);

    @Test
    void aRelayWhoseLeaseSessionWentHalfOpenEndsItsOwnGhostAndHoldsTheLeaseAgainWhereAnotherStandsBy()
            throws Exception {
        String relay = "it-ghost-" + Long.toHexString(System.nanoTime());
        try (CuttableConnections connections = CuttableConnections.open();
                TestDatabase admin = TestDatabase.admin()) {
            DatabaseSettings throughProxy = relaySettings(connections);
            DatabaseFlavor flavor = throughProxy.resolveFlavor();
            RelayLease first = acquire(throughProxy, flavor, relay, OptionalLong.empty(), () -> {});
            assertThat(first).isNotNull();
            assertThat(first.stillHeld()).isTrue();

            connections.database().freezeOpenConnections();
            long frozenAt = System.nanoTime();
            boolean held = first.stillHeld();
            long noticedMs = (System.nanoTime() - frozenAt) / 1_000_000;
            System.out.printf("a lease check on the half-open session answered %s after %d ms%n", held, noticedMs);
            assertThat(held).as("a silent session does not count as holding").isFalse();
            assertThat(Duration.ofMillis(noticedMs))
                    .as("noticed in %d ms", noticedMs)
                    .isLessThan(BOUND);
            first.close();
            assertThat(holder(admin, relay))
                    .as("the server still holds the frozen session, and the lock with it: the ghost")
                    .isEqualTo(first.sessionId());

            AtomicBoolean stoodBy = new AtomicBoolean();
            long standbyUntil = System.nanoTime() + Duration.ofSeconds(5).toNanos();
            RelayLease other = RelayLease.acquire(
                    throughProxy,
                    flavor,
                    relay,
                    OptionalLong.empty(),
                    () -> System.nanoTime() > standbyUntil,
                    () -> stoodBy.set(true));
            assertThat(other)
                    .as("a relay that cannot prove the holder is its own ghost")
                    .isNull();
            assertThat(stoodBy).as("stood by behind the ghost").isTrue();

            long retakingAt = System.nanoTime();
            RelayLease again =
                    acquire(throughProxy, flavor, relay, OptionalLong.of(first.sessionId()), () -> stoodBy.set(true));
            long retookMs = (System.nanoTime() - retakingAt) / 1_000_000;
            System.out.printf("the relay ended its own ghost and held the lease again after %d ms%n", retookMs);
            try (again) {
                assertThat(again).isNotNull();
                assertThat(again.stillHeld()).isTrue();
                assertThat(holder(admin, relay)).isEqualTo(again.sessionId());
                int ghosts = admin.jdbi()
                        .withHandle(handle -> handle.createQuery(
                                        "SELECT COUNT(*) FROM information_schema.processlist WHERE id = :id")
                                .bind("id", first.sessionId())
                                .mapTo(Integer.class)
                                .one());
                assertThat(ghosts).as("the ghost session was ended").isZero();
            }
        }
    }

    private static RelayLease acquire(
            DatabaseSettings db, DatabaseFlavor flavor, String relay, OptionalLong former, Runnable standingBy)
            throws Exception {
        long deadline = System.nanoTime() + BOUND.toNanos();
        return RelayLease.acquire(db, flavor, relay, former, () -> System.nanoTime() > deadline, standingBy);
    }

    private static DatabaseSettings relaySettings(CuttableConnections connections) {
        Map<String, String> overrides = new HashMap<>(connections.environment());
        overrides.put("DB_USER", "outbox_relay");
        overrides.put("DB_PASSWORD", "relay-secret");
        return DatabaseSettings.fromEnv(TestEnvironment.get().env(overrides), "outbox_relay", "relay-secret");
    }

    private static long holder(TestDatabase admin, String relay) {
        return admin.jdbi()
                .withHandle(handle -> handle.createQuery("SELECT IS_USED_LOCK(:name)")
                        .bind("name", RelayLease.lockName(relay))
                        .mapTo(Long.class)
                        .one());
    }
}
