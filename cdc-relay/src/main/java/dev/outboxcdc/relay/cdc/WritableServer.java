package dev.outboxcdc.relay.cdc;

import dev.outboxcdc.support.db.DatabaseFlavor;
import dev.outboxcdc.support.db.DatabaseServer;
import dev.outboxcdc.support.db.DatabaseSettings;
import dev.outboxcdc.support.retry.Backoff;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Which server of the relay's database list ({@code DB_HOST}, then {@code DB_FAILOVER_HOSTS}) is the
 * writable primary now: the binlog the relay tails, its lease and its offsets must all be on that
 * one server. A replica answers too, read-only until it is promoted, and is passed over until then.
 * Without failover servers the one server is the answer, unasked.
 */
final class WritableServer {
    private static final Logger log = LoggerFactory.getLogger(WritableServer.class);
    /** Looking for the writable server of a failover list: short, a promotion is expected within seconds. */
    private static final Backoff SEARCH_BACKOFF = new Backoff(Duration.ofMillis(200), Duration.ofSeconds(1));

    private WritableServer() {}

    /**
     * The writable server of the list, waiting (every 0.2-1 s) while none is, with {@code waiting}
     * run and one line logged when that starts; empty if {@code stopping} turned true or the thread
     * was interrupted first.
     */
    static Optional<DatabaseSettings> await(
            DatabaseSettings database, DatabaseFlavor flavor, BooleanSupplier stopping, Runnable waiting) {
        for (int searches = 1; !stopping.getAsBoolean(); searches++) {
            Found found = find(database, flavor);
            if (found.server().isPresent()) {
                return found.server();
            }
            waiting.run();
            if (searches == 1) {
                log.warn(
                        "no database server of the list is writable ({}); waiting for one (a promoted replica)",
                        String.join("; ", found.passedOver()));
            }
            if (!SEARCH_BACKOFF.pause(searches)) {
                break;
            }
        }
        return Optional.empty();
    }

    /** The first server of the list that answers and is writable, pinned (no failover); or why none is. */
    static Found find(DatabaseSettings database, DatabaseFlavor flavor) {
        if (database.failover().isEmpty()) {
            return new Found(Optional.of(database), List.of());
        }
        List<String> passedOver = new ArrayList<>();
        for (DatabaseServer server : database.servers()) {
            DatabaseSettings pinned = database.on(server);
            try (Connection connection = DriverManager.getConnection(
                            pinned.jdbcUrl(flavor, Duration.ofSeconds(2)), pinned.user(), pinned.password());
                    Statement statement = connection.createStatement();
                    ResultSet readOnly = statement.executeQuery("SELECT @@read_only")) {
                if (readOnly.next() && readOnly.getInt(1) == 0) {
                    return new Found(Optional.of(pinned), passedOver);
                }
                passedOver.add(server + " is read-only");
            } catch (SQLException e) {
                passedOver.add(server + " does not answer (" + e.getMessage() + ")");
            }
        }
        return new Found(Optional.empty(), passedOver);
    }

    /** @param passedOver why each server before it (all of them, if none was writable) was not taken */
    record Found(Optional<DatabaseSettings> server, List<String> passedOver) {}
}
