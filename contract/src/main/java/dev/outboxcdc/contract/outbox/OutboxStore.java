package dev.outboxcdc.contract.outbox;

import static dev.outboxcdc.contract.outbox.OutboxTable.AGGREGATE_ID;
import static dev.outboxcdc.contract.outbox.OutboxTable.AGGREGATE_TYPE;
import static dev.outboxcdc.contract.outbox.OutboxTable.CREATED_AT;
import static dev.outboxcdc.contract.outbox.OutboxTable.ID;
import static dev.outboxcdc.contract.outbox.OutboxTable.NAME;
import static dev.outboxcdc.contract.outbox.OutboxTable.PAYLOAD;
import static dev.outboxcdc.contract.outbox.OutboxTable.PUBLISHED_AT;
import static dev.outboxcdc.contract.outbox.OutboxTable.SCHEMA_VERSION;
import static dev.outboxcdc.contract.outbox.OutboxTable.SEQ;
import static dev.outboxcdc.contract.outbox.OutboxTable.TRACE_CONTEXT;
import static dev.outboxcdc.contract.outbox.OutboxTable.TYPE;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.statement.Query;

/**
 * Every statement against the {@code outbox} table, in one place: the api's append, the polling
 * relay's claim, the retention's delete, the counts the relay and outboxctl report, outboxctl's
 * republish pages. Each method runs on the caller's {@link Handle}, inside whatever transaction
 * the caller holds. Instants are bound as {@code FROM_UNIXTIME} seconds: every connection of this
 * project runs in UTC ({@code ConnectionPools}), the time zone of {@code created_at}.
 */
public final class OutboxStore {
    /**
     * The api's append, with the parameters {@code id, aggregatetype, aggregateid, type, payload,
     * tracingspancontext, schemaversion}; the api runs it with plain JDBC on its request path.
     */
    public static final String APPEND = appendInto(NAME);

    /** The columns {@link OutboxMessage#of} reads, and the row's {@link OutboxTable#SEQ}. */
    private static final String MESSAGE_COLUMNS = String.join(
            ", ", SEQ, ID, AGGREGATE_TYPE, AGGREGATE_ID, TYPE, PAYLOAD, CREATED_AT, TRACE_CONTEXT, SCHEMA_VERSION);

    private static final String SELECT_MESSAGES = "SELECT " + MESSAGE_COLUMNS + " FROM " + NAME;

    /** A row with its insertion order, the cursor of the polling relay and of outboxctl. */
    public record StoredMessage(long seq, OutboxMessage message) {}

    private OutboxStore() {}

    /** {@link #APPEND} into the outbox table of another database, named {@code database.outbox}. */
    public static String appendInto(String table) {
        return "INSERT INTO " + table + " ("
                + String.join(", ", ID, AGGREGATE_TYPE, AGGREGATE_ID, TYPE, PAYLOAD, TRACE_CONTEXT, SCHEMA_VERSION)
                + ") VALUES (?, ?, ?, ?, ?, ?, ?)";
    }

    /**
     * The query for Debezium's {@code snapshot.select.statement.overrides}: the rows of
     * {@code database.outbox} created at or after {@code from}.
     */
    public static String selectCreatedSince(String table, Instant from) {
        return "SELECT * FROM " + table + " WHERE " + CREATED_AT + " >= FROM_UNIXTIME("
                + UnixTime.seconds(from).toPlainString() + ")";
    }

    /** A delete of nothing: fails when the connection's user may not delete outbox rows. */
    public static void checkDeleteGrant(Handle handle) {
        handle.execute("DELETE FROM " + NAME + " WHERE FALSE");
    }

    /**
     * Deletes up to {@code limit} rows, oldest first, created before both {@code retention} ago
     * (by the database's clock) and {@code passed}; returns how many.
     */
    public static int deleteExpired(Handle handle, Duration retention, Instant passed, int limit) {
        return handle.createUpdate("DELETE FROM " + NAME + " WHERE " + CREATED_AT
                        + " < LEAST(NOW(6) - INTERVAL :hours HOUR, FROM_UNIXTIME(:passed)) ORDER BY " + SEQ
                        + " LIMIT :limit")
                .bind("hours", retention.toHours())
                .bind("passed", UnixTime.seconds(passed))
                .bind("limit", limit)
                .execute();
    }

    // The polling relay: rows without published_at are still to be published.

