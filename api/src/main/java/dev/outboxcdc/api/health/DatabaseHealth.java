package dev.outboxcdc.api.health;

import dev.outboxcdc.support.db.DatabaseWritability;
import dev.outboxcdc.support.metrics.Readiness;
import io.javalin.http.Context;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * {@code GET /health/ready} (and {@code /health}): 200 when the database answers and takes writes,
 * 503 with the status ({@code DOWN}, {@code READ_ONLY}) and the reason otherwise; {@code GET
 * /health/live}: 200 while the process serves HTTP at all. A load balancer probes it often: the
 * episodes are logged once each by {@link DatabaseWritability}, not per probe.
 */
public final class DatabaseHealth {
    private final DatabaseWritability database;

    public DatabaseHealth(DatabaseWritability database) {
        this.database = database;
    }

    public static void live(Context ctx) {
        ctx.json(Map.of("status", "UP"));
    }

    public void ready(Context ctx) {
        Optional<Readiness> problem = database.problem();
        if (problem.isEmpty()) {
            ctx.json(Map.of("status", "UP", "database", "UP"));
            return;
        }
        Map<String, String> body = new LinkedHashMap<>();
        body.put("status", problem.get().status());
        body.put("database", problem.get().status());
        body.put("reason", problem.get().reason());
        ctx.status(503).json(body);
    }
}
