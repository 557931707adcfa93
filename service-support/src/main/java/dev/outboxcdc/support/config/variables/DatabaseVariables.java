package dev.outboxcdc.support.config.variables;

import dev.outboxcdc.support.config.Component;
import dev.outboxcdc.support.config.Setting;
import dev.outboxcdc.support.db.DatabaseTls;
import dev.outboxcdc.support.db.FlavorSetting;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/** The database: where it is, who connects, and how (TLS, failover). */
public final class DatabaseVariables {
    public static final Setting<String> DB_HOST = Setting.text("DB_HOST", "127.0.0.1")
            .readBy(Component.API, Component.RELAY, Component.WORKER, Component.OUTBOXCTL, Component.CONSOLE)
            .withDoc("database host");

    public static final Setting<Integer> DB_PORT = Setting.integer("DB_PORT", 3307, 1, 65_535)
            .readBy(Component.API, Component.RELAY, Component.WORKER, Component.OUTBOXCTL, Component.CONSOLE)
            .withDoc("database port (the project's own server, not a system MariaDB on 3306)");

    public static final Setting<String> DB_NAME = Setting.text("DB_NAME", "outbox")
            .readBy(Component.API, Component.RELAY, Component.WORKER, Component.OUTBOXCTL, Component.CONSOLE)
            .withDoc("database name");

    public static final Setting<FlavorSetting> DB_FLAVOR = Setting.choice("DB_FLAVOR", FlavorSetting.AUTO)
            .readBy(Component.API, Component.RELAY, Component.WORKER, Component.OUTBOXCTL, Component.CONSOLE)
            .withDoc("`auto` (from `SELECT VERSION()`), `mariadb` or `mysql`: picks the JDBC driver and the "
                    + "Debezium connector");

    public static final Setting<DatabaseTls> DB_TLS = Setting.choice("DB_TLS", DatabaseTls.DRIVER_DEFAULT)
            .readBy(Component.API, Component.RELAY, Component.WORKER, Component.OUTBOXCTL, Component.CONSOLE)
            .withDoc("TLS to the database for the pools and the relay's binlog reader: `driver_default` "
                    + "(MariaDB's driver: none; MySQL's: TLS where the server offers it), `required` "
                    + "(encrypted, any certificate), `verify_full` (the server's certificate signed by the CA "
                    + "of `DB_TLS_CA_FILE`, or of the JVM trust store, and naming `DB_HOST`). A refusal at "
                    + "start (another CA, another host name, an expired certificate, plaintext where the server"
                    + " wants TLS) stops the service with one line naming the setting to fix. MySQL 8's users "
                    + "authenticate with `caching_sha2_password`, whose first login needs a secure channel: "
                    + "with `driver_default` that is the server's TLS (MySQL's Docker image has it, so `docker "
                    + "compose` works). Against a MySQL server without TLS the login fails with \"Public Key "
                    + "Retrieval is not allowed\": give it TLS, or create the users `IDENTIFIED WITH "
                    + "mysql_native_password`; the project does not set `allowPublicKeyRetrieval=true`, which "
                    + "lets a man in the middle read the password");

    public static final Setting<String> DB_TLS_CA_FILE = Setting.optionalText("DB_TLS_CA_FILE")
            .readBy(Component.API, Component.RELAY, Component.WORKER, Component.OUTBOXCTL, Component.CONSOLE)
            .withDoc("the CA that signed the database's certificate, a PEM file (one or more `-----BEGIN "
                    + "CERTIFICATE-----`); needs `DB_TLS=verify_full` (or `required`). Missing, not a "
                    + "certificate, expired: the service stops at start naming the variable and the file")
            .withDefaultText("(none: the JVM trust store)");

    public static final Setting<String> DB_JDBC_PARAMETERS = Setting.text("DB_JDBC_PARAMETERS", "")
            .readBy(Component.API, Component.RELAY, Component.WORKER, Component.OUTBOXCTL, Component.CONSOLE)
            .withDoc("parameters of the flavor's JDBC driver added to every URL, `name=value` joined by `&` "
                    + "(e.g. `useServerPrepStmts=true`)");

    public static final Setting<String> DB_FAILOVER_HOSTS = Setting.text("DB_FAILOVER_HOSTS", "")
            .readBy(Component.API, Component.RELAY, Component.WORKER, Component.OUTBOXCTL, Component.CONSOLE)
            .withDoc("`host:port` entries joined by commas: the servers to turn to, in order, when `DB_HOST` "
                    + "does not answer (its replicas); the relay follows a promoted one without a restart "
                    + "([SCALING.md](SCALING.md#database-failover))");

    public static final Setting<String> DB_USER = Setting.optionalText("DB_USER")
            .readBy(Component.API, Component.RELAY, Component.WORKER, Component.OUTBOXCTL, Component.CONSOLE)
            .withDoc("the service's own least-privilege user: rows of its own tables, no DDL "
                    + "([OPERATIONS](OPERATIONS.md#database-users))")
            .withDefaultText("each its own: " + ownUsers(Component::databaseUser));

    public static final Setting<String> DB_PASSWORD = Setting.secret("DB_PASSWORD", "")
            .readBy(Component.API, Component.RELAY, Component.WORKER, Component.OUTBOXCTL, Component.CONSOLE)
            .withDoc("`DB_USER`'s password")
            .withDefaultText(ownUsers(Component::devPassword) + " (dev only)");

    public static final Setting<String> DB_MIGRATION_USER = Setting.text("DB_MIGRATION_USER", "outbox_migration")
            .readBy(Component.API, Component.RELAY, Component.WORKER, Component.OUTBOXCTL)
            .withDoc("the schema's owner: each service runs its migrations as it (the relay creates its two "
                    + "tables), then works as its own user; outboxctl uses it only when its audit table is due");

    public static final Setting<String> DB_MIGRATION_PASSWORD = Setting.secret(
                    "DB_MIGRATION_PASSWORD", "migration-secret")
            .readBy(Component.API, Component.RELAY, Component.WORKER, Component.OUTBOXCTL)
            .withDoc("`DB_MIGRATION_USER`'s password");

    /** In the order docs/CONFIGURATION.md lists them. */
    static final List<Setting<?>> ALL = List.of(
            DB_HOST,
            DB_PORT,
            DB_NAME,
            DB_FLAVOR,
            DB_TLS,
            DB_TLS_CA_FILE,
            DB_JDBC_PARAMETERS,
            DB_FAILOVER_HOSTS,
            DB_USER,
            DB_PASSWORD,
            DB_MIGRATION_USER,
            DB_MIGRATION_PASSWORD);

    private DatabaseVariables() {}

    /** The services' own users (or their passwords), as the page lists them. */
    private static String ownUsers(Function<Component, Optional<String>> what) {
        return Arrays.stream(Component.values())
                .map(what)
                .flatMap(Optional::stream)
                .distinct()
                .map(value -> "`" + value + "`")
                .collect(Collectors.joining(", "));
    }
}
