package dev.outboxcdc.support.config.variables;

import dev.outboxcdc.support.config.Component;
import dev.outboxcdc.support.config.Setting;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.List;

/** The api's own settings. */
public final class ApiVariables {
    public static final Setting<Integer> PORT =
            Setting.integer("PORT", 3000, 0, 65_535).readBy(Component.API).withDoc("HTTP port (`0` = any free port)");

    public static final Setting<Integer> API_DB_POOL_SIZE = Setting.integer("API_DB_POOL_SIZE", 16, 1, 200)
            .readBy(Component.API)
            .withDoc("connections in the api's pool");

    public static final Setting<String> API_DEFAULT_LOCALE = Setting.text("API_DEFAULT_LOCALE", "en")
            .readBy(Component.API)
            .withDoc("the `locale` (BCP 47) of a customer registered without one, carried by `CustomerCreated`"
                    + " v2; not a BCP 47 tag: the api stops at start-up");

    public static final Setting<Duration> API_IDEMPOTENCY_KEY_TTL_HOURS = Setting.duration(
                    "API_IDEMPOTENCY_KEY_TTL_HOURS", ChronoUnit.HOURS, 24, 1, 24 * 365)
            .readBy(Component.API)
            .withDoc("how long the api remembers an `Idempotency-Key` and its answer: the same key within this"
                    + " time gets the first answer again");

    /** In the order docs/CONFIGURATION.md lists them. */
    static final List<Setting<?>> ALL =
            List.of(PORT, API_DB_POOL_SIZE, API_DEFAULT_LOCALE, API_IDEMPOTENCY_KEY_TTL_HOURS);

    private ApiVariables() {}
}
