package dev.outboxcdc.relay.state;

import java.util.HashMap;
import java.util.Map;

/**
 * MariaDB GTID positions: {@code domain-server-seq}, comma-separated, one per replication domain.
 * Within a domain the sequence number orders transactions, whichever server wrote them (a replica
 * with {@code log_slave_updates} keeps the primary's GTIDs), so positions compare domain by domain.
 */
final class MariaDbGtids {
    private MariaDbGtids() {}

    /**
     * Whether a server whose binlogs start after {@code binlogStart} (the GTID state before its oldest
     * binlog file) and end at {@code binlogEnd} ({@code @@gtid_binlog_pos}) holds every transaction
     * after {@code position}: in each of its domains the position is neither purged (before the
     * start) nor unknown to the server (a domain it never saw, or beyond its end: another history).
     */
    static boolean coveredFrom(String position, String binlogStart, String binlogEnd) {
        Map<Long, Long> ours = sequenceByDomain(position);
        Map<Long, Long> start = sequenceByDomain(binlogStart);
        Map<Long, Long> end = sequenceByDomain(binlogEnd);
        if (ours.isEmpty()) {
            return false;
        }
        for (Map.Entry<Long, Long> domain : ours.entrySet()) {
            long sequence = domain.getValue();
            Long last = end.get(domain.getKey());
            if (sequence < start.getOrDefault(domain.getKey(), 0L) || last == null || sequence > last) {
                return false;
            }
        }
        return true;
    }

    /** {@code 0-1-100,1-2-7} → {0: 100, 1: 7}; an empty or blank position has no domain. */
    static Map<Long, Long> sequenceByDomain(String position) {
        Map<Long, Long> sequences = new HashMap<>();
        for (String gtid : position.split(",")) {
            String trimmed = gtid.strip();
            if (trimmed.isEmpty()) {
                continue;
            }
            String[] parts = trimmed.split("-");
            if (parts.length != 3) {
                throw new IllegalArgumentException("not a MariaDB GTID (domain-server-sequence): '" + trimmed + "'");
            }
            sequences.merge(Long.parseLong(parts[0]), Long.parseLong(parts[2]), Math::max);
        }
        return sequences;
    }
}
