package dev.outboxcdc.ctl.parked;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.GetResponse;
import dev.outboxcdc.contract.events.MessageHeaders;
import dev.outboxcdc.ctl.Broker;
import dev.outboxcdc.ctl.CtlConfig;
import dev.outboxcdc.ctl.guard.ReplayGuard;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;

/**
 * The worker's parking lot ({@code <WORKER_QUEUE>.parking-lot}) as an operator works with it, for
 * outboxctl and its console alike. A RabbitMQ queue cannot be browsed: a listing takes the messages
 * without acknowledging them and gives them all back, in place, when it ends. A requeue acknowledges
 * a message only once its copy was confirmed and routed to the work queue (or its partition), so an
 * interrupted one loses nothing; and while one session holds a message no other sees it, so two
 * requeues at once move each message once. A requeue moves each message id once: a copy that fails
 * again and is parked anew while it runs stays parked.
 */
public final class ParkingLot {
    /** How many moves a requeue reports progress after. */
    public static final int PROGRESS_EVERY = 500;

    private final CtlConfig config;
    private final Broker broker;

    public ParkingLot(CtlConfig config, Broker broker) {
        this.config = config;
        this.broker = broker;
    }

    /** Which parked messages: every field given must match; none given matches all. */
    public record Filter(
            Optional<String> type,
            Optional<String> errorContains,
            Optional<String> aggregateId,
            Optional<Duration> olderThan) {
        public static final Filter ALL =
                new Filter(Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty());

        boolean matches(ParkedMessage message, Instant now) {
            return type.map(wanted -> wanted.equals(message.type())).orElse(true)
                    && errorContains
                            .map(text -> message.lastError()
                                    .toLowerCase(Locale.ROOT)
                                    .contains(text.toLowerCase(Locale.ROOT)))
                            .orElse(true)
                    && aggregateId
                            .map(id -> id.equals(message.aggregateId().orElse(null)))
                            .orElse(true)
                    && olderThan
                            .map(age -> message.createdAt()
                                    .map(at -> at.isBefore(now.minus(age)))
                                    .orElse(true))
                            .orElse(true);
        }

        /** e.g. {@code type=CustomerUpdated error~"no such customer"}, or {@code all}. */
        public String describe() {
            List<String> parts = new ArrayList<>();
            type.ifPresent(value -> parts.add("type=" + value));
            errorContains.ifPresent(value -> parts.add("error~\"" + value + "\""));
            aggregateId.ifPresent(value -> parts.add("aggregate=" + value));
            olderThan.ifPresent(value -> parts.add("older-than=" + value.toMinutes() + "m"));
            return parts.isEmpty() ? "all" : String.join(" ", parts);
        }
    }

    /** Which messages to requeue: these ids, or (none given) those the filter matches. */
    public record Selection(Set<String> ids, Filter filter) {
        public Selection {
            ids = Set.copyOf(ids);
        }

        boolean matches(ParkedMessage message, Instant now) {
            return ids.isEmpty() ? filter.matches(message, now) : ids.contains(message.id());
        }

        public String describe() {
            return ids.isEmpty()
                    ? filter.describe()
                    : "ids " + String.join(",", ids.stream().sorted().toList());
        }
    }

    /** A parked message as shown: the worker's retry bookkeeping, its headers and its body as text. */
    public record ParkedMessage(
            String id,
            String type,
            Optional<String> aggregateId,
            Optional<Instant> createdAt,
            String attempt,
            String waits,
            String lastError,
            String routingKey,
            Map<String, String> headers,
            String body) {
        static ParkedMessage of(GetResponse message) {
            AMQP.BasicProperties properties = message.getProps();
            Map<String, Object> raw = properties.getHeaders() == null ? Map.of() : properties.getHeaders();
            Map<String, String> headers = new LinkedHashMap<>();
            raw.forEach((name, value) -> headers.put(name, String.valueOf(value)));
            return new ParkedMessage(
                    String.valueOf(properties.getMessageId()),
                    String.valueOf(properties.getType()),
                    Optional.ofNullable(headers.get(MessageHeaders.AGGREGATE_ID)),
                    MessageHeaders.createdAt(raw),
                    headers.getOrDefault(MessageHeaders.ATTEMPT, "-"),
                    headers.getOrDefault(MessageHeaders.WAITS, "-"),
                    headers.getOrDefault(MessageHeaders.LAST_ERROR, ""),
                    message.getEnvelope().getRoutingKey(),
                    headers,
                    new String(message.getBody(), StandardCharsets.UTF_8));
        }
    }

    /** A page of a listing: how many are parked, how many match, and the page's messages. */
    public record Listing(long depth, long matched, List<ParkedMessage> page) {}

    /** What a requeue would move (a dry run), or did. */
    public record Requeue(
            long matched, long moved, long outsideWindow, List<String> ids, boolean stopped, Optional<String> failure) {
        /** Whether the guard refuses it: some matched messages are outside the dedup window. */
        public boolean refusedBy(boolean force) {
            return outsideWindow > 0 && !force;
        }
    }

    public String queue() {
        return config.parkingLot();
    }

    /** The messages the filter matches, {@code limit} from the {@code offset}-th on; every one stays parked. */
    public Listing list(Filter filter, int offset, int limit, Instant now) throws IOException, InterruptedException {
        List<ParkedMessage> page = new ArrayList<>();
        long[] matched = {0};
        long parked = scan(taken -> {
            ParkedMessage message = ParkedMessage.of(taken);
            if (filter.matches(message, now)) {
                if (matched[0] >= offset && page.size() < limit) {
                    page.add(message);
                }
                matched[0]++;
            }
            return true;
        });
        return new Listing(parked, matched[0], page);
    }

