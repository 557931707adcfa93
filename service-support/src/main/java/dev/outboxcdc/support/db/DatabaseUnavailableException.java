package dev.outboxcdc.support.db;

/** The database could not be reached or refused the credentials; the message says which. */
public final class DatabaseUnavailableException extends RuntimeException {
    public DatabaseUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
