package dev.outboxcdc.relay.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * Everything the relay reports at {@code /metrics}, in one place: what it published and what the
 * broker said, how far behind it is, and what state it is in. Updated by the publishing thread and
 * the relay's own thread, read by the scrape thread.
 */
public final class RelayMetrics {
    /** What the relay is doing; {@code outbox_relay_state{state="…"}} is 1 for the current one. */
    public enum State {
        STARTING,
        STANDBY,
        SNAPSHOTTING,
        STREAMING,
        POLLING,
        RESTARTING,
        STOPPED
    }

    private final MeterRegistry registry;
    private final Clock clock;
    private final Counter published;
    private final Counter confirmed;
    private final Counter nacked;
    private final Counter returned;
    private final Counter unconfirmed;
    private final Counter retried;
    private final Counter unrouted;
    private final Counter offsetCommits;
    private final DistributionSummary batchSize;
    private final Timer confirmLatency;
    private final Timer publishDelay;
    private volatile State state = State.STARTING;
    private volatile boolean leaseHeld;
    private volatile @Nullable Instant newestPublishedCommit;
    private volatile @Nullable Instant lastActivity;

    public RelayMetrics(MeterRegistry registry, Clock clock) {
        this.registry = registry;
        this.clock = clock;
        published = counter(
                "outbox.relay.messages.published",
                "Messages sent to the broker (every attempt, unrouted copies included)");
        confirmed = counter("outbox.relay.messages.confirmed", "Messages the broker confirmed");
        nacked = counter("outbox.relay.messages.nacked", "Messages the broker nacked");
        returned = counter(
                "outbox.relay.messages.returned",
                "Messages returned as unroutable (no queue bound for their routing key)");
        unconfirmed = counter(
                "outbox.relay.messages.unconfirmed",
                "Messages not confirmed by an attempt: nacked, returned without an unrouted queue, lost with the channel, timed out");
        retried = counter(
                "outbox.relay.messages.retried", "Messages published again after an attempt left them unconfirmed");
        unrouted = counter(
                "outbox.relay.messages.unrouted", "Events no queue was bound for, confirmed into the unrouted queue");
        offsetCommits = counter(
                "outbox.relay.offset.commits",
                "Positions stored after a confirmed batch (CDC: binlog offsets; polling: published_at marks)");
        batchSize = DistributionSummary.builder("outbox.relay.batch.size")
                .baseUnit("messages")
                .description("Events per published batch")
                .register(registry);
        confirmLatency = Timer.builder("outbox.relay.confirm.latency")
                .description("From the first publish of a batch until all its confirms arrived")
                .publishPercentileHistogram()
                .minimumExpectedValue(Duration.ofMillis(1))
                .maximumExpectedValue(Duration.ofSeconds(30))
                .register(registry);
        publishDelay = Timer.builder("outbox.relay.publish.delay")
                .description("Per batch: from the commit of its oldest event until the broker confirmed the batch")
                .publishPercentileHistogram()
                .minimumExpectedValue(Duration.ofMillis(1))
                .maximumExpectedValue(Duration.ofMinutes(10))
                .register(registry);
        Gauge.builder("outbox.relay.lag", this, metrics -> metrics.secondsSince(metrics.newestPublishedCommit))
                .baseUnit("seconds")
                .description("Now minus the commit time of the newest event published (grows while the outbox is idle)")
                .register(registry);
        Gauge.builder("outbox.relay.behind.source", this, RelayMetrics::behindSourceSeconds)
                .baseUnit("seconds")
                .description("CDC: Debezium's MilliSecondsBehindSource (binlog event time to processing), in seconds")
                .register(registry);
        Gauge.builder("outbox.relay.since.last.activity", this, metrics -> metrics.secondsSince(metrics.lastActivity))
                .baseUnit("seconds")
                .description(
                        "Since the relay last received an event or a heartbeat (CDC) or polled successfully (polling)")
                .register(registry);
        Gauge.builder("outbox.relay.lease.held", this, metrics -> metrics.leaseHeld ? 1 : 0)
                .description("1 while this relay holds its name's lease (is the active one)")
                .register(registry);
        for (State each : State.values()) {
            Gauge.builder("outbox.relay.state", this, metrics -> metrics.state() == each ? 1 : 0)
                    .tag("state", each.name().toLowerCase(Locale.ROOT))
                    .description("1 for the state the relay is in")
                    .register(registry);
        }
    }

