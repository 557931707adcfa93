package dev.outboxcdc.support.db;

import dev.outboxcdc.support.metrics.Readiness;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jdbi.v3.core.Jdbi;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Whether the database takes a service's writes: it answers, and it is not read-only (a failover
 * gone wrong leaves a primary with {@code read_only=ON}; every write of the services' users is then
 * refused while a plain query still answers). Asked by readiness ({@code READ_ONLY} or {@code DOWN},
 * with the reason) and by the gauge {@code outbox_database_read_only} at each scrape; one line is
 * logged when the database turns read-only and one when it takes writes again. Thread-safe.
 */
public final class DatabaseWritability {
    private static final Logger log = LoggerFactory.getLogger(DatabaseWritability.class);

    private final String service;
    private final Jdbi jdbi;
    private final AtomicBoolean readOnly = new AtomicBoolean();

    public DatabaseWritability(String service, Jdbi jdbi, MeterRegistry registry) {
        this.service = service;
        this.jdbi = jdbi;
        Gauge.builder("outbox_database_read_only", this, DatabaseWritability::gaugeValue)
                .description("1 while the database is read-only (read_only=ON): the service's writes are refused")
                .register(registry);
    }

    /** Why the service cannot write now, if it cannot. */
    public Optional<Readiness> problem() {
        boolean now;
        try {
            now = readOnlyNow();
        } catch (RuntimeException e) {
            return Optional.of(Readiness.down("DOWN", "the database does not answer: " + e.getMessage()));
        }
        return now
                ? Optional.of(Readiness.down(
                        "READ_ONLY",
                        "the database is read-only (read_only=ON): its writes are refused until it is not"))
                : Optional.empty();
    }

    private double gaugeValue() {
        try {
            return readOnlyNow() ? 1 : 0;
        } catch (RuntimeException e) {
            return Double.NaN; // the database does not answer: readiness says so
        }
    }

    private boolean readOnlyNow() {
        boolean now = jdbi.withHandle(handle -> handle.createQuery("SELECT @@read_only")
                        .mapTo(Integer.class)
                        .one())
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