    public Optional<ParkedMessage> show(String id) throws IOException, InterruptedException {
        List<ParkedMessage> found = new ArrayList<>();
        scan(taken -> {
            if (id.equals(taken.getProps().getMessageId())) {
                found.add(ParkedMessage.of(taken));
                return false;
            }
            return true;
        });
        return found.stream().findFirst();
    }

    /** What {@link #requeue} would move now, and how many of those the guard would refuse; nothing moves. */
    public Requeue plan(Selection selection, ReplayGuard guard, Instant now) throws IOException, InterruptedException {
        List<String> ids = new ArrayList<>();
        long[] outside = {0};
        scan(taken -> {
            ParkedMessage message = ParkedMessage.of(taken);
            if (selection.matches(message, now)) {
                ids.add(message.id());
                if (guard.outsideWindow(message.createdAt(), now)) {
                    outside[0]++;
                }
            }
            return true;
        });
        return new Requeue(ids.size(), 0, outside[0], ids, false, Optional.empty());
    }

    /**
     * Moves the selected messages back to the work queue, attempt count reset, each acknowledged here
     * only once its copy was confirmed there. First takes every parked message (holding them, so that
     * no other session moves them meanwhile) and checks the selected ones against the guard: if it
     * refuses one and {@code force} is off, gives all back and moves nothing. Stops between two
     * messages once {@code stop} says so; reports every {@value #PROGRESS_EVERY} moves.
     */
    public Requeue requeue(
            Selection selection,
            ReplayGuard guard,
            boolean force,
            Instant now,
            BooleanSupplier stop,
            Consumer<Requeue> progress)
            throws IOException, InterruptedException {
        List<GetResponse> selected = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        long[] outside = {0};
        List<String> moved = new ArrayList<>();
        boolean[] stopped = {false};
        List<String> failure = new ArrayList<>();
        String exchange = config.subscriber().requeueExchange();
        if (!broker.exchangeExists(exchange)) {
            return new Requeue(
                    0,
                    0,
                    0,
                    List.of(),
                    false,
                    Optional.of("the exchange " + exchange + " that puts"
                            + " messages back in line does not exist: the messages stay parked; start the worker (of this"
                            + " version), which declares it"));
        }
        scan(
                taken -> {
                    ParkedMessage message = ParkedMessage.of(taken);
                    // the same id twice: a copy parked again while an earlier requeue ran; one move is enough
                    if (selection.matches(message, now) && seen.add(message.id())) {
                        selected.add(taken);
                        if (guard.outsideWindow(message.createdAt(), now)) {
                            outside[0]++;
                        }
                    }
                    return true;
                },
                () -> {
                    if (outside[0] > 0 && !force) {
                        return;
                    }
                    for (GetResponse taken : selected) {
                        if (stop.getAsBoolean()) {
                            stopped[0] = true;
                            return;
                        }
                        if (!broker.publishConfirmed(
                                config.subscriber().requeueExchange(),
                                config.subscriber().requeueRoutingKey(),
                                withAttemptsReset(taken.getProps()),
                                taken.getBody())) {
                            failure.add("the work queue " + config.workQueue() + " does not exist (the broker"
                                    + " returned the copy): the messages not requeued yet stay parked; start the"
                                    + " worker, which declares it");
                            return;
                        }
                        broker.ack(taken);
                        moved.add(taken.getProps().getMessageId());
                        if (moved.size() % PROGRESS_EVERY == 0) {
                            progress.accept(new Requeue(
                                    selected.size(), moved.size(), outside[0], List.of(), false, Optional.empty()));
                        }
                    }
                });
        return new Requeue(
                selected.size(),
                moved.size(),
                outside[0],
                moved,
                stopped[0],
                failure.stream().findFirst());
    }

    /** Looks at a message taken (not acknowledged) from the parking lot; false ends the scan. */
    private interface Visitor {
        boolean visit(GetResponse taken) throws IOException, InterruptedException;
    }

    /** What to do with the messages taken, before the rest are given back. */
    private interface Finish {
        void run() throws IOException, InterruptedException;
    }

    private long scan(Visitor visitor) throws IOException, InterruptedException {
        return scan(visitor, () -> {});
    }

    /**
     * Takes the parked messages one at a time, until none is left ready or the visitor says stop,
     * holding each (not acknowledged); runs {@code finish}; then gives back every one not
     * acknowledged on the way, however it ends. Returns how many it took.
     */
    private long scan(Visitor visitor, Finish finish) throws IOException, InterruptedException {
        long taken = 0;
        try {
            for (Optional<GetResponse> next = broker.next(queue()); next.isPresent(); next = broker.next(queue())) {
                taken++;
                if (!visitor.visit(next.get())) {
                    break;
                }
            }
            finish.run();
        } finally {
            broker.releaseAll();
        }
        return taken;
    }

    /** The parked message's properties without the worker's retry bookkeeping: the worker starts over at attempt 1. */
    static AMQP.BasicProperties withAttemptsReset(AMQP.BasicProperties properties) {
        Map<String, Object> headers =
                new HashMap<>(properties.getHeaders() == null ? Map.of() : properties.getHeaders());
        headers.remove(MessageHeaders.ATTEMPT);
        headers.remove(MessageHeaders.WAITS);
        headers.remove(MessageHeaders.LAST_ERROR);
        return properties.builder().headers(headers).build();
    }
}
