package dev.outboxcdc.tools.verify;

import dev.outboxcdc.contract.outbox.OutboxTable;
import org.jdbi.v3.core.Jdbi;

/**
 * Checks a second subscriber's database against the outbox, independently of what it reports: is
 * each event written after a mark (an outbox {@code seq}) credited exactly once in the loyalty
 * example's ledger ({@code points_ledger.message_id} is the event's id).
 */
public final class SecondSubscriberCheck {
    private static final String EVENTS_AFTER =
            "FROM <db>." + OutboxTable.NAME + " o WHERE o." + OutboxTable.SEQ + " > :mark";

    private final Jdbi jdbi;
    private final String database;
    private final String subscriberDatabase;

    public SecondSubscriberCheck(Jdbi jdbi, String database, String subscriberDatabase) {
        this.jdbi = jdbi;
        this.database = database;
        this.subscriberDatabase = subscriberDatabase;
    }

    /**
     * What the check found.
     *
     * @param events  the events written after the mark
     * @param missing of those, not credited
     * @param twice   of those, credited more than once
     */
    public record Credits(long events, long missing, long twice) {
        public boolean exactlyOnce() {
            return events > 0 && missing == 0 && twice == 0;
        }

        @Override
        public String toString() {
            return events + " events, " + missing + " not credited, " + twice + " credited twice";
        }
    }

    /** The outbox's last {@code seq} now: the mark the events to check come after. */
    public long mark() {
        return count("SELECT COALESCE(MAX(o." + OutboxTable.SEQ + "), 0) FROM <db>." + OutboxTable.NAME + " o", 0);
    }

    public Credits check(long mark) {
        return new Credits(
                count("SELECT COUNT(*) " + EVENTS_AFTER, mark),
                count(
                        "SELECT COUNT(*) " + EVENTS_AFTER + " AND NOT EXISTS (SELECT 1 FROM <sub>.points_ledger l"
                                + " WHERE l.message_id = o." + OutboxTable.ID + ")",
                        mark),
                count(
                        "SELECT COUNT(*) " + EVENTS_AFTER + " AND (SELECT COUNT(*) FROM <sub>.points_ledger l"
                                + " WHERE l.message_id = o." + OutboxTable.ID + ") > 1",
                        mark));
    }

    /** Every credit in its ledger. */
    public long credits() {
        return count("SELECT COUNT(*) FROM <sub>.points_ledger", 0);
    }

    private long count(String sql, long mark) {
        return jdbi.withHandle(handle -> {
            var query = handle.createQuery(sql).define("db", database).define("sub", subscriberDatabase);
            if (sql.contains(":mark")) {
                query.bind("mark", mark);
            }
            return query.mapTo(Long.class).one();
        });
    }
}
