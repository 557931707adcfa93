package dev.outboxcdc.ctl.console;

import dev.outboxcdc.ctl.Broker;
import dev.outboxcdc.ctl.CtlConfig;
import dev.outboxcdc.ctl.status.RelayStatus;
import dev.outboxcdc.support.metrics.Readiness;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.jdbi.v3.core.Jdbi;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the console's overview shows, sampled every {@link #PERIOD} on a thread of its own: the
 * relay as the database sees it, the depth of each queue and how fast it changes, and each
 * service's readiness. A source that fails keeps its last good reading, marked stale with the
 * error, so that the page says which one is down and what was last known of it.
 */
final class Overview implements AutoCloseable {
    static final Duration PERIOD = Duration.ofSeconds(2);
    /** Five minutes of samples, for the depth chart. */
    private static final int HISTORY = 150;

    private static final Logger log = LoggerFactory.getLogger(Overview.class);

    /** A source's last good value, when it was read, and the error of the latest attempt if that failed. */
    record Reading<T>(Optional<T> value, Optional<Instant> at, Optional<String> error) {
        static <T> Reading<T> none() {
            return new Reading<>(Optional.empty(), Optional.empty(), Optional.of("not read yet"));
        }

        public boolean stale() {
            return error.isPresent();
        }

        Reading<T> fresh(T now, Instant at) {
            return new Reading<>(Optional.of(now), Optional.of(at), Optional.empty());
        }

        Reading<T> failed(String why) {
            return new Reading<>(value, at, Optional.of(why));
        }
    }

    /** A queue's ready messages (empty: not declared) and their change per second since the last sample. */
    record QueueDepth(String queue, Optional<Long> depth, double perSecond) {}

    /**
     * A service's {@code /health/ready}: its HTTP status (0: no answer), its readiness status word
     * ({@code UP}, {@code READ_ONLY}, {@code BLOCKED}, {@code DISK_FULL}, …; {@code NO_ANSWER}) and why.
     */
    record ServiceHealth(String name, String url, int status, String state, String reason) {
        static ServiceHealth answered(String name, URI url, int status, String body) {
            Readiness readiness = Readiness.read(status, body);
            return new ServiceHealth(name, url.toString(), status, readiness.status(), readiness.reason());
        }

        static ServiceHealth unanswered(String name, URI url, String why) {
            return new ServiceHealth(name, url.toString(), 0, "NO_ANSWER", why);
        }
    }

    /** The depths over the last minutes: sample times (epoch seconds), and per queue a depth per sample. */
    record History(List<Long> seconds, Map<String, List<Long>> depths) {}

    record Snapshot(
            Instant at,
            Reading<RelayStatus> relay,
            Reading<List<QueueDepth>> queues,
            List<ServiceHealth> services,
            History history) {}

    private final CtlConfig config;
    private final Jdbi jdbi;
    private final Map<String, URI> services;
    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
    private final ScheduledExecutorService sampler = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "console-overview");
        thread.setDaemon(true);
        return thread;
    });
    private final Deque<Long> seconds = new ArrayDeque<>();
    private final Map<String, Deque<Long>> depths = new LinkedHashMap<>();
    private @Nullable Broker broker;
    private volatile Snapshot latest;

    Overview(CtlConfig config, DataSource database, Map<String, URI> services) {
        this.config = config;
        this.jdbi = Jdbi.create(database);
        this.services = services;
        this.latest = new Snapshot(
                Instant.now(), Reading.none(), Reading.none(), List.of(), new History(List.of(), Map.of()));
    }

    void start() {
        ScheduledFuture<?> unused =
                sampler.scheduleWithFixedDelay(this::sampleLogged, 0, PERIOD.toMillis(), TimeUnit.MILLISECONDS);
    }

    Snapshot latest() {
        return latest;
    }

    private void sampleLogged() {
        try {
            latest = sample(latest);
        } catch (RuntimeException e) {
            // never let one bad sample end the sampler: the page would show a frozen state as current
            log.error("overview sample failed", e);
        }
    }

    private Snapshot sample(Snapshot previous) {
        Instant now = Instant.now();
        Reading<RelayStatus> relay;
        try {
            relay = previous.relay().fresh(RelayStatus.read(config, jdbi), now);
        } catch (RuntimeException e) {
            relay = previous.relay().failed("database: " + e.getMessage());
        }
        Reading<List<QueueDepth>> queues;
        try {
            queues = previous.queues().fresh(depths(previous.queues(), now), now);
        } catch (IOException | RuntimeException | java.util.concurrent.TimeoutException e) {
            closeBroker();
            queues = previous.queues().failed("broker: " + e.getMessage());
        }
        return new Snapshot(now, relay, queues, health(), history());
    }

    private List<QueueDepth> depths(Reading<List<QueueDepth>> previous, Instant now)
            throws IOException, java.util.concurrent.TimeoutException {
        if (broker == null) {
            broker = Broker.connect(config.amqp());
        }
        Map<String, Long> before = new LinkedHashMap<>();
        previous.value()
                .ifPresent(list ->
                        list.forEach(queue -> queue.depth().ifPresent(depth -> before.put(queue.queue(), depth))));
        double elapsed = previous.at()
                .map(at -> Duration.between(at, now).toMillis() / 1000.0)
                .orElse(0.0);
        List<QueueDepth> found = new ArrayList<>();
        for (String queue : config.queues()) {
            OptionalLong depth = broker.depth(queue);
            Optional<Long> value = depth.isPresent() ? Optional.of(depth.getAsLong()) : Optional.empty();
            double perSecond = value.isPresent() && before.containsKey(queue) && elapsed > 0
                    ? (value.get() - before.get(queue)) / elapsed
                    : 0;
            found.add(new QueueDepth(queue, value, perSecond));
        }
        // appended once every queue was read, so that the series stay aligned with the times
        seconds.addLast(now.getEpochSecond());
        found.forEach(queue -> depths.computeIfAbsent(queue.queue(), name -> new ArrayDeque<>())
                .addLast(queue.depth().orElse(0L)));
        while (seconds.size() > HISTORY) {
            seconds.removeFirst();
            depths.values().forEach(Deque::removeFirst);
        }
        return found;
    }

    private History history() {
        Map<String, List<Long>> copy = new LinkedHashMap<>();
        depths.forEach((queue, values) -> copy.put(queue, List.copyOf(values)));
        return new History(List.copyOf(seconds), copy);
    }

    private List<ServiceHealth> health() {
        List<ServiceHealth> found = new ArrayList<>();
        services.forEach((name, base) -> {
            URI url = base.resolve("/health/ready");
            try {
                HttpResponse<String> response = http.send(
                        HttpRequest.newBuilder(url)
                                .timeout(Duration.ofSeconds(1))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
                found.add(ServiceHealth.answered(name, url, response.statusCode(), response.body()));
            } catch (IOException e) {
                found.add(ServiceHealth.unanswered(name, url, "no answer: " + e.getMessage()));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                found.add(ServiceHealth.unanswered(name, url, "interrupted"));
            }
        });
        return found;
    }

    private void closeBroker() {
        if (broker != null) {
            try {
                broker.close();
            } catch (IOException | RuntimeException e) {
                log.debug("closing the overview's broker connection: {}", e.getMessage());
            }
            broker = null;
        }
    }

    @Override
    public void close() {
        sampler.shutdownNow();
        closeBroker();
    }
}
