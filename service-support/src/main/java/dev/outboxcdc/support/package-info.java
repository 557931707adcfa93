/**
 * What every service shares, and the contracts they agree on: {@code outbox} (the outbox table and
 * the message a row becomes), {@code events} (event types, payloads, routing rule), {@code amqp}
 * (broker settings, the topology names, message headers, confirmed single publishes);
 * infrastructure in {@code config} (environment and secrets), {@code db} (endpoint, pools,
 * migrations, error classification), {@code retry} (the one backoff policy), {@code lifecycle},
 * {@code metrics}, {@code tracing} and {@code retention}. No Debezium here, no service logic.
 */
package dev.outboxcdc.support;
