/**
 * The infrastructure every service shares: {@code amqp} (broker settings, the topology names each
 * read from one variable, confirmed single publishes), {@code config} (environment and secrets),
 * {@code db} (endpoint, pools, migrations, error classification), {@code retry} (the one backoff
 * policy), {@code lifecycle}, {@code metrics}, {@code tracing} and {@code retention}. The contract
 * the services agree on (events, headers, the outbox table) is the contract module's. No Debezium
 * here, no service logic.
 */
package dev.outboxcdc.support;
