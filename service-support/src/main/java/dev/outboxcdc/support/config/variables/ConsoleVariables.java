package dev.outboxcdc.support.config.variables;

import dev.outboxcdc.support.config.Component;
import dev.outboxcdc.support.config.Setting;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.List;

/** The operator's tools: outboxctl and its console (outboxctl serve). */
public final class ConsoleVariables {
    public static final Setting<String> OUTBOX_OPERATOR = Setting.optionalText("OUTBOX_OPERATOR")
            .readBy(Component.OUTBOXCTL)
            .withDoc("who the audit log names for a CLI action")
            .withDefaultText("the login of the user running it");

    public static final Setting<String> CONSOLE_BIND = Setting.text("CONSOLE_BIND", "127.0.0.1")
            .readBy(Component.CONSOLE)
            .withDoc("the address the operator's console listens on");

    public static final Setting<Integer> CONSOLE_PORT = Setting.integer("CONSOLE_PORT", 8090, 0, 65_535)
            .readBy(Component.CONSOLE)
            .withDoc("the console's HTTP(S) port");

    public static final Setting<String> CONSOLE_USERS = Setting.secret("CONSOLE_USERS", "")
            .readBy(Component.CONSOLE)
            .withDoc("`name:password` entries (commas or new lines), the password a bcrypt hash (`outboxctl "
                    + "hash-password`) or clear text (warned about outside dev); required unless "
                    + "`OUTBOX_ENV=dev` (then none means no sign-in)");

    public static final Setting<Duration> CONSOLE_SIGN_IN_LOCK_SECONDS = Setting.duration(
                    "CONSOLE_SIGN_IN_LOCK_SECONDS", ChronoUnit.SECONDS, 900, 1, 86_400)
            .readBy(Component.CONSOLE)
            .withDoc("how long a name or client address is locked after failed sign-ins in a row "
                    + "([OPERATIONS](OPERATIONS.md))");

    public static final Setting<String> CONSOLE_TLS_KEYSTORE = Setting.optionalText("CONSOLE_TLS_KEYSTORE")
            .readBy(Component.CONSOLE)
            .withDoc("a PKCS#12 key store: the console serves HTTPS only, its cookie `Secure`");

    public static final Setting<String> CONSOLE_TLS_KEYSTORE_PASSWORD = Setting.secret(
                    "CONSOLE_TLS_KEYSTORE_PASSWORD", "")
            .readBy(Component.CONSOLE)
            .withDoc("the password of `CONSOLE_TLS_KEYSTORE`");

    public static final Setting<String> CONSOLE_SERVICES = Setting.text(
                    "CONSOLE_SERVICES",
                    "api=http://127.0.0.1:3000,relay=http://127.0.0.1:9101,worker=http://127.0.0.1:9102")
            .readBy(Component.CONSOLE)
            .withDoc("the services whose `/health/ready` the overview shows");

    /** In the order docs/CONFIGURATION.md lists them. */
    static final List<Setting<?>> ALL = List.of(
            OUTBOX_OPERATOR,
            CONSOLE_BIND,
            CONSOLE_PORT,
            CONSOLE_USERS,
            CONSOLE_SIGN_IN_LOCK_SECONDS,
            CONSOLE_TLS_KEYSTORE,
            CONSOLE_TLS_KEYSTORE_PASSWORD,
            CONSOLE_SERVICES);

    private ConsoleVariables() {}
}
