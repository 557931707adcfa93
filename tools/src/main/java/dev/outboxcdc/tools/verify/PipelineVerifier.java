package dev.outboxcdc.tools.verify;

import dev.outboxcdc.contract.events.CustomerEvents;
import dev.outboxcdc.contract.outbox.OutboxTable;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.jdbi.v3.core.Jdbi;

/**
 * Checks the pipeline against the database, independently of what any service reports: for the
 * customers of one run, were their events handled, exactly once, and how long did it take from
 * the outbox commit to the worker's commit; and for their updates, did the worker's read model take
 * every committed version, in version order, and end at each customer's committed state. Uses the
 * run id in the emails to find its rows, in the database the stack under test writes to.
 */
public final class PipelineVerifier {
    /** The api's outbox as {@code o}, with the columns the checks join on: its contract, not restated here. */
    private static final String OUTBOX = "<db>." + OutboxTable.NAME + " o";

    private static final String O_ID = "o." + OutboxTable.ID;
    private static final String O_CREATED_AT = "o." + OutboxTable.CREATED_AT;
    private static final String RUN_CUSTOMERS = "FROM <db>.customers c WHERE c.email LIKE CONCAT(:run, '-%')";
    private static final String RUN_UPDATES_APPLIED = "FROM <db>.customer_directory_changes ch JOIN <db>.customers c"
            + " ON c.id = ch.customer_id WHERE c.email LIKE CONCAT(:run, '-%') AND ch.version > 1";

    private final Jdbi jdbi;
    private final String database;
    private final String consumer;

    public PipelineVerifier(Jdbi jdbi, String database, String consumer) {
        this.jdbi = jdbi;
        this.database = database;
        this.consumer = consumer;
    }

    public long created(String runId) {
        return count("SELECT COUNT(*) " + RUN_CUSTOMERS, runId);
    }

    /** Customers whose event has at least one effect. */
    public long handled(String runId) {
        return count(
                "SELECT COUNT(DISTINCT w.customer_id) FROM <db>.welcome_emails w JOIN <db>.customers c"
                        + " ON c.id = w.customer_id WHERE c.email LIKE CONCAT(:run, '-%')",
                runId);
    }

    public Verification verify(String runId) {
        long created = created(runId);
        long handled = handled(runId);
        long effects = count(
                "SELECT COUNT(*) FROM <db>.welcome_emails w JOIN <db>.customers c"
                        + " ON c.id = w.customer_id WHERE c.email LIKE CONCAT(:run, '-%')",
                runId);
        long duplicateDeliveries = jdbi.withHandle(
                handle -> handle.createQuery("SELECT COALESCE(SUM(p.duplicates), 0) FROM <db>.processed_messages p"
                                + " JOIN " + OUTBOX + " ON " + O_ID
                                + " = p.message_id JOIN <db>.customers c ON c.id = o." + OutboxTable.AGGREGATE_ID
                                + " WHERE p.consumer = :consumer AND c.email LIKE CONCAT(:run, '-%')")
                        .define("db", database)
                        .bind("consumer", consumer)
                        .bind("run", runId)
                        .mapTo(Long.class)
                        .one());
        List<EndToEnd> latencies = jdbi.withHandle(handle -> handle.createQuery("SELECT " + O_CREATED_AT
                        + " AS committed, TIMESTAMPDIFF(MICROSECOND, " + O_CREATED_AT + ", MIN(w.created_at)) AS micros"
                        + " FROM " + OUTBOX + " JOIN <db>.customers c ON c.id = o." + OutboxTable.AGGREGATE_ID
                        + " JOIN <db>.welcome_emails w ON w.customer_id = c.id"
                        + " WHERE c.email LIKE CONCAT(:run, '-%') AND o." + OutboxTable.TYPE + " = :created GROUP BY "
                        + O_ID + ", "
                        + O_CREATED_AT)
                .define("db", database)
                .bind("run", runId)
                .bind("created", CustomerEvents.CREATED)
                .map((row, ctx) -> new EndToEnd(
                        row.getTimestamp("committed").toInstant(),
                        Duration.ofNanos(Math.max(0, row.getLong("micros")) * 1_000)))
                .list());
        return new Verification(
                created,
                handled,
                created - handled,
                effects - handled,
                duplicateDeliveries,
                latencies,
                verifyUpdates(runId));
    }

    /** Committed updates (each customer's version − 1) that the read model has not taken yet. */
    public long pendingUpdates(String runId) {
        return count("SELECT COALESCE(SUM(c.version - 1), 0) " + RUN_CUSTOMERS, runId)
                - count("SELECT COUNT(*) " + RUN_UPDATES_APPLIED, runId);
    }

