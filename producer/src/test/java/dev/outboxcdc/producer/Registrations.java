package dev.outboxcdc.producer;

// LIBRARY.md:start
import com.fasterxml.jackson.databind.ObjectMapper;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import javax.sql.DataSource;

/** Registers a customer account and writes its CustomerCreated event in the same transaction. */
public final class Registrations {
    private final DataSource dataSource;
    private final OutboxWriter outbox = OutboxWriter.create(new ObjectMapper());

    public Registrations(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    public String register(String email, String name) throws SQLException {
        String id = UUID.randomUUID().toString();
        try (Connection connection = dataSource.getConnection()) {
            connection.setAutoCommit(false);
            try (PreparedStatement insert =
                    connection.prepareStatement("INSERT INTO accounts (id, email) VALUES (?, ?)")) {
                insert.setString(1, id);
                insert.setString(2, email);
                insert.executeUpdate();
                outbox.append(
                        connection,
                        OutboxEvent.of(
                                "customer",
                                id,
                                "CustomerCreated",
                                Map.of(
                                        "id",
                                        id,
                                        "name",
                                        name,
                                        "email",
                                        email,
                                        "locale",
                                        "en",
                                        "createdAt",
                                        Instant.now().toString(),
                                        "version",
                                        1)));
                connection.commit();
            } catch (SQLException | RuntimeException e) {
                connection.rollback();
                throw e;
            }
        }
        return id;
    }
}
// LIBRARY.md:end
