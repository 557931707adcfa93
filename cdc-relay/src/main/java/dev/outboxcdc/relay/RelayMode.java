package dev.outboxcdc.relay;

/** {@code RELAY_MODE}: tail the binlog (default), or poll the outbox table where binlog access is not granted. */
public enum RelayMode {
    CDC,
    POLLING
}
