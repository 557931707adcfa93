package dev.outboxcdc.ctl.console;

import dev.outboxcdc.support.config.ConfigException;
import dev.outboxcdc.support.config.Env;
import dev.outboxcdc.support.config.variables.ConsoleVariables;
import java.net.URI;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The console's settings, from the environment.
 *
 * @param bind       {@code CONSOLE_BIND} (127.0.0.1): the address it listens on; expose it on purpose
 * @param port       {@code CONSOLE_PORT} (8090)
 * @param users      {@code CONSOLE_USERS} or {@code CONSOLE_USERS_FILE}: {@code name:password} entries,
 *                   separated by commas or new lines, each password a bcrypt hash ({@code outboxctl
 *                   hash-password}) or clear text (warned about outside development); required unless
 *                   {@code OUTBOX_ENV=dev}, where none means no sign-in (and the audit log names the
 *                   operator {@code dev})
 * @param services   {@code CONSOLE_SERVICES} ({@code api=http://127.0.0.1:3000,relay=http://127.0.0.1:9101,
 *                   worker=http://127.0.0.1:9102}): each service's address; the console shows its
 *                   {@code /health/ready}
 * @param signInLock {@code CONSOLE_SIGN_IN_LOCK_SECONDS} (900): how long a name or client address is
 *                   locked after failed sign-ins in a row ({@link SignInThrottle})
 * @param tls        {@code CONSOLE_TLS_KEYSTORE} (none: plain HTTP) and {@code CONSOLE_TLS_KEYSTORE_PASSWORD}
 *                   (or {@code _FILE}): a PKCS#12 file with the console's key and certificate chain; the
 *                   console then serves HTTPS only and marks its cookie {@code Secure}
 */
public record ConsoleConfig(
        String bind,
        int port,
        ConsoleUsers users,
        Map<String, URI> services,
        Duration signInLock,
        Optional<ConsoleTls> tls) {
    public static final String USERS_VARIABLE = ConsoleVariables.CONSOLE_USERS.name();
    static final String DEFAULT_SERVICES =
            ConsoleVariables.CONSOLE_SERVICES.defaultValue().orElseThrow();

    public ConsoleConfig {
        services = new LinkedHashMap<>(services);
    }

    public static ConsoleConfig fromEnv(Env env) {
        return new ConsoleConfig(
                env.get(ConsoleVariables.CONSOLE_BIND),
                env.get(ConsoleVariables.CONSOLE_PORT),
                ConsoleUsers.parse(env.get(ConsoleVariables.CONSOLE_USERS)),
                services(env.get(ConsoleVariables.CONSOLE_SERVICES)),
                env.get(ConsoleVariables.CONSOLE_SIGN_IN_LOCK_SECONDS),
                ConsoleTls.fromEnv(env));
    }

    /** What to warn about at start outside development: users whose password is configured in clear text. */
    public Optional<String> clearTextWarning(Env env) {
        List<String> clear = users.withClearTextPasswords();
        return env.developmentDefaults() || clear.isEmpty()
                ? Optional.empty()
                : Optional.of(USERS_VARIABLE + " holds the clear-text passwords of " + String.join(", ", clear)
                        + ": store bcrypt hashes instead (outboxctl hash-password)");
    }

    /** Whether a sign-in is needed: always, unless {@code OUTBOX_ENV=dev} left {@code CONSOLE_USERS} empty. */
    public boolean signInRequired() {
        return !users.isEmpty();
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
