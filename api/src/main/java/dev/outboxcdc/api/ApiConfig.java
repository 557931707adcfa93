package dev.outboxcdc.api;

import dev.outboxcdc.support.config.Env;
import dev.outboxcdc.support.db.DatabaseSettings;
import java.time.Duration;

/**
 * The api's settings, read from the environment.
 *
 * @param port     {@code PORT}, default 3000 (0 picks a free port)
 * @param database {@code DB_*}; user {@code outbox_api} by default
 * @param poolSize {@code API_DB_POOL_SIZE}, default 16 (inserts are short; MariaDB group-commits)
 * @param idempotencyKeyTtl {@code API_IDEMPOTENCY_KEY_TTL_HOURS}, default 24: how long a retry with
 *                          the same {@code Idempotency-Key} gets the first response back
 */
public record ApiConfig(int port, DatabaseSettings database, int poolSize, Duration idempotencyKeyTtl) {

    public static ApiConfig fromEnv(Env env) {
        return new ApiConfig(
                env.integer("PORT", 3000, 0, 65535),
                DatabaseSettings.fromEnv(env, "outbox_api", "api-secret"),
                env.integer("API_DB_POOL_SIZE", 16, 1, 200),
                Duration.ofHours(env.integer("API_IDEMPOTENCY_KEY_TTL_HOURS", 24, 1, 24 * 365)));
    }
}
