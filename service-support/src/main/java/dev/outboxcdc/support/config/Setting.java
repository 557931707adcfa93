package dev.outboxcdc.support.config;

import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * One environment variable, as data: its name, what it holds and what is allowed, its default,
 * which parts of the project read it, one line of documentation, and whether it is a secret. Every
 * setting the services read is one of these ({@code dev.outboxcdc.support.config.variables}); a
 * service reads it with {@link Env#get}, docs/CONFIGURATION.md is generated from them
 * ({@code ConfigurationPage}), {@code outboxctl config} prints them, and a variable with one of the
 * project's prefixes that none of them names is warned about at start ({@code Variables.unknown}).
 * Debezium's {@code Field} is the model. Immutable; the {@code with*} methods return a copy.
 *
 * @param <T> what a service gets: the parsed value, or the default when the variable is unset
 */
public final class Setting<T> {
    private final String name;
    private final String allowed;
    private final Optional<T> defaultValue;
    private final String defaultText;
    private final Set<Component> readBy;
    private final String doc;
    private final boolean secret;
    private final Function<String, T> parser;
    private final List<String> formerNames;

    private Setting(
            String name,
            String allowed,
            Optional<T> defaultValue,
            String defaultText,
            Set<Component> readBy,
            String doc,
            boolean secret,
            Function<String, T> parser,
            List<String> formerNames) {
        this.name = Objects.requireNonNull(name, "name");
        this.allowed = allowed;
        this.defaultValue = defaultValue;
        this.defaultText = defaultText;
        this.readBy = readBy;
        this.doc = doc;
        this.secret = secret;
        this.parser = parser;
        this.formerNames = List.copyOf(formerNames);
    }

    /**
     * A setting whose value {@code parser} reads; the parser throws {@link IllegalArgumentException}
     * for a value it cannot use, and the service stops naming the variable, the value and {@code allowed}.
     */
    public static <T> Setting<T> parsed(String name, String allowed, T defaultValue, Function<String, T> parser) {
        return new Setting<>(
                name,
                allowed,
                Optional.of(defaultValue),
                String.valueOf(defaultValue),
                EnumSet.noneOf(Component.class),
                "",
                false,
                parser,
                List.of());
    }

    /** Free text; blank counts as unset. */
    public static Setting<String> text(String name, String defaultValue) {
        return parsed(name, "text", defaultValue, raw -> raw)
                .withDefaultText(defaultValue.isEmpty() ? "(none)" : defaultValue);
    }

    /** Free text without a default: {@link Env#find} tells whether it is set. */
    public static Setting<String> optionalText(String name) {
        return new Setting<String>(
                name,
                "text",
                Optional.empty(),
                "(none)",
                EnumSet.noneOf(Component.class),
                "",
                false,
                raw -> raw,
                List.of());
    }

    /** A whole number from {@code min} to {@code max}. */
    public static Setting<Integer> integer(String name, int defaultValue, int min, int max) {
        String allowed = "a whole number from " + min + " to " + max;
        return parsed(name, allowed, defaultValue, raw -> {
            int value = Integer.parseInt(raw);
            if (value < min || value > max) {
                throw new IllegalArgumentException();
            }
            return value;
        });
    }

    /** A duration as a whole number of {@code unit} (the variable's name ends with it: {@code _MS}, {@code _SECONDS}, {@code _HOURS}). */
    public static Setting<Duration> duration(String name, ChronoUnit unit, long defaultAmount, long min, long max) {
        String unitName =
                unit == ChronoUnit.MILLIS ? "milliseconds" : unit.toString().toLowerCase(Locale.ROOT);
        String allowed = "a whole number of " + unitName + " from " + min + " to " + max;
        return parsed(name, allowed, Duration.of(defaultAmount, unit), raw -> {
                    long value = Long.parseLong(raw);
                    if (value < min || value > max) {
                        throw new IllegalArgumentException();
                    }
                    return Duration.of(value, unit);
                })
                .withDefaultText(Long.toString(defaultAmount));
    }

    /** {@code true} or {@code false}, in any case. */
    public static Setting<Boolean> flag(String name, boolean defaultValue) {
        return parsed(name, "true or false", defaultValue, raw -> switch (raw.toLowerCase(Locale.ROOT)) {
            case "true" -> true;
            case "false" -> false;
            default -> throw new IllegalArgumentException();
        });
    }

    /** One of an enum's constants, written in lower case. */
    public static <E extends Enum<E>> Setting<E> choice(String name, E defaultValue) {
        Class<E> type = defaultValue.getDeclaringClass();
        StringBuilder names = new StringBuilder();
        for (E constant : type.getEnumConstants()) {
            names.append(names.length() == 0 ? "" : "|").append(constant.name().toLowerCase(Locale.ROOT));
        }
        return parsed(name, "one of " + names, defaultValue, raw -> Enum.valueOf(type, raw.toUpperCase(Locale.ROOT)))
                .withDefaultText(defaultValue.name().toLowerCase(Locale.ROOT));
    }

    /** One of {@code values}, in any case; the value as written in {@code values}. */
    public static Setting<String> oneOf(String name, String defaultValue, String... values) {
        List<String> allowed = List.of(values);
        return parsed(
                name,
                "one of " + String.join("|", allowed),
                defaultValue,
                raw -> allowed.stream()
                        .filter(value -> value.equalsIgnoreCase(raw))
                        .findFirst()
                        .orElseThrow(IllegalArgumentException::new));
    }

    /**
     * A secret: the variable, or the file {@code <name>_FILE} names; unset, {@code devDefault} with
     * {@code OUTBOX_ENV=dev} only ({@link Env#get} stops the service otherwise). Never printed.
     */
    public static Setting<String> secret(String name, String devDefault) {
        return new Setting<>(
                name,
                "text",
                Optional.of(devDefault),
                devDefault.isEmpty() ? "(none)" : "`" + devDefault + "` (dev only)",
                EnumSet.noneOf(Component.class),
                "",
                true,
                raw -> raw,
                List.of());
    }

    /** Who reads it: the services, outboxctl, the tools, the scripts. */
    public Setting<T> readBy(Component first, Component... more) {
        return new Setting<>(
                name, allowed, defaultValue, defaultText, EnumSet.of(first, more), doc, secret, parser, formerNames);
    }

    /** What it does, in one paragraph of Markdown (a table cell of docs/CONFIGURATION.md). */
    public Setting<T> withDoc(String doc) {
        return new Setting<>(name, allowed, defaultValue, defaultText, readBy, doc, secret, parser, formerNames);
    }

    /** The default as docs/CONFIGURATION.md shows it, where it is not the value itself (e.g. "the queue name"). */
    public Setting<T> withDefaultText(String text) {
        return new Setting<>(name, allowed, defaultValue, text, readBy, doc, secret, parser, formerNames);
    }

    /** A setting whose default the service works out (e.g. from another setting): {@link Env#find} reads it. */
    public Setting<T> withoutDefault(String text) {
        return new Setting<>(name, allowed, Optional.empty(), text, readBy, doc, secret, parser, formerNames);
    }

    /**
     * The same variable read as {@code R}: a module's typed view of a setting the catalogue declares
     * (the relay's {@code RELAY_MODE} as its {@code RelayMode}).
     */
    public <R> Setting<R> map(Function<T, R> mapping) {
        return new Setting<>(
                name,
                allowed,
                defaultValue.map(mapping),
                defaultText,
                readBy,
                doc,
                secret,
                parser.andThen(mapping),
                formerNames);
    }

    /**
     * Names it had in earlier releases, still read with a warning (for one release): set alone, one
     * of them is the value; set to another value than the setting's own name, the service stops.
     */
    public Setting<T> withFormerNames(String... names) {
        return new Setting<>(name, allowed, defaultValue, defaultText, readBy, doc, secret, parser, List.of(names));
    }

    public String name() {
        return name;
    }

    public String allowed() {
        return allowed;
    }

    public Optional<T> defaultValue() {
        return defaultValue;
    }

    public String defaultText() {
        return defaultText;
    }

    public Set<Component> readBy() {
        return readBy;
    }

    public String doc() {
        return doc;
    }

    public boolean secret() {
        return secret;
    }

    public List<String> formerNames() {
        return formerNames;
    }

    /**
     * The value of {@code raw}. A parser's {@link ConfigException} (a reason of its own) passes; any
     * other {@link IllegalArgumentException} becomes the one message every setting shares: the
     * variable, the value and what is allowed.
     */
    T parse(String raw) {
        try {
            return parser.apply(raw);
        } catch (ConfigException e) {
            throw e;
        } catch (IllegalArgumentException e) {
            throw new ConfigException("Invalid " + name + "='" + raw + "': expected " + allowed);
        }
    }

    @Override
    public String toString() {
        return name;
    }
}
