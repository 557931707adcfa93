package dev.outboxcdc.support.db;

import java.util.Locale;

/**
 * The two server families the project supports. They speak the same protocol but differ where it
 * matters here: Debezium needs a different connector for each, and MySQL Connector/J drops
 * fractional seconds against MariaDB, so each flavor gets its own JDBC driver.
 */
public enum DatabaseFlavor {
    // sequential: each connection goes to the first server of the list that answers.
    // retriesAllDown: a connection attempt with every server down fails after trying each twice, not 120 times.
    // deniedListTimeout: a server that failed is passed over for 1 s, not 50: a promoted replica whose
    // sessions were ended at the promotion (scripts/infras.sh) would otherwise be skipped for 50 s.
    MARIADB("jdbc:mariadb://", "jdbc:mariadb:sequential://", "&retriesAllDown=2&deniedListTimeout=1000"),
    // Connector/J's failover mode; failOverReadOnly=false: a promoted replica is written to.
    MYSQL("jdbc:mysql://", "jdbc:mysql://", "&failOverReadOnly=false");

    private final String urlPrefix;
    private final String failoverUrlPrefix;
    private final String failoverParameters;

    DatabaseFlavor(String urlPrefix, String failoverUrlPrefix, String failoverParameters) {
        this.urlPrefix = urlPrefix;
        this.failoverUrlPrefix = failoverUrlPrefix;
        this.failoverParameters = failoverParameters;
    }

    String urlPrefix() {
        return urlPrefix;
    }

    /** For a list of servers, tried in order. */
    String failoverUrlPrefix() {
        return failoverUrlPrefix;
    }

    String failoverParameters() {
        return failoverParameters;
    }

    /** Reads the flavor from {@code SELECT VERSION()}, e.g. {@code 10.11.19-MariaDB-log}. */
    public static DatabaseFlavor fromVersion(String version) {
        return version.toLowerCase(Locale.ROOT).contains("mariadb") ? MARIADB : MYSQL;
    }
}
