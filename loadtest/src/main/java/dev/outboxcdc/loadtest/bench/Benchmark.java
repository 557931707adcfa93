package dev.outboxcdc.loadtest.bench;

import com.zaxxer.hikari.HikariDataSource;
import dev.outboxcdc.support.config.Env;
import dev.outboxcdc.support.db.ConnectionPools;
import dev.outboxcdc.support.db.DatabaseSettings;
import dev.outboxcdc.testsupport.TestEnvironment;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.jdbi.v3.core.Jdbi;

/**
 * {@code make bench}: the project's published figures, every ratio measured in ONE run on one
 * machine: raw database and broker baselines, end to end with the CDC relay and with the polling
 * relay, relay catch-up, and what the relay costs the database. Prints the table and writes it to
 * {@code target/bench/results.md}.
 */
public final class Benchmark {
    private Benchmark() {
    }

    public static void main(String[] args) throws Exception {
        BenchSettings settings = BenchSettings.fromEnv(Env.system());
        DatabaseSettings adminSettings = TestEnvironment.get().admin();
        try (HikariDataSource pool = ConnectionPools.open(adminSettings, adminSettings.resolveFlavor(), "bench",
                settings.concurrency() + 4, Duration.ofSeconds(120))) {
            Jdbi admin = Jdbi.create(pool);
            String table = run(settings, admin);
            System.out.println(table);
            Path results = Path.of("target", "bench", "results.md");
            Files.createDirectories(results.getParent());
            Files.writeString(results, table);
            System.out.println("written to " + results.toAbsolutePath());
        }
        System.exit(0);
    }

    private static String run(BenchSettings settings, Jdbi admin) throws Exception {
        System.out.println("== raw database baseline: customer + outbox insert per transaction, " + settings.concurrency() + " threads");
        double rawDb = RawDatabaseBaseline.transactionsPerSecond(admin, settings.concurrency(), settings.measure().dividedBy(2));
        System.out.println("== raw broker baseline: 500-byte persistent publishes, async confirms");
        double rawBroker = RawBrokerBaseline.confirmedPerSecond(TestEnvironment.get().amqp().connectionFactory(), Duration.ofSeconds(10));
        RelayDatabaseLoad databaseLoad = new RelayDatabaseLoad(admin);
        ModeMeasurement measurement = new ModeMeasurement(admin, databaseLoad, settings, System.out);

        ModeMeasurement.Result cdc;
        CatchUp.Result catchUp;
        try (ServiceStack stack = new ServiceStack("bench-cdc", Map.of()).start()) {
            cdc = measurement.measure("cdc", stack);
            System.out.println("== relay catch-up: relay stopped, " + settings.catchUpRows() + " outbox rows written, relay started");
            stack.relay.terminate(Duration.ofSeconds(15));
            CatchUp.writeBacklog(admin, settings.catchUpRows());
            catchUp = CatchUp.measure(TestEnvironment.get().amqp().connectionFactory(), stack.exchange,
                    settings.catchUpRows(), stack::startRelay);
            CatchUp.deleteBacklog(admin);
        }
        // The polling relay publishes every row without published_at; start it from a drained outbox.
        admin.useHandle(handle -> handle.execute("UPDATE outbox.outbox SET published_at = CURRENT_TIMESTAMP(6) WHERE published_at IS NULL"));
        ModeMeasurement.Result polling;
        try (ServiceStack stack = new ServiceStack("bench-polling", Map.of("RELAY_MODE", "polling", "RELAY_POLL_INTERVAL_MS", "100")).start()) {
            polling = measurement.measure("polling", stack);
        }
        return BenchTable.render(settings, rawDb, rawBroker, cdc, polling, catchUp, Instant.now());
    }
}