    private Updates verifyUpdates(String runId) {
        long committed = count("SELECT COALESCE(SUM(c.version - 1), 0) " + RUN_CUSTOMERS, runId);
        long applied = count("SELECT COUNT(*) " + RUN_UPDATES_APPLIED, runId);
        long stale = count(
                "SELECT COUNT(*) FROM <db>.customers c JOIN <db>.customer_directory d ON d.id = c.id"
                        + " WHERE c.email LIKE CONCAT(:run, '-%') AND (d.version <> c.version OR BINARY d.name <> BINARY c.name"
                        + " OR BINARY d.email <> BINARY c.email)",
                runId);
        long outOfOrder = count(
                "SELECT COUNT(*) FROM <db>.customer_directory_changes a JOIN <db>.customer_directory_changes b"
                        + " ON b.customer_id = a.customer_id AND b.version = a.version + 1 JOIN <db>.customers c ON c.id = a.customer_id"
                        + " WHERE c.email LIKE CONCAT(:run, '-%') AND b.seq < a.seq",
                runId);
        List<EndToEnd> latencies = jdbi.withHandle(handle -> handle.createQuery("SELECT " + O_CREATED_AT
                        + " AS committed, TIMESTAMPDIFF(MICROSECOND, " + O_CREATED_AT + ", ch.applied_at) AS micros"
                        + " FROM <db>.customer_directory_changes ch JOIN " + OUTBOX + " ON " + O_ID + " = ch.message_id"
                        + " JOIN <db>.customers c ON c.id = ch.customer_id"
                        + " WHERE c.email LIKE CONCAT(:run, '-%') AND ch.version > 1")
                .define("db", database)
                .bind("run", runId)
                .map((row, ctx) -> new EndToEnd(
                        row.getTimestamp("committed").toInstant(),
                        Duration.ofNanos(Math.max(0, row.getLong("micros")) * 1_000)))
                .list());
        return new Updates(committed, applied, stale, outOfOrder, latencies);
    }

    /**
     * When the worker committed each customer's first effect, in wall-clock microseconds (the
     * database's clock, the same host's as the load generator's), by the request number in its email.
     */
    public Map<Long, Long> handledEpochMicros(String runId) {
        Map<Long, Long> handled = new HashMap<>();
        jdbi.useHandle(handle -> handle.createQuery(
                        "SELECT c.email, ROUND(UNIX_TIMESTAMP(MIN(w.created_at)) * 1000000) AS micros"
                                + " FROM <db>.customers c JOIN <db>.welcome_emails w ON w.customer_id = c.id"
                                + " WHERE c.email LIKE CONCAT(:run, '-%') GROUP BY c.id, c.email")
                .define("db", database)
                .bind("run", runId)
                .map((row, ctx) -> Map.entry(requestNumber(row.getString("email"), runId), row.getLong("micros")))
                .forEach(entry -> handled.put(entry.getKey(), entry.getValue())));
        return handled;
    }

    /** {@code <run>-<n>@loadtest.example.com} → n. */
    private static long requestNumber(String email, String runId) {
        return Long.parseLong(email.substring(runId.length() + 1, email.indexOf('@')));
    }

    private long count(String sql, String runId) {
        return jdbi.withHandle(handle -> handle.createQuery(sql)
                .define("db", database)
                .bind("run", runId)
                .mapTo(Long.class)
                .one());
    }

    /** One event: when its outbox row was written and how long until the worker committed its effect. */
    public record EndToEnd(Instant committed, Duration latency) {}

    /**
     * The customers' updates of one run, as the worker's read model took them.
     *
     * @param committed      updates committed by the api (each customer's version − 1)
     * @param applied        versions after the first that the read model took
     * @param staleReadModel customers whose read-model row differs from their committed state
     * @param outOfOrder     versions the read model took before their predecessor
     * @param endToEnd       each applied update: its outbox commit and how long until the read model took it
     */
    public record Updates(long committed, long applied, long staleReadModel, long outOfOrder, List<EndToEnd> endToEnd) {
        public static final Updates NONE = new Updates(0, 0, 0, 0, List.of());

        public long lost() {
            return committed - applied;
        }

        public boolean intact() {
            return lost() == 0 && staleReadModel == 0 && outOfOrder == 0;
        }
    }

    /**
     * What the database says of a run: what was created, what was handled, what was lost.
     *
     * @param lost                created customers whose event has no effect (after the drain)
     * @param duplicateEffects    effect rows beyond one per customer: the idempotent receiver failed
     * @param duplicateDeliveries deliveries the worker recognised as already handled and skipped
     */
    public record Verification(
            long created,
            long handled,
            long lost,
            long duplicateEffects,
            long duplicateDeliveries,
            List<EndToEnd> endToEnd,
            Updates updates) {
        /** A run of creates only. */
        public Verification(
                long created,
                long handled,
                long lost,
                long duplicateEffects,
                long duplicateDeliveries,
                List<EndToEnd> endToEnd) {
            this(created, handled, lost, duplicateEffects, duplicateDeliveries, endToEnd, Updates.NONE);
        }

        /**
         * Events were created, none was lost, none had a second effect, and the read model took every
         * update in order: a run that did nothing does not pass.
         */
        public boolean passed() {
            return created > 0 && lost == 0 && duplicateEffects == 0 && updates.intact();
        }
    }
}
