package dev.outboxcdc.api.health;

import io.javalin.http.Context;
import java.util.Map;
import org.jdbi.v3.core.Jdbi;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code GET /health/ready} (and {@code /health}): 200 when the database answers a trivial query,
 * 503 otherwise; {@code GET /health/live}: 200 while the process serves HTTP at all.
 */
public final class DatabaseHealth {
    private static final Logger log = LoggerFactory.getLogger(DatabaseHealth.class);
    private final Jdbi jdbi;

    public DatabaseHealth(Jdbi jdbi) {
        this.jdbi = jdbi;
    }

    public static void live(Context ctx) {
        ctx.json(Map.of("status", "UP"));
    }

    public void ready(Context ctx) {
        try {
            jdbi.useHandle(handle ->
                    handle.createQuery("SELECT 1").mapTo(Integer.class).one());
            ctx.json(Map.of("status", "UP", "database", "UP"));
        } catch (RuntimeException e) {
            log.warn("health check: database unavailable: {}", e.getMessage());
            ctx.status(503).json(Map.of("status", "DOWN", "database", "DOWN"));
        }
    }
}
