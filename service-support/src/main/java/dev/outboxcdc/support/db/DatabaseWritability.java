package dev.outboxcdc.support.db;

import dev.outboxcdc.support.metrics.Readiness;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jdbi.v3.core.ConnectionException;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.SqlLogger;
import org.jdbi.v3.core.statement.SqlStatements;
import org.jdbi.v3.core.statement.StatementContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Whether the database takes a service's writes: it answers, it is not read-only (a failover
 * gone wrong leaves a primary with {@code read_only=ON}; every write of the services' users is then
 * refused while a plain query still answers), and its disk is not full. Asked by readiness
 * ({@code READ_ONLY}, {@code DISK_FULL} or {@code DOWN}, with the reason) and by the gauges
 * {@code outbox_database_read_only} and {@code outbox_database_disk_full} at each scrape; one line
 * is logged when an episode begins and one when it ends. Thread-safe.
 *
 * <p>No query tells a service that the server's disk is full, so the writes say it: the statements
 * of the {@link Jdbi} it is given are watched (its {@code SqlLogger}, which {@link DirectWrite}
 * reports to as well), and a write refused for lack of space (MariaDB/MySQL 1114 "table is full",
 * 1021, errno 28) marks the disk full until {@link #FULL_UNTIL_QUIET} passes without another such
 * refusal. Not until the next write succeeds: on a full disk some writes still fit in pages the
 * tables have, so successes and refusals interleave (measured in {@code make chaos} scenario 19),
 * and one episode must not log a line per success. A service that writes nothing meanwhile cannot
 * tell; its next refused write says so again.
 */
public final class DatabaseWritability {
    private static final Logger log = LoggerFactory.getLogger(DatabaseWritability.class);

    private final String service;
    private final Jdbi jdbi;
    private final AtomicBoolean readOnly = new AtomicBoolean();

    static final Duration FULL_UNTIL_QUIET = Duration.ofSeconds(2);
    /** How long the read-only probe waits for the database's answer, which takes milliseconds. */
    static final Duration PROBE_TIMEOUT = Duration.ofSeconds(2);

    private final Object fullLock = new Object();
    private boolean full;
    private long lastRefusedNanos;
    private String refusal = "";

    /** Watches the statements of {@code jdbi} (its {@link SqlLogger}) for writes refused for lack of space. */
    public DatabaseWritability(String service, Jdbi jdbi, MeterRegistry registry) {
        this.service = service;
        this.jdbi = jdbi;
        Gauge.builder("outbox_database_read_only", this, DatabaseWritability::gaugeValue)
                .description("1 while the database is read-only (read_only=ON): the service's writes are refused")
                .register(registry);
        Gauge.builder("outbox_database_disk_full", this, writability -> writability.diskFull() ? 1 : 0)
                .description("1 while the database refuses the service's writes for lack of disk space")
                .register(registry);
        jdbi.getConfig(SqlStatements.class).setSqlLogger(new SqlLogger() {
            @Override
            public void logException(StatementContext context, SQLException error) {
                if (DatabaseErrors.isDiskFull(error)) {
                    refused(error);
                }
            }
        });
    }

    private void refused(SQLException error) {
        synchronized (fullLock) {
            lastRefusedNanos = System.nanoTime();
            refusal = String.valueOf(error.getMessage());
            if (!full) {
                full = true;
                log.warn(
                        "{}: the database's disk is full ({}): writes are refused until it has space",
                        service,
                        refusal);
            }
        }
    }

    private boolean diskFull() {
        synchronized (fullLock) {
            if (full && System.nanoTime() - lastRefusedNanos > FULL_UNTIL_QUIET.toNanos()) {
                full = false;
                log.info(
                        "{}: no write refused for lack of space in {} s: taken as having space again",
                        service,
                        FULL_UNTIL_QUIET.toSeconds());
            }
            return full;
        }
    }

    /** Why the service cannot write now, if it cannot. */
    public Optional<Readiness> problem() {
        boolean now;
        try {
            now = readOnlyNow();
        } catch (RuntimeException e) {
            return Optional.of(Readiness.down("DOWN", "the database does not answer: " + e.getMessage()));
        }
        if (now) {
            return Optional.of(Readiness.down(
                    "READ_ONLY", "the database is read-only (read_only=ON): its writes are refused until it is not"));
        }
        if (diskFull()) {
            String reason;
            synchronized (fullLock) {
                reason = refusal;
            }
            return Optional.of(Readiness.down("DISK_FULL", "the database's disk is full: " + reason));
        }
        return Optional.empty();
    }

    private double gaugeValue() {
        try {
            return readOnlyNow() ? 1 : 0;
        } catch (RuntimeException e) {
            return Double.NaN; // the database does not answer: readiness says so
        }
    }

    private boolean readOnlyNow() {
        boolean now = jdbi.withHandle(handle -> {
                    // Bounded: a pooled connection whose link went half-open would otherwise hold
                    // the scrape or the probe until the pool's socket timeout. The pool restores the
                    // connection's own timeout when it is returned.
                    try {
                        handle.getConnection().setNetworkTimeout(Runnable::run, (int) PROBE_TIMEOUT.toMillis());
                    } catch (SQLException e) {
                        throw new ConnectionException(e);
                    }
                    return handle.createQuery("SELECT @@read_only")
                            .mapTo(Integer.class)
                            .one();
                })
                == 1;
        if (readOnly.getAndSet(now) != now) {
            if (now) {
                log.warn("{}: the database is read-only (read_only=ON): writes wait until it is not", service);
            } else {
                log.info("{}: the database takes writes again", service);
            }
        }
        return now;
    }
}
