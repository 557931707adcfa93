package dev.outboxcdc.relay.cdc;

import java.util.Locale;

/** How one run of the engine ended, from its completion callback. */
record EngineOutcome(boolean success, String message, Throwable error) {

    /** Error 1236: the server no longer has the binlog file or GTID the engine asked for. */
    boolean isPurgedBinlog() {
        String text = reason().toLowerCase(Locale.ROOT);
        return text.contains("1236") || text.contains("purged") || text.contains("could not find first log file")
                || text.contains("could not find gtid state");
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
