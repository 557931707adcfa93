/**
 * The relay: moves every committed outbox row to the broker, at least once, in commit order.
 * {@code cdc} tails the binlog with the embedded Debezium engine, keeps the relay's lease with
 * fencing, stores offsets only after the broker confirmed, and follows a database failover;
 * {@code polling} is the fallback for databases without binlog access; {@code retention} deletes
 * outbox rows the relay has passed and checks that re-publication stays inside the consumers'
 * dedup window. Publishing ({@code publish}: the one seam to the broker, pipelined publisher
 * confirms, retries with backoff), the relay's metrics and the state it keeps in the database
 * ({@code state}: lease, stored offsets) live in the module relay-core, which outboxctl shares
 * without Debezium. {@code Main} wires it by hand and supervises the relay.
 */
package dev.outboxcdc.relay;
