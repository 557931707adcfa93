package dev.outboxcdc.support.db;

import java.util.Locale;

/**
 * The two server families the project supports. They speak the same protocol but differ where it
 * matters here: Debezium needs a different connector for each, and MySQL Connector/J drops
 * fractional seconds against MariaDB, so each flavor gets its own JDBC driver.
 */
public enum DatabaseFlavor {
    MARIADB("jdbc:mariadb://"),
    MYSQL("jdbc:mysql://");

    private final String urlPrefix;

    DatabaseFlavor(String urlPrefix) {
        this.urlPrefix = urlPrefix;
    }

    String urlPrefix() {
        return urlPrefix;
    }

    /** Reads the flavor from {@code SELECT VERSION()}, e.g. {@code 10.11.19-MariaDB-log}. */
    public static DatabaseFlavor fromVersion(String version) {
        return version.toLowerCase(Locale.ROOT).contains("mariadb") ? MARIADB : MYSQL;
    }
}
