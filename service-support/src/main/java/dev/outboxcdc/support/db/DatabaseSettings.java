package dev.outboxcdc.support.db;

import dev.outboxcdc.support.config.Component;
import dev.outboxcdc.support.config.ConfigException;
import dev.outboxcdc.support.config.Env;
import dev.outboxcdc.support.config.variables.DatabaseVariables;
import dev.outboxcdc.support.tls.TlsFailures;
import dev.outboxcdc.support.tls.TrustedCa;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Where a service's database is and who it connects as. Every service reads the same variables
 * ({@code DB_HOST}, {@code DB_PORT}, {@code DB_NAME}, {@code DB_FLAVOR}) and its own credentials
 * ({@code DB_USER}, {@code DB_PASSWORD} or {@code DB_PASSWORD_FILE}). The password defaults to the
 * local-development value only with {@code OUTBOX_ENV=dev} (see {@link Env#secret}).
 * {@code DB_JDBC_PARAMETERS} adds parameters of the flavor's driver to every URL (e.g.
 * {@code useServerPrepStmts=true}).
 *
 * <p>{@code DB_FAILOVER_HOSTS} ({@code host:port,...}, default none) lists the servers to turn to,
 * in order, when {@code DB_HOST} does not answer: its replicas, one of which an operator promotes
 * when the primary is lost. Every connection is then made by the driver's failover mode (MariaDB
 * {@code sequential}, MySQL Connector/J's multi-host failover): the first server in the list that
 * answers. A replica answers read-only until it is promoted; writes fail meanwhile, as transient
 * errors. The old primary must not come back writable under its address while the list still
 * names it first (docs/OPERATIONS.md, "Database failover").
 *
 * <p>{@code DB_TLS} encrypts every connection ({@link DatabaseTls}); {@code DB_TLS_CA_FILE} (PEM,
 * default none: the JVM's trust store) names the CA that signed the server's certificate, trusted by
 * the pools, the version probe and the relay's binlog reader alike.
 */
public record DatabaseSettings(
        String host,
        int port,
        String database,
        String user,
        String password,
        FlavorSetting flavor,
        DatabaseTls tls,
        Optional<TrustedCa> tlsCa,
        String jdbcParameters,
        List<DatabaseServer> failover) {

    public static final String MIGRATION_USER_VARIABLE = DatabaseVariables.DB_MIGRATION_USER.name();
    public static final String TLS_VARIABLE = DatabaseVariables.DB_TLS.name();
    public static final String TLS_CA_VARIABLE = DatabaseVariables.DB_TLS_CA_FILE.name();
    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(2);
    /** 1045, "Access denied for user": a wrong password, or (MariaDB) plaintext where TLS is required. */
    private static final int ER_ACCESS_DENIED = 1045;

    public DatabaseSettings {
        if (user.isBlank() || password.isEmpty()) {
            throw new ConfigException("Database user and password must not be empty");
        }
        if (!jdbcParameters.isEmpty()
                && !jdbcParameters.matches("[A-Za-z][A-Za-z0-9_.]*=[^&=\\s]*(&[A-Za-z][A-Za-z0-9_.]*=[^&=\\s]*)*")) {
            throw new ConfigException(
                    "DB_JDBC_PARAMETERS must be name=value pairs joined by &, was '" + jdbcParameters + "'");
        }
        if (tlsCa.isPresent() && tls == DatabaseTls.DRIVER_DEFAULT) {
            throw new ConfigException(TLS_CA_VARIABLE + " is set, but " + TLS_VARIABLE + " is driver_default: set "
                    + TLS_VARIABLE + "=verify_full to check the server against it");
        }
        if (tlsCa.isPresent() && tlsCa.get().file().toString().matches(".*[&=?;\\s].*")) {
            throw new ConfigException("Invalid " + tlsCa.get().named()
                    + ": a path with &, =, ?, ; or a space cannot go into a JDBC URL; move the file");
        }
        failover = List.copyOf(failover);
    }

    /** No CA file of its own: the JVM's trust store. */
    public DatabaseSettings(
            String host,
            int port,
            String database,
            String user,
            String password,
            FlavorSetting flavor,
            DatabaseTls tls,
            String jdbcParameters,
            List<DatabaseServer> failover) {
        this(host, port, database, user, password, flavor, tls, Optional.empty(), jdbcParameters, failover);
    }

    /** One server, no failover. */
    public DatabaseSettings(
            String host,
            int port,
            String database,
            String user,
            String password,
            FlavorSetting flavor,
            DatabaseTls tls,
            String jdbcParameters) {
        this(host, port, database, user, password, flavor, tls, jdbcParameters, List.of());
    }

    /** The settings of {@code service}, as its own database user unless {@code DB_USER} says otherwise. */
    public static DatabaseSettings fromEnv(Env env, Component service) {
        return fromEnv(
                env,
                service.databaseUser()
                        .orElseThrow(() -> new IllegalArgumentException(service + " has no database user")),
                service.devPassword().orElseThrow());
    }

    /** {@code devPassword}: the local-development password, used only with {@code OUTBOX_ENV=dev}. */
    public static DatabaseSettings fromEnv(Env env, String defaultUser, String devPassword) {
        return new DatabaseSettings(
                env.get(DatabaseVariables.DB_HOST),
                env.get(DatabaseVariables.DB_PORT),
                env.get(DatabaseVariables.DB_NAME),
                env.get(DatabaseVariables.DB_USER, defaultUser),
                env.get(DatabaseVariables.DB_PASSWORD, devPassword),
                env.get(DatabaseVariables.DB_FLAVOR),
                env.get(DatabaseVariables.DB_TLS),
                TrustedCa.fromEnv(env, DatabaseVariables.DB_TLS_CA_FILE),
                env.get(DatabaseVariables.DB_JDBC_PARAMETERS),
                DatabaseServer.parseList(
                        DatabaseVariables.DB_FAILOVER_HOSTS.name(), env.get(DatabaseVariables.DB_FAILOVER_HOSTS)));
    }

    /**
     * The same server, database and settings as the schema's owner, the user every service's
     * migrations run as at its start ({@link SchemaMigrations}): {@code DB_MIGRATION_USER}
     * ({@code outbox_migration}) with {@code DB_MIGRATION_PASSWORD} or {@code _FILE} (development:
     * {@code migration-secret}). The services' own users change rows, never the schema.
     */
    public DatabaseSettings asSchemaOwner(Env env) {
        return new DatabaseSettings(
                host,
                port,
                database,
                env.get(DatabaseVariables.DB_MIGRATION_USER),
                env.get(DatabaseVariables.DB_MIGRATION_PASSWORD),
                flavor,
                tls,
                tlsCa,
                jdbcParameters,
                failover);
    }

    /** The same database, user and settings on another server (a promoted replica). */
    public DatabaseSettings withPort(int otherPort) {
        return new DatabaseSettings(
                host, otherPort, database, user, password, flavor, tls, tlsCa, jdbcParameters, failover);
    }

    /** {@code DB_HOST:DB_PORT}, then the failover servers, in the order connections try them. */
    public List<DatabaseServer> servers() {
        return Stream.concat(Stream.of(new DatabaseServer(host, port)), failover.stream())
                .toList();
    }

    /** The same database, user and settings on {@code server} alone (no failover). */
    public DatabaseSettings on(DatabaseServer server) {
        return new DatabaseSettings(
                server.host(), server.port(), database, user, password, flavor, tls, tlsCa, jdbcParameters, List.of());
    }

    /**
     * The JDBC URL for the flavor's own driver; {@code socketTimeout} bounds a hung query. With
     * failover servers, a multi-host URL in the driver's failover mode.
     */
    public String jdbcUrl(DatabaseFlavor serverFlavor, Duration socketTimeout) {
        String hosts = servers().stream().map(DatabaseServer::toString).collect(Collectors.joining(","));
        String prefix = failover.isEmpty() ? serverFlavor.urlPrefix() : serverFlavor.failoverUrlPrefix();
        return prefix + hosts + "/" + database
                + "?connectTimeout=" + CONNECT_TIMEOUT.toMillis()
                + "&socketTimeout=" + socketTimeout.toMillis()
                + "&" + tls.jdbcParameter(serverFlavor)
                + tlsCa.map(ca -> trustParameters(serverFlavor, ca)).orElse("")
                + (failover.isEmpty() ? "" : serverFlavor.failoverParameters())
                + (jdbcParameters.isEmpty() ? "" : "&" + jdbcParameters);
    }

    /** The flavor's driver's parameters that make it trust {@code ca} (instead of the JVM's trust store). */
    private static String trustParameters(DatabaseFlavor serverFlavor, TrustedCa ca) {
        return switch (serverFlavor) {
            case MARIADB -> "&serverSslCert=" + ca.file().toAbsolutePath();
            case MYSQL ->
                "&trustCertificateKeyStoreUrl=file:" + ca.trustStore()
                        + "&trustCertificateKeyStoreType=" + TrustedCa.TRUST_STORE_TYPE
                        + "&trustCertificateKeyStorePassword="
                        + ca.trustStorePassword();
        };
    }

    /** The configured flavor, or the one the server reports when {@code DB_FLAVOR=auto}. */
    public DatabaseFlavor resolveFlavor() {
        return switch (flavor) {
            case MARIADB -> DatabaseFlavor.MARIADB;
            case MYSQL -> DatabaseFlavor.MYSQL;
            case AUTO -> DatabaseFlavor.fromVersion(serverVersion());
        };
    }

    /**
     * MariaDB refuses a plaintext login that {@code require_secure_transport} (or the user's
     * {@code REQUIRE SSL}) forbids in the words of a wrong password (1045, "Access denied"). For a
     * login refused so in plaintext ({@code DB_TLS=driver_default}), tries once over TLS: let in
     * there, the server wants TLS, and this is the line naming {@code DB_TLS}; empty otherwise.
     * Only when a login failed ({@link ConnectionPools}): a start that works pays nothing for it.
     */
    Optional<String> plaintextRefusal(SQLException refused) {
        if (tls != DatabaseTls.DRIVER_DEFAULT || refused.getErrorCode() != ER_ACCESS_DENIED) {
            return Optional.empty();
        }
        DatabaseSettings overTls = new DatabaseSettings(
                host, port, database, user, password, flavor, DatabaseTls.REQUIRED, jdbcParameters, failover);
        try (Connection tlsOnly = DriverManager.getConnection(
                overTls.jdbcUrl(DatabaseFlavor.MARIADB, Duration.ofSeconds(5)), user, password)) {
            return Optional.of("Plaintext to the database at " + host + ":" + port + " refused: it lets " + user
                    + " in over TLS only; set " + TLS_VARIABLE + "=verify_full (and " + TLS_CA_VARIABLE
                    + " to its CA)");
        } catch (SQLException refusedOverTlsToo) {
            return Optional.empty(); // a wrong password, or another reason: reported as it is
        }
    }

    /** Asks the server for its version with MySQL Connector/J, which both families accept. */
    public String serverVersion() {
        // A one-off probe: not worth a span (and no lookup of a global OpenTelemetry nobody set yet).
        String url = jdbcUrl(DatabaseFlavor.MYSQL, Duration.ofSeconds(5)) + "&openTelemetry=DISABLED";
        try (Connection connection = DriverManager.getConnection(url, user, password);
                Statement statement = connection.createStatement();
                ResultSet version = statement.executeQuery("SELECT VERSION()")) {
            version.next();
            return version.getString(1);
        } catch (SQLException e) {
            String where = servers().stream().map(DatabaseServer::toString).collect(Collectors.joining(","));
            TlsFailures.explain(e, "the database at " + where, "DB_HOST", host, tlsCa, TLS_CA_VARIABLE, TLS_VARIABLE)
                    .ifPresent(line -> {
                        throw new ConfigException(line);
                    });
            throw new DatabaseUnavailableException(
                    "Cannot connect to the database at "
                            + servers().stream().map(DatabaseServer::toString).collect(Collectors.joining(",")) + "/"
                            + database
                            + " as " + user + ": " + e.getMessage(),
                    e);
        }
    }

    @Override
    public String toString() {
        return "DatabaseSettings[" + user + "@"
                + servers().stream().map(DatabaseServer::toString).collect(Collectors.joining(",")) + "/" + database
                + ", flavor=" + flavor + "]";
    }
}
