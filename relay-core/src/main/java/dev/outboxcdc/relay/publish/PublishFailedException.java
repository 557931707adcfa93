package dev.outboxcdc.relay.publish;

/** Some messages of a batch were not confirmed; the message says why. Expected under faults. */
public final class PublishFailedException extends Exception {
    public PublishFailedException(String message, Throwable cause) {
        super(message, cause, false, false);
    }
}