    private Counter counter(String name, String description) {
        return Counter.builder(name).description(description).register(registry);
    }

    /** Registers the gauge of messages published and not yet confirmed. */
    public void inFlight(Supplier<Number> unconfirmedNow) {
        Gauge.builder("outbox.relay.messages.in.flight", unconfirmedNow)
                .description("Messages published and not yet confirmed")
                .register(registry);
    }

    public void attempt(int messages, int confirmedCount, int nackedCount, int returnedCount, Duration latency) {
        published.increment(messages);
        confirmed.increment(confirmedCount);
        nacked.increment(nackedCount);
        returned.increment(returnedCount);
        confirmLatency.record(latency);
    }

    public void notConfirmed(int messages) {
        unconfirmed.increment(messages);
    }

    public void retrying(int messages) {
        retried.increment(messages);
    }

    public void unrouted(int messages) {
        unrouted.increment(messages);
    }

    /** A whole batch confirmed, its events committed from {@code oldestCommit} to {@code newestCommit}. */
    public void batchConfirmed(int messages, Instant oldestCommit, Instant newestCommit) {
        batchSize.record(messages);
        publishDelay.record(Duration.between(oldestCommit, clock.instant()));
        if (newestPublishedCommit == null || newestCommit.isAfter(newestPublishedCommit)) {
            newestPublishedCommit = newestCommit;
        }
    }

    public void offsetCommitted() {
        offsetCommits.increment();
    }

    /** The relay received something (events, a heartbeat, a successful poll). */
    public void active() {
        lastActivity = clock.instant();
    }

    public void state(State state) {
        this.state = state;
    }

    public void leaseHeld(boolean held) {
        this.leaseHeld = held;
    }

    public boolean leaseHeld() {
        return leaseHeld;
    }

    /** The state, with Debezium's own snapshot flag telling snapshotting from streaming. */
    public State state() {
        State current = state;
        if (current == State.STREAMING
                && EngineMBeans.snapshot("SnapshotRunning").orElse(false) instanceof Boolean running
                && running) {
            return State.SNAPSHOTTING;
        }
        return current;
    }

    private double secondsSince(@Nullable Instant instant) {
        return instant == null
                ? Double.NaN
                : Duration.between(instant, clock.instant()).toMillis() / 1000.0;
    }

    private double behindSourceSeconds() {
        return EngineMBeans.streaming("MilliSecondsBehindSource").orElse(null) instanceof Number millis
                        && millis.longValue() >= 0
                ? millis.longValue() / 1000.0
                : Double.NaN;
    }

    /**
     * What the relay does once it has started: streaming (its binlog reader connected), snapshotting,
     * standing by behind another relay's lease, or polling (a poll succeeded); empty while starting.
     */
    public Optional<String> started() {
        return switch (state()) {
            case STANDBY -> Optional.of("standby (another relay holds the lease)");
            case SNAPSHOTTING -> Optional.of("snapshotting the outbox table");
            case STREAMING ->
                EngineMBeans.streaming("Connected").orElse(false) instanceof Boolean connected && connected
                        ? Optional.of("streaming the binlog")
                        : Optional.empty();
            case POLLING -> lastActivity != null ? Optional.of("polling the outbox table") : Optional.empty();
            default -> Optional.empty();
        };
    }

    /** When the relay last received events, a heartbeat or a successful poll; null before the first. */
    public @Nullable Instant lastActivity() {
        return lastActivity;
    }
}
