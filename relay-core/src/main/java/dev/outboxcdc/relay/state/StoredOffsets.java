package dev.outboxcdc.relay.state;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.outboxcdc.support.db.DatabaseFlavor;
import dev.outboxcdc.support.db.DatabaseTables;
import java.io.IOException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The binlog position the engine stored in {@code relay_offsets}, and the recovery when the server
 * no longer has it. Debezium's MariaDB connector does not recover from a purged position by
 * itself (it fails with error 1236 whatever the snapshot mode), so the relay deletes the stored
 * offsets: the next start finds none and, with {@code snapshot.mode=when_needed}, re-publishes the
 * outbox rows the position had not passed before streaming (see {@code RetentionWindows#republishFrom}).
 */
public final class StoredOffsets {
    private static final Logger log = LoggerFactory.getLogger(StoredOffsets.class);

    private final Jdbi jdbi;
    private final DatabaseFlavor flavor;
    private final String table;
    private final ObjectMapper json = new ObjectMapper();

    public StoredOffsets(Jdbi jdbi, DatabaseFlavor flavor, String table) {
        this.jdbi = jdbi;
        this.flavor = flavor;
        this.table = table;
    }

    /** The stored position, if any. */
    public Optional<BinlogPosition> stored() {
        return jdbi.withHandle(this::position);
    }

    /** Whether a position is stored at all. */
    public boolean exist() {
        return jdbi.withHandle(handle -> position(handle).isPresent());
    }

    /** The stored position, if the server has purged it. */
    public Optional<BinlogPosition> purgedPosition() {
        return jdbi.withHandle(handle -> position(handle).filter(position -> !isAvailable(handle, position)));
    }

    /** Deletes the stored offsets: the next start finds none and re-publishes (see {@link CdcRelay}). */
    public void reset(String reason) {
        log.warn("{}: deleting the stored offsets", reason);
        jdbi.useHandle(handle -> handle.execute("DELETE FROM " + table));
    }

    /**
     * The second of the last outbox event the stored position covers (the offset's {@code ts_sec},
     * which Debezium takes from captured events only): every outbox row committed before it was
     * published. Empty without stored offsets, or when a restarted relay stored a position (a
     * heartbeat) before its first outbox event.
     */
    public Optional<Instant> passedUpTo() {
        return jdbi.withHandle(this::position).flatMap(BinlogPosition::eventTime);
    }

    private Optional<BinlogPosition> position(Handle handle) {
        if (!DatabaseTables.exists(handle, table)) {
            return Optional.empty();
        }
        List<String> values = handle.createQuery("SELECT offset_val FROM " + table)
                .mapTo(String.class)
                .list();
        return values.stream().map(this::parse).flatMap(Optional::stream).findFirst();
    }

    private Optional<BinlogPosition> parse(String offsetJson) {
        try {
            JsonNode offset = json.readTree(offsetJson);
            if (!offset.hasNonNull("file")) {
                return Optional.empty();
            }
            return Optional.of(new BinlogPosition(
                    offset.get("file").asText(),
                    offset.path("pos").asLong(4),
                    Optional.of(offset.path("ts_sec").asLong(0))
                            .filter(seconds -> seconds > 0)
                            .map(Instant::ofEpochSecond),
                    Optional.ofNullable(offset.path("gtids").textValue()).filter(gtids -> !gtids.isBlank())));
        } catch (IOException e) {
            log.warn("unreadable stored offset {}: {}", offsetJson, e.getMessage());
            return Optional.empty();
        }
    }

    private boolean isAvailable(Handle handle, BinlogPosition position) {
        List<String> files = handle.createQuery("SHOW BINARY LOGS")
                .map((row, ctx) -> row.getString(1))
                .list();
        if (flavor == DatabaseFlavor.MARIADB && position.gtids().isPresent()) {
            // Debezium's MariaDB connector resumes by GTID, and GTIDs survive a failover to a replica
            // where the binlog files have other names: the position is available while the server's
            // binlogs still hold every transaction after it.
            return !files.isEmpty()
                    && MariaDbGtids.coveredFrom(
                            position.gtids().get(),
                            binlogStartState(handle, files.get(0)),
                            handle.createQuery("SELECT @@gtid_binlog_pos")
                                    .mapTo(String.class)
                                    .findOne()
                                    .orElse(""));
        }
        if (flavor == DatabaseFlavor.MYSQL && position.gtids().isPresent()) {
            // MySQL's GTID set names every server's transactions (gtid_executed), and Debezium's MySQL
            // connector resumes by it: the position is usable on any server that executed all of it
            // and purged nothing after it, whatever its binlog files are called.
            return handle.createQuery(
                            "SELECT GTID_SUBSET(:gtids, @@GLOBAL.gtid_executed) AND GTID_SUBSET(@@GLOBAL.gtid_purged, :gtids)")
                    .bind("gtids", position.gtids().get())
                    .mapTo(Boolean.class)
                    .one();
        }
        if (!files.contains(position.file())) {
            return false;
        }
        if (flavor == DatabaseFlavor.MARIADB) {
            return handle.createQuery("SELECT BINLOG_GTID_POS(:file, :pos)")
                    .bind("file", position.file())
                    .bind("pos", position.pos())
                    .mapTo(String.class)
                    .findOne()
                    .isPresent();
        }
        return true;
    }

    /** The GTID state at the start of a binlog file: what was committed before its first transaction. */
    private static String binlogStartState(Handle handle, String file) {
        return handle.createQuery("SELECT BINLOG_GTID_POS(:file, 4)")
                .bind("file", file)
                .mapTo(String.class)
                .findOne()
                .orElse("");
    }

    /**
     * A binlog position as the relay stored it.
     *
     * @param eventTime the offset's {@code ts_sec}, absent until the relay published an outbox event
     * @param gtids     the offset's GTID position ({@code gtids}), where the server has GTIDs
     */
    public record BinlogPosition(String file, long pos, Optional<Instant> eventTime, Optional<String> gtids) {
        @Override
        public String toString() {
            return file + ":" + pos;
        }
    }
}
