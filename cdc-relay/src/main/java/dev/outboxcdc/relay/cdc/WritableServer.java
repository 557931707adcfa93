package dev.outboxcdc.relay.cdc;

import dev.outboxcdc.support.db.DatabaseFlavor;
import dev.outboxcdc.support.db.DatabaseServer;
import dev.outboxcdc.support.db.DatabaseSettings;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Which server of the relay's database list ({@code DB_HOST}, then {@code DB_FAILOVER_HOSTS}) is the
 * writable primary now: the binlog the relay tails, its lease and its offsets must all be on that
 * one server. A replica answers too, read-only until it is promoted, and is passed over until then.
 * Without failover servers the one server is the answer, unasked.
 */
final class WritableServer {
    private WritableServer() {
    }

    /** The first server of the list that answers and is writable, pinned (no failover); or why none is. */
    static Found find(DatabaseSettings database, DatabaseFlavor flavor) {
        if (database.failover().isEmpty()) {
            return new Found(Optional.of(database), List.of());
        }
        List<String> passedOver = new ArrayList<>();
        for (DatabaseServer server : database.servers()) {
            DatabaseSettings pinned = database.on(server);
            try (Connection connection = DriverManager.getConnection(pinned.jdbcUrl(flavor, Duration.ofSeconds(2)),
                    pinned.user(), pinned.password());
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
    record Found(Optional<DatabaseSettings> server, List<String> passedOver) {
    }
}
