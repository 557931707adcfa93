package dev.outboxcdc.relay.cdc;

import dev.outboxcdc.relay.RelayFailedException;
import java.time.Duration;
import java.util.Map;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.StatementException;

/**
 * Checks at start-up what the engine would otherwise report late or obscurely: a server without a
 * row-based binlog, or a relay user without the replication grants.
 */
final class BinlogPreflight {
    private static final String GRANTS_HINT = "grant REPLICATION SLAVE, REPLICATION CLIENT ON *.* to the relay user"
            + " (mysql-config/init.sql), or run RELAY_MODE=polling";

    private BinlogPreflight() {}

    static void check(Jdbi jdbi) {
        Map<String, Object> settings = jdbi.withHandle(handle -> handle.createQuery(
                        "SELECT @@log_bin AS log_bin, @@binlog_format AS binlog_format, @@binlog_row_image AS row_image")
                .mapToMap()
                .one());
        String logBin = String.valueOf(settings.get("log_bin"));
        if (!logBin.equals("1") && !logBin.equalsIgnoreCase("ON") && !logBin.equalsIgnoreCase("true")) {
            throw new RelayFailedException("The database has no binary log (log_bin=OFF): start it with"
                    + " mysql-config/outbox-binlog.cnf, or run RELAY_MODE=polling");
        }
        if (!"ROW".equalsIgnoreCase(String.valueOf(settings.get("binlog_format")))
                || !"FULL".equalsIgnoreCase(String.valueOf(settings.get("row_image")))) {
            throw new RelayFailedException("The binary log must be binlog_format=ROW and binlog_row_image=FULL, is "
                    + settings.get("binlog_format") + "/" + settings.get("row_image"));
        }
        try {
            jdbi.useHandle(
                    handle -> handle.createQuery("SHOW BINARY LOGS").mapToMap().list());
        } catch (StatementException e) {
            throw new RelayFailedException("The relay user may not read the binary log: " + GRANTS_HINT);
        }
    }

    /** The server's binlog expiry ({@code binlog_expire_logs_seconds}); zero when binlogs never expire. */
    static Duration binlogExpiry(Jdbi jdbi) {
        return Duration.ofSeconds(jdbi.withHandle(handle -> handle.createQuery("SELECT @@binlog_expire_logs_seconds")
                .mapTo(Long.class)
                .one()));
    }
}
