package dev.outboxcdc.ctl.audit;

import dev.outboxcdc.ctl.CtlConfig;
import dev.outboxcdc.support.config.ConfigException;
import dev.outboxcdc.support.db.DatabaseSettings;
import dev.outboxcdc.support.db.SchemaMigrations;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import javax.sql.DataSource;
import org.jdbi.v3.core.Jdbi;

/**
 * What operators did to messages, in the table {@value #TABLE} (outboxctl's own migrations,
 * {@code db/ctl}, history in {@code ctl_schema_history}): each action is {@linkplain #begin begun}
 * before it touches a message and {@linkplain #end ended} with what it did, so that one that died
 * half-way stays visible as {@code started}. outboxctl's database user may write this table and
 * nothing else.
 */
public final class AuditLog {
    public static final String TABLE = "ops_audit";
    private static final String LOCATION = "classpath:db/ctl";
    private static final String HISTORY_TABLE = "ctl_schema_history";
    private static final int TEXT_LIMIT = 2000;
    /** The operator column's width: a name tried at the console's sign-in may be anything. */
    private static final int OPERATOR_LIMIT = 128;

    /** How an action ended; {@code STARTED} while it runs, or forever if it died. */
    public enum Outcome {
        STARTED,
        DONE,
        PARTIAL,
        REFUSED,
        FAILED;

        String stored() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /**
     * An action about to run.
     *
     * @param operator  who: the console's authenticated user, or the OS user running outboxctl
     * @param via       {@code cli} or {@code console}
     * @param action    e.g. {@code parked.requeue}
     * @param selection what it applies to, as the operator gave it: ids, a filter, a time range
     * @param forced    whether the replay guard was overridden
     */
    public record Action(String operator, String via, String action, String selection, boolean forced) {}

    /** One row of the log. */
    public record Entry(
            long id,
            Instant startedAt,
            Optional<Instant> endedAt,
            String operator,
            String via,
            String action,
            String selection,
            boolean forced,
            String outcome,
            long matched,
            long moved,
            String detail) {}

    /** How an action ended, for {@link #run}. */
    public record Ending(Outcome outcome, long matched, long moved, String detail) {}

    /** An action's work. */
    public interface Work<T> {
        T run() throws Exception;
    }

    private final Jdbi jdbi;

    private AuditLog(Jdbi jdbi) {
        this.jdbi = jdbi;
    }

    /**
     * The log on this database ({@code dataSource}: outboxctl's own user); its table created or
     * changed first if its migrations are due, as the schema's owner ({@code config}'s {@code
     * DB_MIGRATION_*}), which outboxctl's user is not.
     */
    public static AuditLog open(CtlConfig config, DataSource dataSource) {
        if (SchemaMigrations.pending(dataSource, LOCATION, HISTORY_TABLE)) {
            DatabaseSettings owner = config.schemaOwner()
                    .orElseThrow(() -> new ConfigException("the audit log's table " + TABLE + " is to be created or"
                            + " changed, which only the schema's owner may do: set "
                            + DatabaseSettings.MIGRATION_USER_VARIABLE
                            + " and DB_MIGRATION_PASSWORD (or _FILE) for this one run"));
            SchemaMigrations.apply(owner, owner.resolveFlavor(), "outboxctl", LOCATION, HISTORY_TABLE);
        }
        return new AuditLog(Jdbi.create(dataSource));
    }

    /** Records that the action starts; returns its id, for {@link #end}. */
    public long begin(Action action) {
        return jdbi.withHandle(handle -> handle.createUpdate("INSERT INTO " + TABLE
                        + " (operator, via, action, selection, forced, outcome)"
                        + " VALUES (:operator, :via, :action, :selection, :forced, :outcome)")
                .bind("operator", clip(action.operator(), OPERATOR_LIMIT))
                .bind("via", action.via())
                .bind("action", action.action())
                .bind("selection", clip(action.selection()))
                .bind("forced", action.forced())
                .bind("outcome", Outcome.STARTED.stored())
                .executeAndReturnGeneratedKeys("id")
                .mapTo(Long.class)
                .one());
    }

    /** Records how the action begun as {@code id} ended: how many messages it matched and moved, and why. */
    public void end(long id, Outcome outcome, long matched, long moved, String detail) {
        jdbi.useHandle(handle -> handle.createUpdate("UPDATE " + TABLE
                        + " SET ended_at = CURRENT_TIMESTAMP(6), outcome = :outcome, matched = :matched,"
                        + " moved = :moved, detail = :detail WHERE id = :id")
                .bind("id", id)
                .bind("outcome", outcome.stored())
                .bind("matched", matched)
                .bind("moved", moved)
                .bind("detail", clip(detail))
                .execute());
    }

    /** Records an action that ended as it was asked (nothing to begin first): a sign-in, a refusal. */
    public void record(Action action, Outcome outcome, String detail) {
        jdbi.useHandle(handle -> handle.createUpdate(
                        "INSERT INTO " + TABLE
                                + " (operator, via, action, selection, forced, outcome, ended_at, detail)"
                                + " VALUES (:operator, :via, :action, :selection, :forced, :outcome, CURRENT_TIMESTAMP(6), :detail)")
                .bind("operator", clip(action.operator(), OPERATOR_LIMIT))
                .bind("via", action.via())
                .bind("action", action.action())
                .bind("selection", clip(action.selection()))
                .bind("forced", action.forced())
                .bind("outcome", outcome.stored())
                .bind("detail", clip(detail))
                .execute());
    }

    /**
     * Runs {@code work} between its {@link #begin} and its {@link #end}, the ending read from its
     * result; an exception ends it as {@code failed}, with the exception's message, and is rethrown.
     */
    public <T> T run(Action action, Work<T> work, java.util.function.Function<T, Ending> ending) throws Exception {
        long id = begin(action);
        T result;
        try {
            result = work.run();
        } catch (Exception | Error e) {
            end(id, Outcome.FAILED, 0, 0, String.valueOf(e.getMessage()));
            throw e;
        }
        Ending end = ending.apply(result);
        end(id, end.outcome(), end.matched(), end.moved(), end.detail());
        return result;
    }

    /** The newest {@code limit} entries, newest first. */
    public List<Entry> recent(int limit) {
        return jdbi.withHandle(handle -> handle.createQuery("SELECT * FROM " + TABLE + " ORDER BY id DESC LIMIT :limit")
                .bind("limit", limit)
                .map((row, ctx) -> new Entry(
                        row.getLong("id"),
                        row.getTimestamp("started_at").toInstant(),
                        Optional.ofNullable(row.getTimestamp("ended_at")).map(Timestamp::toInstant),
                        row.getString("operator"),
                        row.getString("via"),
                        row.getString("action"),
                        row.getString("selection"),
                        row.getBoolean("forced"),
                        row.getString("outcome"),
                        row.getLong("matched"),
                        row.getLong("moved"),
                        Optional.ofNullable(row.getString("detail")).orElse("")))
                .list());
    }

    private static String clip(String text) {
        return clip(text, TEXT_LIMIT);
    }

    private static String clip(String text, int limit) {
        return text == null || text.length() <= limit ? text : text.substring(0, limit - 1) + "…";
    }
}
