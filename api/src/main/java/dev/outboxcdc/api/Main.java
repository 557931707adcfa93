package dev.outboxcdc.api;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.zaxxer.hikari.HikariDataSource;
import dev.outboxcdc.api.customer.CustomerHandlers;
import dev.outboxcdc.api.customer.CustomerRegistration;
import dev.outboxcdc.api.customer.CustomerRepository;
import dev.outboxcdc.api.health.DatabaseHealth;
import dev.outboxcdc.api.http.HttpApi;
import dev.outboxcdc.api.http.Json;
import dev.outboxcdc.api.idempotency.IdempotencyKeyExpiry;
import dev.outboxcdc.api.idempotency.IdempotencyKeys;
import dev.outboxcdc.contract.schema.EventSchemas;
import dev.outboxcdc.producer.OutboxWriter;
import dev.outboxcdc.support.config.Env;
import dev.outboxcdc.support.db.DatabaseFlavor;
import dev.outboxcdc.support.db.DatabaseWritability;
import dev.outboxcdc.support.db.SchemaMigrations;
import dev.outboxcdc.support.db.TransactionalDatabase;
import dev.outboxcdc.support.lifecycle.ServiceMain;
import dev.outboxcdc.support.lifecycle.StartupTime;
import dev.outboxcdc.support.metrics.ServiceMetrics;
import dev.outboxcdc.support.tracing.Tracing;
import io.javalin.Javalin;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.opentelemetry.api.OpenTelemetry;
import java.time.Clock;
import java.time.Duration;
import java.util.UUID;
import org.jdbi.v3.core.Jdbi;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Wires the api by hand: config, pool, migrations, registration, HTTP. */
public final class Main {
    private static final Logger log = LoggerFactory.getLogger(Main.class);
    /** Bounds a hung statement so that a request still answers 503 within 5 s. */
    private static final Duration QUERY_TIMEOUT = Duration.ofSeconds(3);
    /** How long a request waits for another one holding its Idempotency-Key before it is answered 409. */
    private static final Duration KEY_IN_FLIGHT_WAIT = Duration.ofSeconds(1);

    private static final Duration KEY_EXPIRY_INTERVAL = Duration.ofMinutes(1);

    private Main() {}

    public static void main(String[] args) {
        ServiceMain.run("api", env -> {
            RunningApi api = start(ApiConfig.fromEnv(env));
            log.info("api listening on port {}", api.port());
            return api;
        });
    }

    /** Starts the api on the configured port (0 picks a free one, as the tests do). */
    public static RunningApi start(ApiConfig config) {
        OpenTelemetry openTelemetry = Tracing.create("outbox-cdc-api");
        DatabaseFlavor flavor = config.database().resolveFlavor();
        HikariDataSource pool =
                TransactionalDatabase.pool(config.database(), flavor, "api", config.poolSize(), QUERY_TIMEOUT);
        try {
            SchemaMigrations.apply(config.schemaOwner(), flavor, "api", ApiSchema.LOCATIONS);
            ObjectMapper json = Json.mapper();
            Jdbi jdbi = TransactionalDatabase.jdbi(pool);
            IdempotencyKeys idempotencyKeys =
                    new IdempotencyKeys(config.idempotencyKeyTtl(), KEY_IN_FLIGHT_WAIT, Clock.systemUTC());
            CustomerRegistration registration = new CustomerRegistration(
                    jdbi,
                    new CustomerRepository(),
                    OutboxWriter.create(EventSchemas.load(), json),
                    idempotencyKeys,
                    UUID::randomUUID,
                    json,
                    Clock.systemUTC(),
                    config.defaultLocale());
            PrometheusMeterRegistry metrics = ServiceMetrics.create("api", Env.system());
            pool.setMetricRegistry(metrics);
            Javalin app = HttpApi.create(
                    new CustomerHandlers(registration, json),
                    new DatabaseHealth(new DatabaseWritability("api", jdbi, metrics)),
                    json,
                    metrics,
                    openTelemetry);
            IdempotencyKeyExpiry keyExpiry = new IdempotencyKeyExpiry(jdbi, idempotencyKeys).start(KEY_EXPIRY_INTERVAL);
            app.start(config.port());
            new StartupTime("api", metrics).ready("listening on port " + app.port());
            return new RunningApi(app, keyExpiry, pool);
        } catch (RuntimeException e) {
            pool.close();
            throw e;
        }
    }

    /** The started server, its background job and the pool it owns; closing stops them, server first. */
    public record RunningApi(Javalin app, IdempotencyKeyExpiry keyExpiry, HikariDataSource pool)
            implements ServiceMain.Running {
        public int port() {
            return app.port();
        }

        @Override
        public void close() {
            app.stop();
            keyExpiry.close();
            pool.close();
        }
    }
}