    /** Whether any row waits to be published: one cheap query for an idle poll. */
    public static boolean hasUnpublished(Handle handle) {
        return handle.createQuery("SELECT EXISTS (SELECT 1 FROM " + NAME + " WHERE " + PUBLISHED_AT + " IS NULL)")
                .mapTo(Boolean.class)
                .one();
    }

    /** When the oldest unpublished row was created; the database's now when none is. */
    public static Instant oldestUnpublished(Handle handle) {
        BigDecimal seconds = handle.createQuery("SELECT UNIX_TIMESTAMP(COALESCE(MIN(" + CREATED_AT + "), NOW(6))) FROM "
                        + NAME + " WHERE " + PUBLISHED_AT + " IS NULL")
                .mapTo(BigDecimal.class)
                .one();
        return UnixTime.instant(seconds);
    }

    /**
     * Locks and returns up to {@code limit} unpublished rows in insert order, skipping rows another
     * relay holds; the locks last until the caller's transaction ends.
     */
    public static List<StoredMessage> claimUnpublished(Handle handle, int limit) {
        return handle.createQuery(SELECT_MESSAGES + " WHERE " + PUBLISHED_AT + " IS NULL ORDER BY " + SEQ
                        + " LIMIT :limit FOR UPDATE SKIP LOCKED")
                .bind("limit", limit)
                .map((row, ctx) -> new StoredMessage(row.getLong(SEQ), OutboxMessage.of(row)))
                .list();
    }

    public static void markPublished(Handle handle, Collection<Long> seqs) {
        handle.createUpdate("UPDATE " + NAME + " SET " + PUBLISHED_AT + " = CURRENT_TIMESTAMP(6) WHERE " + SEQ
                        + " IN (<seqs>)")
                .bindList("seqs", List.copyOf(seqs))
                .execute();
    }

    // Counts for reports.

    /** Rows created at or after {@code from} and before {@code to}. */
    public static long countCreatedBetween(Handle handle, Instant from, Instant to) {
        return handle.createQuery("SELECT COUNT(*) FROM " + NAME + " WHERE " + CREATED_AT
                        + " >= FROM_UNIXTIME(:from) AND " + CREATED_AT + " < FROM_UNIXTIME(:to)")
                .bind("from", UnixTime.seconds(from))
                .bind("to", UnixTime.seconds(to))
                .mapTo(Long.class)
                .one();
    }

    /** Rows created at or after {@code from}. */
    public static long countCreatedSince(Handle handle, Instant from) {
        return handle.createQuery("SELECT COUNT(*) FROM " + NAME + " WHERE " + CREATED_AT + " >= FROM_UNIXTIME(:from)")
                .bind("from", UnixTime.seconds(from))
                .mapTo(Long.class)
                .one();
    }

    // Pages for republishing, in insert order after the cursor afterSeq.

    /** Up to {@code limit} of the rows with the given ids (duplicates count once). */
    public static List<StoredMessage> pageByIds(Handle handle, long afterSeq, Collection<String> ids, int limit) {
        Query query = handle.createQuery(SELECT_MESSAGES + " WHERE " + SEQ + " > :after AND " + ID
                        + " IN (<ids>) ORDER BY " + SEQ + " LIMIT :limit")
                .bindList("ids", new ArrayList<>(new LinkedHashSet<>(ids)));
        return page(query, afterSeq, limit);
    }

    /** Up to {@code limit} of the rows created in {@code [from, to)}, of one event type if given. */
    public static List<StoredMessage> pageByTime(
            Handle handle, long afterSeq, Instant from, Instant to, Optional<String> type, int limit) {
        Query query = handle.createQuery(SELECT_MESSAGES + " WHERE " + SEQ + " > :after AND " + CREATED_AT
                        + " >= FROM_UNIXTIME(:from) AND " + CREATED_AT + " < FROM_UNIXTIME(:to)"
                        + (type.isPresent() ? " AND " + TYPE + " = :type" : "") + " ORDER BY " + SEQ + " LIMIT :limit")
                .bind("from", UnixTime.seconds(from))
                .bind("to", UnixTime.seconds(to));
        type.ifPresent(value -> query.bind("type", value));
        return page(query, afterSeq, limit);
    }

    private static List<StoredMessage> page(Query query, long afterSeq, int limit) {
        return query.bind("after", afterSeq)
                .bind("limit", limit)
                .map((row, ctx) -> new StoredMessage(row.getLong(SEQ), OutboxMessage.of(row)))
                .list();
    }
}
