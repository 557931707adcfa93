package dev.outboxcdc.support.config;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The environment a service was started with, read only through {@link Setting}s: every read is
 * typed and validated, and a value that cannot be used stops the service at start-up with a
 * {@link ConfigException} naming the variable, instead of misbehaving later. Immutable and
 * thread-safe.
 */
public final class Env {
    /** Where the service runs; {@code dev} allows the local-development secrets. */
    public enum Stage {
        DEV,
        PRODUCTION
    }

    /** {@code OUTBOX_ENV}: whether a secret that is not set may fall back to its local-development value. */
    public static final Setting<Stage> OUTBOX_ENV = Setting.choice("OUTBOX_ENV", Stage.PRODUCTION)
            .readBy(Component.API, Component.RELAY, Component.WORKER, Component.OUTBOXCTL, Component.CONSOLE)
            .withDoc("`dev` allows the local-development secrets below when a secret is unset; `production` stops"
                    + " the service instead");

    private static final Logger log = LoggerFactory.getLogger(Env.class);

    private final Map<String, String> variables;

    public Env(Map<String, String> variables) {
        this.variables = Map.copyOf(Objects.requireNonNull(variables, "variables"));
    }

    public static Env system() {
        return new Env(System.getenv());
    }

    /**
     * The setting's value, or its default when the variable is unset or blank; a secret's default
     * only with {@code OUTBOX_ENV=dev} (else the service stops, naming it).
     */
    public <T> T get(Setting<T> setting) {
        return get(
                setting,
                setting.defaultValue()
                        .orElseThrow(() -> new IllegalStateException(
                                setting.name() + " has no default of its own: read it with Env.find")));
    }

    /** As {@link #get(Setting)}, with a default the service works out ({@code DB_USER}: its own user). */
    public <T> T get(Setting<T> setting, T fallback) {
        Optional<T> value = find(setting);
        if (value.isPresent()) {
            return value.get();
        }
        if (setting.secret() && !developmentDefaults()) {
            throw new ConfigException(setting.name() + " is not set (nor " + setting.name()
                    + "_FILE): set it, or OUTBOX_ENV=dev to use the local-development default");
        }
        return fallback;
    }

    /**
     * The setting's value when the variable is set; a secret's also from the file {@code <name>_FILE}
     * names (as Docker and Kubernetes mount secrets; one trailing newline is dropped).
     */
    public <T> Optional<T> find(Setting<T> setting) {
        Map<String, String> set = new LinkedHashMap<>();
        String own = setting.secret() ? secret(setting.name()) : text(setting.name());
        if (own != null) {
            set.put(setting.name(), own);
        }
        for (String former : setting.formerNames()) {
            String value = text(former);
            if (value != null) {
                log.warn("{} is the former name of {}; set {} instead", former, setting.name(), setting.name());
                set.put(former, value);
            }
        }
        if (set.values().stream().distinct().count() > 1) {
            throw new ConfigException(setting.name() + " is set twice, to different values: " + set + ". Set "
                    + setting.name() + " only (" + String.join(" and ", setting.formerNames())
                    + (setting.formerNames().size() == 1 ? " is its former name)" : " are its former names)"));
        }
        return set.values().stream().findFirst().map(setting::parse);
    }

    /**
     * The value as it is set (under its name, else a former one), for display ({@code outboxctl
     * config}); empty when unset, and always for a secret.
     */
    public Optional<String> raw(Setting<?> setting) {
        if (setting.secret()) {
            return Optional.empty();
        }
        return Stream.concat(Stream.of(setting.name()), setting.formerNames().stream())
                .map(this::text)
                .filter(Objects::nonNull)
                .findFirst();
    }

    /** {@code OUTBOX_ENV=dev}: what {@code make run}, docker-compose and the tests set. */
    public boolean developmentDefaults() {
        return get(OUTBOX_ENV) == Stage.DEV;
    }

    /** The names of the variables that are set, for {@code Variables.unknown}. */
    public Set<String> names() {
        return variables.keySet();
    }

    private @Nullable String text(String name) {
        String value = variables.get(name);
        return value == null || value.isBlank() ? null : value.trim();
    }

    private @Nullable String secret(String name) {
        String value = text(name);
        String file = text(name + "_FILE");
        if (value != null && file != null) {
            throw new ConfigException("Both " + name + " and " + name + "_FILE are set: set only one");
        }
        if (file == null) {
            return value;
        }
        try {
            String contents = Files.readString(Path.of(file));
            return contents.endsWith("\n") ? contents.substring(0, contents.length() - 1) : contents;
        } catch (IOException | RuntimeException e) {
            throw new ConfigException("Cannot read " + name + "_FILE='" + file + "': " + e.getMessage());
        }
    }
}
