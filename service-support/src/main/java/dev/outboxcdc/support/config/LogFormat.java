package dev.outboxcdc.support.config;

import java.util.Locale;

/**
 * {@code LOG_FORMAT}: {@code text} (default, the seed's lines) or {@code json} (one object per
 * line). Logback includes the appender of that name before any code runs, so a wrong value would
 * silence the service: it is checked first thing, and refused on standard error, where it is
 * seen even without an appender.
 */
public enum LogFormat {
    TEXT,
    JSON;

    public static LogFormat check(Env env) {
        String raw = env.string("LOG_FORMAT", "text");
        try {
            LogFormat format = valueOf(raw.toUpperCase(Locale.ROOT));
            if (!raw.equals(raw.toLowerCase(Locale.ROOT))) {
                throw new IllegalArgumentException("lower case only");
            }
            return format;
        } catch (IllegalArgumentException e) {
            ConfigException refused = new ConfigException("Invalid LOG_FORMAT='" + raw + "': expected text or json");
            System.err.println(refused.getMessage());
            throw refused;
        }
    }
}
