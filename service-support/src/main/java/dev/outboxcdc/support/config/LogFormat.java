package dev.outboxcdc.support.config;

/**
 * {@code LOG_FORMAT}: {@code text} (default, the seed's lines) or {@code json} (one object per
 * line). Logback includes the appender of that name before any code runs, so a wrong value would
 * silence the service: {@code ServiceMain.checkEnvironment} reads it first thing, and refuses it on
 * standard error, where it is seen even without an appender.
 */
public enum LogFormat {
    TEXT,
    JSON
}
