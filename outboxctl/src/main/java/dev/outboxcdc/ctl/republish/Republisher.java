package dev.outboxcdc.ctl.republish;

import dev.outboxcdc.contract.outbox.OutboxMessage;
import dev.outboxcdc.contract.outbox.OutboxStore;
import dev.outboxcdc.contract.outbox.OutboxStore.StoredMessage;
import dev.outboxcdc.contract.schema.EventSchemas;
import dev.outboxcdc.ctl.CtlConfig;
import dev.outboxcdc.ctl.guard.ReplayGuard;
import dev.outboxcdc.relay.metrics.RelayMetrics;
import dev.outboxcdc.relay.publish.ConfirmingPublisher;
import dev.outboxcdc.relay.publish.EventProperties;
import dev.outboxcdc.relay.publish.RetryingPublisher;
import dev.outboxcdc.support.amqp.BrokerBlocking;
import dev.outboxcdc.support.retry.Backoff;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import org.jdbi.v3.core.Jdbi;

/**
 * Outbox rows published again through the relay's own confirmed path ({@link ConfirmingPublisher}:
 * mandatory, publisher confirms, unroutable ones moved to the unrouted queue; {@link RetryingPublisher}: what is left
 * unconfirmed is published again with the shared backoff, for at most {@link #GIVE_UP_AFTER} per
 * batch), in pages of {@value #BATCH}; for outboxctl and its console.
 */
public final class Republisher {
    private static final int BATCH = 500;
    /** How long one batch may stay unconfirmed (retried with the shared backoff) before it gives up. */
    private static final Duration GIVE_UP_AFTER = Duration.ofSeconds(30);

    /** Which rows: these ids, or those created in [from, to), of one type if given. */
    public record Rows(List<String> ids, Optional<Instant> from, Optional<Instant> to, Optional<String> type) {
        public Rows {
            ids = List.copyOf(ids);
            if (ids.isEmpty() == from.isEmpty() || from.isPresent() != to.isPresent()) {
                throw new IllegalArgumentException("either ids, or a time range from .. to");
            }
            if (from.isPresent() && !from.get().isBefore(to.get())) {
                throw new IllegalArgumentException("from must be before to");
            }
            if (!ids.isEmpty() && type.isPresent()) {
                throw new IllegalArgumentException("a type goes with a time range, not with ids");
            }
        }

        public static Rows ofIds(List<String> ids) {
            return new Rows(ids, Optional.empty(), Optional.empty(), Optional.empty());
        }

        public static Rows between(Instant from, Instant to, Optional<String> type) {
            return new Rows(List.of(), Optional.of(from), Optional.of(to), type);
        }

        public String describe() {
            return !ids.isEmpty()
                    ? "ids " + String.join(",", ids)
                    : "created " + from.get() + " .. " + to.get()
                            + type.map(value -> " type=" + value).orElse("");
        }
    }

    /** The rows found, and how many of them the guard refuses. */
    public record Selected(Set<String> ids, long outsideWindow) {
        /** The ids asked for that are not in the outbox. */
        public List<String> missing(Rows rows) {
            return rows.ids().stream().filter(id -> !ids.contains(id)).toList();
        }
    }

    private final CtlConfig config;
    private final Jdbi jdbi;

    public Republisher(CtlConfig config, Jdbi jdbi) {
        this.config = config;
        this.jdbi = jdbi;
    }

    /** What {@link #publish} would send, and how many of those the guard refuses; sends nothing. */
    public Selected select(Rows rows, ReplayGuard guard, Instant now) {
        Set<String> ids = new HashSet<>();
        long outside = 0;
        long afterSeq = 0;
        for (List<StoredMessage> batch = page(rows, afterSeq); !batch.isEmpty(); batch = page(rows, afterSeq)) {
            afterSeq = batch.get(batch.size() - 1).seq();
            for (StoredMessage row : batch) {
                ids.add(row.message().id());
                if (guard.outsideWindow(row.message().createdAt(), now)) {
                    outside++;
                }
            }
        }
        return new Selected(ids, outside);
    }

    /** Publishes the rows, each batch confirmed by the broker before the next; returns how many. */
    public int publish(Rows rows) throws Exception {
        int published = 0;
        AtomicLong giveUpAt = new AtomicLong();
        // The relay's counters, kept in memory: the caller reports what was done instead.
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        RelayMetrics metrics = new RelayMetrics(registry, Clock.systemUTC());
        try (ConfirmingPublisher publisher = new ConfirmingPublisher(
                config.amqp(),
                config.exchange(),
                Optional.empty(),
                Optional.of(config.unroutedQueue()),
                new EventProperties(config.eventSource(), EventSchemas.load()),
                metrics,
                new BrokerBlocking("outboxctl", registry, Clock.systemUTC()))) {
            RetryingPublisher retrying = new RetryingPublisher(
                    publisher, Backoff.DEFAULT, () -> System.nanoTime() - giveUpAt.get() > 0, metrics);
            long afterSeq = 0;
            for (List<StoredMessage> batch = page(rows, afterSeq); !batch.isEmpty(); batch = page(rows, afterSeq)) {
                afterSeq = batch.get(batch.size() - 1).seq();
                List<OutboxMessage> messages =
                        batch.stream().map(StoredMessage::message).toList();
                giveUpAt.set(System.nanoTime() + GIVE_UP_AFTER.toNanos());
                try {
                    retrying.publishAll(messages);
                } catch (InterruptedException notConfirmed) {
                    throw new IllegalStateException("rows not confirmed by the broker within "
                            + GIVE_UP_AFTER.toSeconds() + " s (" + publisher.lastFailure() + "); the " + published
                            + " rows published before were confirmed; run it again");
                }
                published += messages.size();
            }
        }
        return published;
    }

    private List<StoredMessage> page(Rows rows, long afterSeq) {
        return jdbi.withHandle(handle -> !rows.ids().isEmpty()
                ? OutboxStore.pageByIds(handle, afterSeq, rows.ids(), BATCH)
                : OutboxStore.pageByTime(
                        handle, afterSeq, rows.from().get(), rows.to().get(), rows.type(), BATCH));
    }
}
