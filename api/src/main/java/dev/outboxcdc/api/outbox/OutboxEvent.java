package dev.outboxcdc.api.outbox;

import java.util.UUID;

/** One row of the outbox: an event to publish once its transaction has committed. */
public record OutboxEvent(UUID id, String aggregateType, String aggregateId, String type, String payload) {}
