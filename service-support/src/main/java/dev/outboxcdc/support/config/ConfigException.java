package dev.outboxcdc.support.config;

/** A configuration value is missing or invalid; the message names the variable and the fix. */
public final class ConfigException extends RuntimeException {
    public ConfigException(String message) {
        super(message);
    }
}
