/**
 * The consumer library: a Java service subscribes to the outbox events, each handled exactly once in
 * its own database. Start with {@link dev.outboxcdc.consumer.EventConsumer#builder}; docs/LIBRARY.md
 * has a complete example. Everything under {@code dev.outboxcdc.consumer.internal} may change in any
 * release.
 */
@NullMarked
package dev.outboxcdc.consumer;

import org.jspecify.annotations.NullMarked;
