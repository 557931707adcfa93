/**
 * The worker: an idempotent receiver. {@code consume} runs one consumer per channel, in batches,
 * and routes failures to delay queues and the parking lot; {@code inbox} records each message id
 * in the same transaction as the handler's effect, so a duplicate has no second effect;
 * {@code handler} holds one handler per event type and the read model that applies each customer's
 * events in version order; {@code topology} declares the queues and reads their depths;
 * {@code retention} forgets processed ids after the dedup window. {@code Main} wires it by hand.
 */
package dev.outboxcdc.worker;
