package dev.outboxcdc.worker.handler;

/** The message can never be handled (bad body, unknown type, missing id): park it, do not retry. */
public final class InvalidMessageException extends RuntimeException {
    public InvalidMessageException(String message) {
        super(message, null, false, false);
    }
}
