package dev.outboxcdc.relay.cdc;

import java.util.Locale;
import org.jspecify.annotations.Nullable;

/** How one run of the engine ended, from its completion callback. */
record EngineOutcome(
        boolean success, @Nullable String message, @Nullable Throwable error) {

    /**
     * The server no longer has the binlog file or GTID the engine asked for: error 1236, or the
     * connector's own check refused the stored position before it connected. That check also
     * refuses a MariaDB position that is there but was written under another server id, as after a
     * failover to a replica that writes in the old primary's GTID domain (Debezium 3.5, dbz#1672):
     * {@code scripts/infras.sh promote} gives the new primary a domain of its own to avoid it.
     */
    boolean isPurgedBinlog() {
        String text = reason().toLowerCase(Locale.ROOT);
        return text.contains("1236")
                || text.contains("purged")
                || text.contains("could not find first log file")
                || text.contains("could not find gtid state")
                || text.contains("no longer available on the server");
    }

    /** The message and every cause, on one line. */
    String reason() {
        StringBuilder reason = new StringBuilder(message == null ? "" : message);
        for (Throwable cause = error; cause != null; cause = cause.getCause()) {
            if (cause.getMessage() != null && !reason.toString().contains(cause.getMessage())) {
                reason.append(reason.length() == 0 ? "" : ": ").append(cause.getMessage());
            }
        }
        return reason.toString().replace('\n', ' ');
    }
}
