package dev.outboxcdc.support.db;

import dev.outboxcdc.support.config.ConfigException;
import java.util.Arrays;
import java.util.List;

/** One database server's address. */
public record DatabaseServer(String host, int port) {

    /**
     * {@code host:port} entries joined by commas (e.g. {@code DB_FAILOVER_HOSTS=db-2:3306,db-3:3306});
     * blank: none. {@code variable} names the setting in the error.
     */
    static List<DatabaseServer> parseList(String variable, String value) {
        if (value.isBlank()) {
            return List.of();
        }
        return Arrays.stream(value.split(","))
                .map(String::trim)
                .map(entry -> {
                    int colon = entry.lastIndexOf(':');
                    if (colon <= 0
                            || !entry.substring(colon + 1).matches("\\d{1,5}")
                            || Integer.parseInt(entry.substring(colon + 1)) < 1
                            || Integer.parseInt(entry.substring(colon + 1)) > 65535) {
                        throw new ConfigException(variable
                                + " must be host:port entries joined by commas (port 1-65535), was '" + value + "'");
                    }
                    return new DatabaseServer(entry.substring(0, colon), Integer.parseInt(entry.substring(colon + 1)));
                })
                .toList();
    }

    @Override
    public String toString() {
        return host + ":" + port;
    }
}
