package dev.outboxcdc.relay.cdc;

/** The relay no longer holds its lease: it must stop publishing and storing offsets (fencing). */
final class LeaseLostException extends RuntimeException {
    LeaseLostException(String message) {
        super(message, null, false, false);
    }
}
