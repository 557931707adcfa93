package dev.outboxcdc.api.idempotency;

/** A request reused the key of an earlier request with another method, path or body. */
public final class IdempotencyKeyReusedException extends RuntimeException {
    public IdempotencyKeyReusedException(IdempotencyKey key) {
        super(
                "Idempotency-Key '" + key.value()
                        + "' was used before for a different request; use a new key for a new request",
                null,
                false,
                false);
    }
}
