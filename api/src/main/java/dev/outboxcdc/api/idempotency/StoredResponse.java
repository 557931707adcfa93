package dev.outboxcdc.api.idempotency;

/** The answer given to the first request with a key, returned as it was to every retry with that key. */
public record StoredResponse(int status, String location, String body) {}
