package dev.outboxcdc.api.outbox;

import java.util.UUID;

/**
 * One row of the outbox: an event to publish once its transaction has committed. {@code payload}
 * is the event's record ({@code CustomerEvents}); {@link OutboxWriter} serialises it and checks it
 * against the newest schema of its type.
 */
public record OutboxEvent(UUID id, String aggregateType, String aggregateId, String type, Object payload) {}
