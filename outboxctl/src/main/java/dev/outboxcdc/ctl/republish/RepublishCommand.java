package dev.outboxcdc.ctl.republish;

import com.zaxxer.hikari.HikariDataSource;
import dev.outboxcdc.contract.outbox.OutboxMessage;
import dev.outboxcdc.contract.outbox.OutboxStore;
import dev.outboxcdc.contract.outbox.OutboxStore.StoredMessage;
import dev.outboxcdc.ctl.CtlConfig;
import dev.outboxcdc.ctl.Databases;
import dev.outboxcdc.ctl.OutboxCtl;
import dev.outboxcdc.relay.metrics.RelayMetrics;
import dev.outboxcdc.relay.publish.ConfirmingPublisher;
import dev.outboxcdc.relay.publish.RetryingPublisher;
import dev.outboxcdc.support.retry.Backoff;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicLong;
import org.jdbi.v3.core.Jdbi;
import picocli.CommandLine;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/**
 * {@code outboxctl republish}: outbox rows published again through the relay's own confirmed path
 * ({@link ConfirmingPublisher}: mandatory, publisher confirms, unroutable ones set aside; {@link RetryingPublisher}: what is left
 * unconfirmed is published again with the shared backoff, for at most {@link #GIVE_UP_AFTER} per batch).
 */
@Command(
        name = "republish",
        mixinStandardHelpOptions = true,
        description = {
            "Publishes outbox rows again, through the relay's confirmed path, e.g. after a consumer's bug was fixed.",
            "Consumers that still remember an event (the worker: WORKER_RETENTION_HOURS) skip it as a duplicate;",
            "only those that forgot it, or never had it, handle it."
        })
public final class RepublishCommand implements Callable<Integer> {
    private static final int BATCH = 500;
    /** How long one batch may stay unconfirmed (retried with the shared backoff) before the command gives up. */
    private static final Duration GIVE_UP_AFTER = Duration.ofSeconds(30);

    @ParentCommand
    OutboxCtl root;

    @ArgGroup(multiplicity = "1")
    Selection selection;

    @Option(names = "--type", paramLabel = "T", description = "With --from/--to: only rows of this event type")
    String type;

    @Option(names = "--dry-run", description = "Only count what would be published")
    boolean dryRun;

    /** Which rows: some ids, or a time range of created_at. */
    static final class Selection {
        @Option(
                names = "--id",
                arity = "1..*",
                paramLabel = "<outbox id>",
                description = "Outbox row ids (= message ids)")
        List<String> ids;

        @ArgGroup(exclusive = false)
        Range range;
    }

    static final class Range {
        @Option(
                names = "--from",
                required = true,
                converter = InstantConverter.class,
                description = "Rows created at or after this UTC time, e.g. 2026-11-28T10:00:00Z")
        Instant from;

        @Option(
                names = "--to",
                required = true,
                converter = InstantConverter.class,
                description = "Rows created before this UTC time")
        Instant to;
    }

    @Override
    public Integer call() throws Exception {
        if (selection.range != null && !selection.range.from.isBefore(selection.range.to)) {
            throw new CommandLine.ParameterException(new CommandLine(this), "--from must be before --to");
        }
        if (selection.ids != null && type != null) {
            throw new CommandLine.ParameterException(
                    new CommandLine(this), "--type goes with --from/--to, not with --id");
        }
        CtlConfig config = root.config();
        Set<String> found = new HashSet<>();
        int published = 0;
        AtomicLong giveUpAt = new AtomicLong();
        // The relay's counters, kept in memory: outboxctl prints what it did instead.
        RelayMetrics metrics = new RelayMetrics(new SimpleMeterRegistry(), Clock.systemUTC());
        try (HikariDataSource pool = Databases.open(config.database());
                ConfirmingPublisher publisher = dryRun
                        ? null
                        : new ConfirmingPublisher(
                                config.amqp(),
                                config.exchange(),
                                Optional.empty(),
                                Optional.of(config.unroutedQueue()),
                                metrics)) {
            RetryingPublisher retrying = dryRun
                    ? null
                    : new RetryingPublisher(
                            publisher, Backoff.DEFAULT, () -> System.nanoTime() - giveUpAt.get() > 0, metrics);
            Jdbi jdbi = Jdbi.create(pool);
            long afterSeq = 0;
            for (List<StoredMessage> batch = page(jdbi, afterSeq); !batch.isEmpty(); batch = page(jdbi, afterSeq)) {
                afterSeq = batch.get(batch.size() - 1).seq();
                List<OutboxMessage> messages =
                        batch.stream().map(StoredMessage::message).toList();
                messages.forEach(message -> found.add(message.id()));
                if (!dryRun) {
                    giveUpAt.set(System.nanoTime() + GIVE_UP_AFTER.toNanos());
                    try {
                        retrying.publishAll(messages);
                    } catch (InterruptedException notConfirmed) {
                        throw new IllegalStateException(
                                "rows not confirmed by the broker within " + GIVE_UP_AFTER.toSeconds() + " s ("
                                        + publisher.lastFailure() + "); the " + published
                                        + " rows published before were confirmed; run the"
                                        + " command again");
                    }
                }
                published += messages.size();
            }
        }
        System.out.printf(
                "%s %d outbox rows to %s%s%n",
                dryRun ? "would republish" : "republished, confirmed by the broker,",
                published,
                config.exchange(),
                dryRun ? "" : "; consumers that still remember an event skip it (worker: dedup by message id)");
        List<String> missing = selection.ids == null
                ? List.of()
                : selection.ids.stream().filter(id -> !found.contains(id)).toList();
        if (!missing.isEmpty()) {
            System.out.println("not in the outbox (never written, or deleted by OUTBOX_RETENTION_HOURS): " + missing);
            return 1;
        }
        return 0;
    }

    private List<StoredMessage> page(Jdbi jdbi, long afterSeq) {
        return jdbi.withHandle(handle -> selection.ids != null
                ? OutboxStore.pageByIds(handle, afterSeq, selection.ids, BATCH)
                : OutboxStore.pageByTime(
                        handle, afterSeq, selection.range.from, selection.range.to, Optional.ofNullable(type), BATCH));
    }

    /** An ISO-8601 instant, e.g. 2026-11-28T10:00:00Z. */
    static final class InstantConverter implements CommandLine.ITypeConverter<Instant> {
        @Override
        public Instant convert(String value) {
            try {
                return Instant.parse(value);
            } catch (DateTimeParseException e) {
                throw new CommandLine.TypeConversionException(
                        "'" + value + "' is not a UTC time like 2026-11-28T10:00:00Z");
            }
        }
    }
}
