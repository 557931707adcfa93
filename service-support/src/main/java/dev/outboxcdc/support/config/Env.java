package dev.outboxcdc.support.config;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * Typed, validated reads of environment variables. Every getter takes the documented default and
 * fails with a {@link ConfigException} naming the variable when a value cannot be used, so a
 * service stops at start-up instead of misbehaving later. Immutable and thread-safe.
 */
public final class Env {
    private final Map<String, String> variables;

    public Env(Map<String, String> variables) {
        this.variables = Map.copyOf(Objects.requireNonNull(variables, "variables"));
    }

    public static Env system() {
        return new Env(System.getenv());
    }

    public String string(String name, String defaultValue) {
        String value = variables.get(name);
        if (value == null || value.isBlank()) {
            return defaultValue;
        }
        return value.trim();
    }

    public int integer(String name, int defaultValue, int min, int max) {
        String raw = string(name, null);
        if (raw == null) {
            return defaultValue;
        }
        try {
            int value = Integer.parseInt(raw);
            if (value < min || value > max) {
                throw invalid(name, raw, "a whole number from " + min + " to " + max);
            }
            return value;
        } catch (NumberFormatException e) {
            throw invalid(name, raw, "a whole number from " + min + " to " + max);
        }
    }

    /**
     * A secret: {@code name}, or the contents of the file named by {@code name_FILE} (as Docker and
     * Kubernetes mount secrets; one trailing newline is dropped). With neither, {@code devDefault}
     * only when {@code OUTBOX_ENV=dev} — what {@code make run}, docker-compose and the tests set —
     * so that a deployment that forgets one stops instead of running with a password published in
     * this repository.
     */
    public String secret(String name, String devDefault) {
        String value = string(name, null);
        String file = string(name + "_FILE", null);
        if (value != null && file != null) {
            throw new ConfigException("Both " + name + " and " + name + "_FILE are set: set only one");
        }
        if (file != null) {
            try {
                String contents = Files.readString(Path.of(file));
                return contents.endsWith("\n") ? contents.substring(0, contents.length() - 1) : contents;
            } catch (IOException | RuntimeException e) {
                throw new ConfigException("Cannot read " + name + "_FILE='" + file + "': " + e.getMessage());
            }
        }
        if (value != null) {
            return value;
        }
        if (developmentDefaults()) {
            return devDefault;
        }
        throw new ConfigException(name + " is not set (nor " + name + "_FILE): set it, or OUTBOX_ENV=dev to use the"
                + " local-development default");
    }

    /** {@code OUTBOX_ENV}: {@code dev} allows the local-development secrets; {@code production} (default) does not. */
    public boolean developmentDefaults() {
        String raw = string("OUTBOX_ENV", "production");
        return switch (raw) {
            case "dev" -> true;
            case "production" -> false;
            default -> throw invalid("OUTBOX_ENV", raw, "dev or production");
        };
    }

    /** {@code true} or {@code false} (any case); anything else is refused naming the variable. */
    public boolean bool(String name, boolean defaultValue) {
        String raw = string(name, null);
        if (raw == null) {
            return defaultValue;
        }
        return switch (raw.toLowerCase(Locale.ROOT)) {
            case "true" -> true;
            case "false" -> false;
            default -> throw invalid(name, raw, "true or false");
        };
    }

    /** A duration in milliseconds, e.g. {@code RELAY_POLL_INTERVAL_MS=10}. */
    public Duration millis(String name, Duration defaultValue, Duration min, Duration max) {
        int value = integer(name, (int) defaultValue.toMillis(), (int) min.toMillis(), (int) max.toMillis());
        return Duration.ofMillis(value);
    }

    public <E extends Enum<E>> E choice(String name, E defaultValue) {
        String raw = string(name, null);
        if (raw == null) {
            return defaultValue;
        }
        try {
            return Enum.valueOf(defaultValue.getDeclaringClass(), raw.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw invalid(name, raw, "one of " + choices(defaultValue.getDeclaringClass()));
        }
    }

    private static String choices(Class<? extends Enum<?>> type) {
        StringBuilder names = new StringBuilder();
        for (Enum<?> constant : type.getEnumConstants()) {
            names.append(names.length() == 0 ? "" : "|").append(constant.name().toLowerCase(Locale.ROOT));
        }
        return names.toString();
    }

    private static ConfigException invalid(String name, String raw, String expected) {
        return new ConfigException("Invalid " + name + "='" + raw + "': expected " + expected);
    }
}
