package dev.outboxcdc.api;

import dev.outboxcdc.support.config.Env;
import dev.outboxcdc.support.db.DatabaseSettings;

/**
 * The api's settings, read from the environment.
 *
 * @param port     {@code PORT}, default 3000 (0 picks a free port)
 * @param database {@code DB_*}; user {@code outbox_api} by default
 * @param poolSize {@code API_DB_POOL_SIZE}, default 16 (inserts are short; MariaDB group-commits)
 */
public record ApiConfig(int port, DatabaseSettings database, int poolSize) {

    public static ApiConfig fromEnv(Env env) {
        return new ApiConfig(
                env.integer("PORT", 3000, 0, 65535),
                DatabaseSettings.fromEnv(env, "outbox_api", "api-secret"),
                env.integer("API_DB_POOL_SIZE", 16, 1, 200));
    }
}
