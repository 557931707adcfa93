/**
 * What the api, the relay, the worker, outboxctl and the load tools agree on, defined once:
 * {@code events} (the event types and their payloads, the routing rule, the message headers) and
 * {@code outbox} (the outbox table's columns, every statement against it, the message a row
 * becomes) and {@code topology} (the broker names: the event exchange, the unrouted queue, a
 * subscriber's queues). Depends on nothing of the project's and on no broker or CDC library: Jdbi only, for the
 * outbox's SQL.
 */
package dev.outboxcdc.contract;
