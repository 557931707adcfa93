package dev.outboxcdc.ctl.console;

import dev.outboxcdc.support.config.ConfigException;
import dev.outboxcdc.support.config.Env;
import java.net.URI;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The console's settings, from the environment.
 *
 * @param bind     {@code CONSOLE_BIND} (127.0.0.1): the address it listens on; expose it on purpose
 * @param port     {@code CONSOLE_PORT} (8090)
 * @param users    {@code CONSOLE_USERS} or {@code CONSOLE_USERS_FILE}: {@code name:password} entries,
 *                 separated by commas or new lines; required unless {@code OUTBOX_ENV=dev}, where
 *                 none means no sign-in (and the audit log names the operator {@code dev})
 * @param services {@code CONSOLE_SERVICES} ({@code api=http://127.0.0.1:3000,relay=http://127.0.0.1:9101,
 *                 worker=http://127.0.0.1:9102}): each service's address; the console shows its
 *                 {@code /health/ready}
 */
public record ConsoleConfig(String bind, int port, Map<String, String> users, Map<String, URI> services) {
    public static final String USERS_VARIABLE = "CONSOLE_USERS";
    static final String DEFAULT_SERVICES =
            "api=http://127.0.0.1:3000,relay=http://127.0.0.1:9101,worker=http://127.0.0.1:9102";

    public ConsoleConfig {
        users = Map.copyOf(users);
        services = new LinkedHashMap<>(services);
    }

    public static ConsoleConfig fromEnv(Env env) {
        return new ConsoleConfig(
                env.string("CONSOLE_BIND", "127.0.0.1"),
                env.integer("CONSOLE_PORT", 8090, 0, 65_535),
                users(env.secret(USERS_VARIABLE, "")),
                services(env.string("CONSOLE_SERVICES", DEFAULT_SERVICES)));
    }

    /** Whether a sign-in is needed: always, unless {@code OUTBOX_ENV=dev} left {@code CONSOLE_USERS} empty. */
    public boolean signInRequired() {
        return !users.isEmpty();
    }

    static Map<String, String> users(String raw) {
        Map<String, String> users = new LinkedHashMap<>();
        for (String entry : raw.split("[,\n]")) {
            String trimmed = entry.strip();
            if (trimmed.isEmpty()) {
                continue;
            }
            int colon = trimmed.indexOf(':');
            if (colon <= 0 || colon == trimmed.length() - 1) {
                throw new ConfigException("Invalid " + USERS_VARIABLE + ": an entry is not name:password"
                        + " (the entry's password is not shown)");
            }
            users.put(trimmed.substring(0, colon), trimmed.substring(colon + 1));
        }
        return users;
    }

    static Map<String, URI> services(String raw) {
        Map<String, URI> services = new LinkedHashMap<>();
        for (String entry : raw.split(",")) {
            String trimmed = entry.strip();
            int equals = trimmed.indexOf('=');
            if (trimmed.isEmpty()) {
                continue;
            }
            try {
                URI uri = URI.create(trimmed.substring(equals + 1));
                if (equals <= 0 || uri.getHost() == null) {
                    throw new IllegalArgumentException("no host");
                }
                services.put(trimmed.substring(0, equals), uri);
            } catch (IllegalArgumentException e) {
                throw new ConfigException("Invalid CONSOLE_SERVICES entry '" + trimmed
                        + "': expected name=http://host:port, e.g. " + DEFAULT_SERVICES);
            }
        }
        return services;
    }
}
