package dev.outboxcdc.consumer;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * The table the library needs in the service's database ({@code processed_messages}: one row per
 * event handled). With Flyway, add {@link #FLYWAY_LOCATION} with its own history table
 * {@link #FLYWAY_HISTORY_TABLE}; without it, run {@link #sql()} once. The library never changes the
 * schema itself: the service's migration user does, its runtime user only reads and writes rows.
 */
public final class ConsumerSchema {
    /** The Flyway location of the library's migrations. */
    public static final String FLYWAY_LOCATION = "classpath:db/consumer";
    /** The Flyway history table of {@link #FLYWAY_LOCATION}, apart from the service's own. */
    public static final String FLYWAY_HISTORY_TABLE = "consumer_schema_history";

    private static final String V1 = "db/consumer/V1__processed_messages.sql";

    private ConsumerSchema() {}

    /** The DDL as plain SQL ({@code CREATE TABLE IF NOT EXISTS}), for a service without Flyway. */
    public static String sql() {
        try (InputStream in = Objects.requireNonNull(
                ConsumerSchema.class.getClassLoader().getResourceAsStream(V1), V1 + " is missing from the jar")) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
