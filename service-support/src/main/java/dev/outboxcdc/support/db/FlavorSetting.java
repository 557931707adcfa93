package dev.outboxcdc.support.db;

/** {@code DB_FLAVOR}: detect the server family at start-up, or force one. */
public enum FlavorSetting {
    AUTO,
    MARIADB,
    MYSQL
}
