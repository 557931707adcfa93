package dev.outboxcdc.consumer;

/**
 * Whether the consumer can do its work now: connected with every queue consumed, not blocked by a
 * broker alarm (its retries and parked copies are publishes), and its database taking writes.
 *
 * @param ready  true when all three hold
 * @param status {@code UP}, {@code DOWN}, {@code BLOCKED}, {@code READ_ONLY}, ...: one word for a
 *               readiness endpoint
 * @param reason why not, in one line; empty when ready
 */
public record ConsumerHealth(boolean ready, String status, String reason) {}
