package dev.outboxcdc.relay.cdc;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * Tells a stalled binlog reader from an idle server: stalled when the reader's position has not
 * moved for longer than {@code stallAfter} while the server's binlog moved on. The reader reads
 * every binlog event, of every table (the relay's own offset writes included), so on a server
 * that writes nothing it stays ready however long no outbox row comes. Fed by each readiness
 * check; thread-safe.
 */
final class StallWatch {
    private final Duration stallAfter;
    private @Nullable String readerPosition;
    private @Nullable String serverWhenReaderMoved;
    private @Nullable Instant readerMovedAt;

    StallWatch(Duration stallAfter) {
        this.stallAfter = stallAfter;
    }

    /** Why the reader is stalled, or empty; {@code now} is the time of this observation. */
    synchronized Optional<String> stalled(String reader, String server, Instant now) {
        if (!Objects.equals(reader, readerPosition)) {
            readerPosition = reader;
            serverWhenReaderMoved = server;
            readerMovedAt = now;
            return Optional.empty();
        }
        if (!Objects.equals(server, serverWhenReaderMoved)
                && Duration.between(readerMovedAt, now).compareTo(stallAfter) > 0) {
            return Optional.of("the binlog reader has stayed at " + reader + " since " + readerMovedAt
                    + " while the server's binlog moved on to " + server);
        }
        return Optional.empty();
    }
}
