package dev.outboxcdc.api.idempotency;

/** Another request with the same key is still being processed; the client should retry a moment later. */
public final class IdempotencyKeyInFlightException extends RuntimeException {
    public IdempotencyKeyInFlightException(IdempotencyKey key) {
        super(
                "A request with Idempotency-Key '" + key.value()
                        + "' is still being processed; retry once it has finished",
                null,
                false,
                false);
    }
}
