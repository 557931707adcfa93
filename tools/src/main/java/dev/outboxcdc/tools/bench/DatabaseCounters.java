package dev.outboxcdc.tools.bench;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jdbi.v3.core.Jdbi;

/**
 * What the database did, from its global status counters (MySQL and MariaDB alike): statements by
 * kind, rows inserted, commits, and the flushes that every commit may pay. Global counters count
 * every client, the bench's own checks included (a few statements per second).
 */
final class DatabaseCounters {
    /** Counter name → how the bench labels it per event. Missing counters (other flavors) read 0. */
    static final Map<String, String> COUNTERS = labels();
    /** Bytes the server wrote to its binlog (MariaDB; MySQL has no such counter and reads 0). */
    static final String BINLOG_BYTES = "Binlog_bytes_written";

    private final Jdbi admin;

    DatabaseCounters(Jdbi admin) {
        this.admin = admin;
    }

    private static Map<String, String> labels() {
        Map<String, String> labels = new LinkedHashMap<>();
        labels.put("Questions", "statements");
        labels.put("Com_set_option", "of which SET (autocommit, ...)");
        labels.put("Com_insert", "of which INSERT");
        labels.put("Com_commit", "of which COMMIT");
        labels.put("Handler_write", "rows written");
        labels.put("Innodb_data_fsyncs", "InnoDB fsyncs");
        labels.put("Binlog_commits", "binlog commits");
        labels.put("Binlog_group_commits", "binlog group commits (MariaDB)");
        labels.put(BINLOG_BYTES, "binlog bytes (MariaDB)");
        return labels;
    }

    Map<String, Long> read() {
        Map<String, Long> values = new LinkedHashMap<>();
        COUNTERS.keySet().forEach(name -> values.put(name, 0L));
        admin.useHandle(handle -> handle.createQuery("SHOW GLOBAL STATUS WHERE Variable_name IN (<names>)")
                .bindList("names", List.copyOf(COUNTERS.keySet()))
                .map((row, ctx) -> Map.entry(row.getString(1), row.getLong(2)))
                .forEach(entry -> values.put(entry.getKey(), entry.getValue())));
        return values;
    }
}
