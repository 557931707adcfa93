package dev.outboxcdc.relay;

import com.zaxxer.hikari.HikariDataSource;
import dev.outboxcdc.contract.schema.EventSchemas;
import dev.outboxcdc.relay.cdc.CdcRelay;
import dev.outboxcdc.relay.metrics.RelayMetrics;
import dev.outboxcdc.relay.polling.PollingRelay;
import dev.outboxcdc.relay.publish.ConfirmingPublisher;
import dev.outboxcdc.relay.publish.EventProperties;
import dev.outboxcdc.relay.publish.RetryingPublisher;
import dev.outboxcdc.relay.retention.OutboxRetention;
import dev.outboxcdc.support.amqp.BrokerBlocking;
import dev.outboxcdc.support.config.ConfigException;
import dev.outboxcdc.support.config.Env;
import dev.outboxcdc.support.config.variables.RelayVariables;
import dev.outboxcdc.support.db.ConnectionPools;
import dev.outboxcdc.support.db.DatabaseFlavor;
import dev.outboxcdc.support.db.DatabaseUnavailableException;
import dev.outboxcdc.support.db.DatabaseWritability;
import dev.outboxcdc.support.errors.ErrorMessages;
import dev.outboxcdc.support.lifecycle.ServiceMain;
import dev.outboxcdc.support.lifecycle.StartupTime;
import dev.outboxcdc.support.lifecycle.TerminationSignal;
import dev.outboxcdc.support.metrics.AdminServer;
import dev.outboxcdc.support.metrics.Readiness;
import dev.outboxcdc.support.metrics.ServiceMetrics;
import dev.outboxcdc.support.retry.Backoff;
import dev.outboxcdc.support.tracing.Tracing;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.jdbi.v3.core.Jdbi;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.bridge.SLF4JBridgeHandler;

/**
 * Wires the relay by hand and runs it until SIGTERM/SIGINT (exit 0 after a clean stop) or until it
 * fails (exit 1 with one line saying why). Every path ends in {@code System.exit}: the engine's
 * threads are not daemons and would otherwise keep a failed JVM alive.
 */
public final class Main {
    private static final Logger log = LoggerFactory.getLogger(Main.class);
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(8);
    private static final Duration RETENTION_PERIOD = Duration.ofMinutes(10);

    private Main() {}

    public static void main(String[] args) {
        // The binlog client logs through java.util.logging; route it to the same log lines.
        SLF4JBridgeHandler.removeHandlersForRootLogger();
        SLF4JBridgeHandler.install();
        int status;
        try {
            Env env = Env.system();
            ServiceMain.checkEnvironment(env);
            status = run(RelayConfig.fromEnv(env), TerminationSignal.install());
        } catch (ConfigException | DatabaseUnavailableException | RelayFailedException e) {
            log.error("relay cannot start: {}", e.getMessage());
            status = 2;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            status = 1;
        } catch (RuntimeException e) {
            log.error("relay failed", e);
            status = 1;
        }
        System.exit(status);
    }

    static int run(RelayConfig config, TerminationSignal signal) throws InterruptedException {
        // No spans of its own (it copies each row's traceparent); registered for the JDBC driver's.
        Tracing.create("outbox-cdc-relay");
        ConfirmingPublisher.declareAtStartup(
                config.amqp(), config.exchange(), config.subscriber(), config.unroutedQueue());
        DatabaseFlavor flavor = config.database().resolveFlavor();
        log.info(
                "relay {} starting in {} mode against {} ({}), broker {}",
                config.name(),
                config.mode().name().toLowerCase(Locale.ROOT),
                config.database(),
                flavor,
                config.amqp().redacted());
        PrometheusMeterRegistry metrics = ServiceMetrics.create("relay", Env.system());
        Clock clock = Clock.systemUTC();
        RelayMetrics relayMetrics = new RelayMetrics(metrics, clock);
        AtomicReference<Relay> running = new AtomicReference<>();
        BrokerBlocking blocking = new BrokerBlocking("relay", metrics, clock);
        AtomicReference<DatabaseWritability> database = new AtomicReference<>();
        try (AdminServer admin = AdminServer.start(
                        config.adminPort(),
                        RelayVariables.RELAY_ADMIN_PORT.name(),
                        metrics,
                        () -> readiness(running.get(), database.get(), blocking));
                HikariDataSource pool =
                        ConnectionPools.open(config.database(), flavor, "relay", 4, Duration.ofSeconds(30));
                ConfirmingPublisher confirming = new ConfirmingPublisher(
                        config.amqp(),
                        config.exchange(),
                        config.subscriber(),
                        config.unroutedQueue(),
                        new EventProperties(config.eventSource(), EventSchemas.load()),
                        relayMetrics,
                        blocking)) {
            log.info("relay metrics on http://localhost:{}/metrics", admin.port());
            pool.setMetricRegistry(metrics);
            AtomicBoolean stopping = new AtomicBoolean();
            RetryingPublisher publisher =
                    new RetryingPublisher(confirming, Backoff.DEFAULT, stopping::get, relayMetrics);
            Jdbi jdbi = Jdbi.create(pool);
            database.set(new DatabaseWritability("relay", jdbi, metrics));
            OutboxRetention.checkGrant(jdbi);
            Relay relay = config.mode() == RelayMode.CDC
                    ? CdcRelay.start(config, flavor, jdbi, publisher, relayMetrics, clock)
                    : PollingRelay.start(config, jdbi, publisher, relayMetrics);
            running.set(relay);
            new StartupTime("relay", metrics).readyWhen(relayMetrics::started);
            try (OutboxRetention retention =
                    new OutboxRetention(jdbi, config.retention().outbox(), relay::publishedBefore)) {
                retention.start(RETENTION_PERIOD);
                var unused = relay.ended().whenComplete((ignored, error) -> signal.trigger());
                signal.await();
                log.info("relay stopping");
                stopping.set(true);
                relay.close();
            }
            return awaitEnd(relay);
        }
    }

    /** Starting until the relay runs; then the broker's blocking, the database's writability, the relay's own. */
    private static Readiness readiness(
            @Nullable Relay running, @Nullable DatabaseWritability database, BrokerBlocking blocking) {
        if (running == null || database == null) {
            return Readiness.down("STARTING", "connecting to the database and the broker");
        }
        return blocking.readiness().or(database::problem).orElseGet(running::readiness);
    }

    private static int awaitEnd(Relay relay) throws InterruptedException {
        try {
            relay.ended().get(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            log.info("relay stopped cleanly");
            return 0;
        } catch (java.util.concurrent.ExecutionException e) {
            Throwable cause = e.getCause();
            log.error("relay failed: {}", ErrorMessages.of(cause != null ? cause : e));
            return 1;
        } catch (java.util.concurrent.TimeoutException e) {
            log.error(
                    "relay did not stop within {} s; exiting anyway (unconfirmed events will be re-published)",
                    STOP_TIMEOUT.toSeconds());
            return 1;
        }
    }
}
