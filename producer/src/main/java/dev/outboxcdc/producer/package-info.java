/**
 * Writing events, for any Java service whose database has the outbox table: {@link
 * dev.outboxcdc.producer.OutboxWriter} appends an {@link dev.outboxcdc.producer.OutboxEvent} in the
 * caller's own transaction, checked against the newest schema of its type; the relay publishes it
 * once the transaction has committed. The table comes from the contract's Flyway location ({@code
 * classpath:db/outbox}). docs/LIBRARY.md shows a complete example.
 */
@NullMarked
package dev.outboxcdc.producer;

import org.jspecify.annotations.NullMarked;
