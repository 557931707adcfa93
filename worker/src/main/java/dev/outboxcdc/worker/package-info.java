/**
 * The worker: the customer events' subscriber, built on the consumer library (module
 * {@code consumer}), which receives idempotently, retries, parks and keeps order. {@code handler}
 * holds one handler per event type and the read model that applies each customer's events in
 * version order. {@code Main} wires it by hand from {@link dev.outboxcdc.worker.WorkerConfig}.
 */
package dev.outboxcdc.worker;
