package dev.outboxcdc.support.db;

/**
 * {@code DB_TLS}: how every connection to the database is encrypted — the services' pools and the
 * relay's binlog reader alike. Certificates are checked against the JVM's trust store (add a
 * private CA with {@code -Djavax.net.ssl.trustStore=…} in {@code JAVA_OPTS}).
 */
public enum DatabaseTls {
    /**
     * The default: each driver's own — MariaDB's none, MySQL's TLS where the server offers it
     * (MySQL 8's default authentication needs it, or public key retrieval).
     */
    DRIVER_DEFAULT("disable", "PREFERRED", "disable", "preferred"),
    /** Encrypted, any certificate accepted: protects against eavesdropping, not impersonation. */
    REQUIRED("trust", "REQUIRED", "trust", "required"),
    /** Encrypted, the certificate signed by a trusted CA and naming {@code DB_HOST}. */
    VERIFY_FULL("verify-full", "VERIFY_IDENTITY", "verify-full", "verify_identity");

    private final String mariaDbDriver;
    private final String mySqlDriver;
    private final String mariaDbConnector;
    private final String mySqlConnector;

    DatabaseTls(String mariaDbDriver, String mySqlDriver, String mariaDbConnector, String mySqlConnector) {
        this.mariaDbDriver = mariaDbDriver;
        this.mySqlDriver = mySqlDriver;
        this.mariaDbConnector = mariaDbConnector;
        this.mySqlConnector = mySqlConnector;
    }

    /** The JDBC URL parameter of the flavor's own driver. */
    public String jdbcParameter(DatabaseFlavor flavor) {
        return "sslMode=" + (flavor == DatabaseFlavor.MARIADB ? mariaDbDriver : mySqlDriver);
    }

    /** Debezium's {@code database.ssl.mode} for the flavor's connector. */
    public String debeziumMode(DatabaseFlavor flavor) {
        return flavor == DatabaseFlavor.MARIADB ? mariaDbConnector : mySqlConnector;
    }
}
