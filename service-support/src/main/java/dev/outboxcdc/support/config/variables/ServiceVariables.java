package dev.outboxcdc.support.config.variables;

import dev.outboxcdc.support.config.Component;
import dev.outboxcdc.support.config.LogFormat;
import dev.outboxcdc.support.config.Setting;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Locale;

/** What every service reads besides its database and broker. */
public final class ServiceVariables {
    public static final Setting<Boolean> METRICS_ENABLED = Setting.flag("METRICS_ENABLED", true)
            .readBy(Component.API, Component.RELAY, Component.WORKER)
            .withDoc("`false` makes every meter a no-op (`/metrics` answers empty); the benchmark's way to "
                    + "price the metrics");

    public static final Setting<LogFormat> LOG_FORMAT = Setting.parsed(
                    "LOG_FORMAT", "text or json", LogFormat.TEXT, raw -> LogFormat.valueOf(lowerCaseOnly(raw)))
            .withDefaultText("text")
            .readBy(Component.API, Component.RELAY, Component.WORKER)
            .withDoc("`text`: the seed's lines, ending with `trace_id=…` when there is one; `json`: one JSON "
                    + "object per line (Logback's encoder) with the MDC (`trace_id`, `span_id`, `message_id`, "
                    + "`event_type`, `aggregate_id`, `customer_id`) under `mdc`");

    public static final Setting<Duration> WORKER_RETENTION_HOURS = Setting.duration(
                    "WORKER_RETENTION_HOURS", ChronoUnit.HOURS, 240, 1, 24 * 365 * 10)
            .readBy(Component.WORKER, Component.RELAY, Component.OUTBOXCTL, Component.CONSOLE)
            .withDoc("processed-message records older than this are deleted; the relay refuses to start if its"
                    + " outbox retention or the server's binlog expiry does not fit in it (see [Three "
                    + "windows](DELIVERY.md#three-windows-one-invariant)). Give both the same value");

    /** In the order docs/CONFIGURATION.md lists them. */
    static final List<Setting<?>> ALL = List.of(METRICS_ENABLED, LOG_FORMAT, WORKER_RETENTION_HOURS);

    private ServiceVariables() {}

    /** Logback picks the appender by this very name: {@code TEXT} would silence the service. */
    private static String lowerCaseOnly(String raw) {
        if (!raw.equals(raw.toLowerCase(Locale.ROOT))) {
            throw new IllegalArgumentException();
        }
        return raw.toUpperCase(Locale.ROOT);
    }
}
