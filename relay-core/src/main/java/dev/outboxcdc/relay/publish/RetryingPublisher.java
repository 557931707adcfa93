package dev.outboxcdc.relay.publish;

import dev.outboxcdc.contract.outbox.OutboxMessage;
import dev.outboxcdc.relay.metrics.RelayMetrics;
import dev.outboxcdc.support.retry.Backoff;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Publishes a batch until the broker has confirmed every message, re-publishing only what was not
 * confirmed, with backoff between attempts. An outage is logged once when it starts and once when
 * it ends, not on every attempt. Used by one thread at a time.
 */
public final class RetryingPublisher {
    private static final Logger log = LoggerFactory.getLogger(RetryingPublisher.class);

    private final BatchPublisher publisher;
    private final Backoff backoff;
    private final BooleanSupplier stopping;
    private final RelayMetrics metrics;

    public RetryingPublisher(
            BatchPublisher publisher, Backoff backoff, BooleanSupplier stopping, RelayMetrics metrics) {
        this.publisher = publisher;
        this.backoff = backoff;
        this.stopping = stopping;
        this.metrics = metrics;
    }

    /**
     * Returns once every message is confirmed. Throws {@link InterruptedException} if the relay is
     * stopping first: the caller must then not mark the batch as processed.
     */
    public void publishAll(List<OutboxMessage> batch) throws InterruptedException {
        if (batch.isEmpty()) {
            return;
        }
        List<OutboxMessage> pending = batch;
        int attempt = 0;
        while (!pending.isEmpty()) {
            if (stopping.getAsBoolean() || Thread.currentThread().isInterrupted()) {
                throw new InterruptedException("relay stopping with " + pending.size() + " unconfirmed messages");
            }
            attempt++;
            if (attempt > 1) {
                metrics.retrying(pending.size());
            }
            pending = publishOnce(pending, attempt);
            if (!pending.isEmpty() && !backoff.pause(attempt)) {
                throw new InterruptedException("interrupted while waiting to re-publish");
            }
        }
        if (attempt > 1) {
            log.info("Broker confirms again: batch of {} published after {} attempts", batch.size(), attempt);
        }
        List<Instant> commits =
                batch.stream().map(OutboxMessage::createdAt).sorted().toList();
        metrics.batchConfirmed(batch.size(), commits.get(0), commits.get(commits.size() - 1));
        log.info("Published messages: {}", PublishedIds.summary(batch));
    }

    private List<OutboxMessage> publishOnce(List<OutboxMessage> pending, int attempt) throws InterruptedException {
        String reason;
        Set<String> confirmed;
        try {
            confirmed = publisher.publish(pending);
            reason = publisher.lastFailure();
        } catch (PublishFailedException e) {
            confirmed = Set.of();
            reason = e.getMessage();
        }
        List<OutboxMessage> unconfirmed = new ArrayList<>();
        for (OutboxMessage message : pending) {
            if (!confirmed.contains(message.id())) {
                unconfirmed.add(message);
            }
        }
        metrics.notConfirmed(unconfirmed.size());
        if (!unconfirmed.isEmpty() && attempt == 1) {
            log.warn(
                    "{} of {} messages not confirmed ({}), first id {}; retrying with backoff, offsets held back",
                    unconfirmed.size(),
                    pending.size(),
                    reason,
                    unconfirmed.get(0).id());
        } else if (!unconfirmed.isEmpty()) {
            log.debug("attempt {}: {} messages still unconfirmed ({})", attempt, unconfirmed.size(), reason);
        }
        return unconfirmed;
    }
}
