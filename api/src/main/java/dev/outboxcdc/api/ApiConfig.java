package dev.outboxcdc.api;

import dev.outboxcdc.api.customer.NewCustomer;
import dev.outboxcdc.support.config.Component;
import dev.outboxcdc.support.config.ConfigException;
import dev.outboxcdc.support.config.Env;
import dev.outboxcdc.support.config.variables.ApiVariables;
import dev.outboxcdc.support.db.DatabaseSettings;
import java.time.Duration;

/**
 * The api's settings, read from the environment.
 *
 * @param port     {@code PORT}, default 3000 (0 picks a free port)
 * @param database {@code DB_*}; user {@code outbox_api} by default
 * @param schemaOwner {@code DB_MIGRATION_USER}: who runs the api's migrations at its start
 * @param poolSize {@code API_DB_POOL_SIZE}, default 16 (inserts are short; MariaDB group-commits)
 * @param idempotencyKeyTtl {@code API_IDEMPOTENCY_KEY_TTL_HOURS}, default 24: how long a retry with
 *                          the same {@code Idempotency-Key} gets the first response back
 * @param defaultLocale {@code API_DEFAULT_LOCALE}, default {@code en}: the locale (BCP 47) of a customer registered
 *                      without one
 */
public record ApiConfig(
        int port,
        DatabaseSettings database,
        DatabaseSettings schemaOwner,
        int poolSize,
        Duration idempotencyKeyTtl,
        String defaultLocale) {

    public static ApiConfig fromEnv(Env env) {
        DatabaseSettings database = DatabaseSettings.fromEnv(env, Component.API);
        return new ApiConfig(
                env.get(ApiVariables.PORT),
                database,
                database.asSchemaOwner(env),
                env.get(ApiVariables.API_DB_POOL_SIZE),
                env.get(ApiVariables.API_IDEMPOTENCY_KEY_TTL_HOURS),
                defaultLocale(env));
    }

    private static String defaultLocale(Env env) {
        String value = env.get(ApiVariables.API_DEFAULT_LOCALE);
        return NewCustomer.languageTag(value)
                .orElseThrow(() -> new ConfigException(
                        "API_DEFAULT_LOCALE must be a BCP 47 language tag such as en or pt-BR; got '" + value + "'"));
    }
}
