/**
 * The api: the service that changes data. {@code customer} holds the use cases (registration, a
 * JSON merge patch) and their repository; every change appends its event through the producer
 * library's {@code OutboxWriter} in the same transaction and publishes nothing. {@code idempotency}
 * makes a retried registration answer as the first one did, {@code http} renders routes, RFC 9457
 * problems, request metrics and traces, {@code health} answers readiness. {@code Main} wires it by
 * hand.
 */
package dev.outboxcdc.api;
