/**
 * The relay's seam to the broker ({@code BatchPublisher}) and its RabbitMQ implementation:
 * pipelined publisher confirms, unroutable events moved to the unrouted queue, and retries of whatever is left
 * unconfirmed with the shared backoff. Part of relay-core, which the relay and outboxctl share
 * without Debezium.
 */
package dev.outboxcdc.relay.publish;
