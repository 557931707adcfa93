package dev.outboxcdc.examples.loyalty;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.outboxcdc.consumer.Broker;
import dev.outboxcdc.consumer.ConsumerSchema;
import dev.outboxcdc.consumer.EventConsumer;
import dev.outboxcdc.consumer.Subscription;
import dev.outboxcdc.contract.events.CustomerEvents;
import dev.outboxcdc.contract.events.EventRouting;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A second subscriber of the customer events, as another team would write it: a points account per
 * customer ({@link Points}) in a database of its own, on the consumer library. Runs until SIGTERM.
 */
public final class LoyaltyService {
    private static final Logger log = LoggerFactory.getLogger(LoyaltyService.class);

    private LoyaltyService() {}

    /** Its settings are {@code LOYALTY_*} variables; the defaults are {@code make run}'s (README.md). */
    public static void main(String[] args) {
        Map<String, String> env = System.getenv();
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(env.getOrDefault("LOYALTY_DB_URL", "jdbc:mariadb://127.0.0.1:3307/loyalty"));
        config.setUsername(env.getOrDefault("LOYALTY_DB_USER", "outbox_loyalty"));
        config.setPassword(env.getOrDefault("LOYALTY_DB_PASSWORD", "loyalty-secret"));
        config.setMaximumPoolSize(4);
        config.setInitializationFailTimeout(-1); // a database not up yet is waited for
        HikariDataSource database = new HikariDataSource(config);
        migrate(database, "classpath:db/loyalty", "loyalty_schema_history");
        migrate(database, ConsumerSchema.FLYWAY_LOCATION, ConsumerSchema.FLYWAY_HISTORY_TABLE);
        Points points = new Points();
        EventConsumer consumer;
        try {
            Broker broker = Broker.at(
                    env.getOrDefault("LOYALTY_AMQP_URI", "amqp://outbox_loyalty:loyalty-secret@127.0.0.1:5672/%2F"));
            String nodes = env.getOrDefault("LOYALTY_AMQP_ADDRESSES", "");
            String ca = env.getOrDefault("LOYALTY_AMQP_TLS_CA_FILE", "");
            broker = nodes.isBlank() ? broker : broker.cluster(List.of(nodes.split(",")));
            consumer = EventConsumer.builder(
                            ca.isBlank() ? broker : broker.trusting(Path.of(ca)),
                            Subscription.of(
                                    env.getOrDefault("LOYALTY_SUBSCRIPTION", "loyalty.customer-events"),
                                    EventRouting.allOf(CustomerEvents.AGGREGATE_TYPE)),
                            database)
                    .serviceName("loyalty")
                    .exchange(env.getOrDefault("LOYALTY_EVENTS_EXCHANGE", "outbox.events"))
                    .on(CustomerEvents.CREATED, 1, points::welcome)
                    .on(CustomerEvents.CREATED, 2, points::welcome)
                    .on(CustomerEvents.UPDATED, 1, points::profileUpdated)
                    .start();
        } catch (IllegalArgumentException refused) {
            log.error("loyalty cannot start: {}", refused.getMessage());
            database.close();
            System.exit(2);
            return;
        }
        // SIGTERM: the batches in hand finish (committed and acknowledged) before the JVM ends.
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            consumer.close();
            database.close();
            log.info("loyalty stopped cleanly");
        }));
    }

    /** Its own tables, and the library's, each with a history of its own (baseline 0: the second one finds tables). */
    private static void migrate(DataSource database, String location, String history) {
        Flyway.configure()
                .dataSource(database)
                .locations(location)
                .table(history)
                .baselineOnMigrate(true)
                .baselineVersion("0")
                .load()
                .migrate();
    }
}
