package dev.outboxcdc.relay;

/** The relay cannot go on (bad credentials, missing grants, no binlog); the message says what to fix. */
public final class RelayFailedException extends RuntimeException {
    public RelayFailedException(String message) {
        super(message, null, false, false);
    }

    public RelayFailedException(String message, Throwable cause) {
        super(message, cause);
    }
}
