package dev.outboxcdc.tools.load;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import org.HdrHistogram.Recorder;

/**
 * Sends {@code POST /customers} with a unique email per request over keep-alive connections, one
 * per sender, and with {@code updateRatio} > 0 mixes in {@code PATCH /customers/{id}} of customers
 * this run created (a random one each time, so updates of one customer interleave with the others').
 * Open loop measures latency from the moment a request was due, not when it was sent, so a slow
 * server cannot hide its queueing (coordinated omission). One run per instance.
 */
public final class LoadGenerator {
    private final LoadOptions options;
    private final Recorder latency = new Recorder(3);
    private final PerSecondSeries series = new PerSecondSeries();
    private final org.HdrHistogram.Histogram total = new org.HdrHistogram.Histogram(3);
    private final AtomicLong sequence = new AtomicLong();
    private final LongAdder ok = new LongAdder();
    private final LongAdder updated = new LongAdder();
    private final LongAdder clientErrors = new LongAdder();
    private final LongAdder serverErrors = new LongAdder();
    private final LongAdder transportErrors = new LongAdder();
    private final LongAdder failed = new LongAdder();
    private final Map<Integer, LongAdder> statuses = new ConcurrentHashMap<>();
    private final Map<Integer, Long> lastAnsweredNanos = new ConcurrentHashMap<>();
    private final Map<Long, RequestTiming> answered = new ConcurrentHashMap<>();
    private final CreatedCustomers createdCustomers = new CreatedCustomers();
    private final long nanosAtStart = System.nanoTime();
    private final long epochMicrosAtStart = epochMicrosNow();

    public LoadGenerator(LoadOptions options) {
        this.options = options;
    }

    public long sent() {
        return sequence.get();
    }

    /** Requests that succeeded: creates answered 201 and updates answered 200. */
    public long ok() {
        return ok.sum();
    }

    /** Creates answered 201. */
    public long created() {
        return answered.size();
    }

    /** Answered, but not with success, or not answered at all. */
    public long errors() {
        return failed.sum();
    }

    /** Called once a second by the progress printer: closes the current second of the series. */
    public long tick() {
        return series.tick(new PerSecondSeries.Totals(
                ok.sum(),
                answered.size(),
                updated.sum(),
                clientErrors.sum(),
                serverErrors.sum(),
                transportErrors.sum()));
    }

    public LoadResult run() throws InterruptedException {
        long started = System.nanoTime();
        long deadline = started + options.duration().toNanos();
        if (options.rate() > 0) {
            openLoop(started, deadline);
        } else {
            closedLoop(deadline);
        }
        Duration elapsed = Duration.ofNanos(System.nanoTime() - started);
        synchronized (total) {
            total.add(latency.getIntervalHistogram());
        }
        Map<Integer, Long> counts = new TreeMap<>();
        statuses.forEach((status, count) -> counts.put(status, count.sum()));
        Map<Integer, Duration> lastAnswered = new TreeMap<>();
        lastAnsweredNanos.forEach((status, nanos) -> lastAnswered.put(status, Duration.ofNanos(nanos)));
        return new LoadResult(
                sequence.get(),
                ok.sum(),
                counts,
                transportErrors.sum(),
                total.copy(),
                elapsed,
                series.okPerSecond(),
                series.requestsPerSecond(),
                Map.copyOf(answered),
                updated.sum(),
                lastAnswered);
    }

    private void closedLoop(long deadline) throws InterruptedException {
        List<Thread> users = new ArrayList<>();
        for (int i = 0; i < options.concurrency(); i++) {
            URI api = options.baseUrlFor(i);
            Thread user = new Thread(
                    () -> {
                        try (Http11Connection connection = new Http11Connection(api)) {
                            long n;
                            while (System.nanoTime() < deadline && (n = claim()) > 0) {
                                send(connection, n, System.nanoTime());
                            }
                        }
                    },
                    "virtual-user-" + i);
            user.start();
            users.add(user);
        }
        for (Thread user : users) {
            user.join();
        }
    }

    /**
     * A scheduler puts each request's due time on a queue; {@code concurrency} senders take them.
     * When every sender is busy the queue grows, and so does the measured latency, as it should.
     */
    private void openLoop(long started, long deadline) throws InterruptedException {
        BlockingQueue<long[]> due = new LinkedBlockingQueue<>();
        List<Thread> senders = new ArrayList<>();
        for (int i = 0; i < options.concurrency(); i++) {
            URI api = options.baseUrlFor(i);
            Thread sender = new Thread(
                    () -> {
                        try (Http11Connection connection = new Http11Connection(api)) {
                            for (long[] request = due.take(); request[0] > 0; request = due.take()) {
                                send(connection, request[0], request[1]);
                            }
                        } catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                        }
                    },
                    "sender-" + i);
            sender.start();
            senders.add(sender);
        }
        double intervalNanos = 1_000_000_000.0 / options.rate();
        for (long i = 0; ; i++) {
            long dueAt = started + (long) (i * intervalNanos);
            long n = dueAt < deadline ? claim() : -1;
            if (n < 0) {
                break;
            }
            long wait = dueAt - System.nanoTime();
            if (wait > 0) {
                TimeUnit.NANOSECONDS.sleep(wait);
            }
            due.add(new long[] {n, dueAt});
        }
        senders.forEach(sender -> due.add(new long[] {-1, 0}));
        for (Thread sender : senders) {
            sender.join();
        }
    }

    private void send(Http11Connection connection, long n, long startNanos) {
        String customer =
                options.updateRatio() > 0 && ThreadLocalRandom.current().nextDouble() < options.updateRatio()
                        ? createdCustomers.any()
                        : null;
        try {
            if (customer == null) {
                Http11Connection.Response response = connection.send("POST", "/customers", createBody(n));
                recordCreate(response, n, startNanos);
            } else {
                Http11Connection.Response response = connection.send("PATCH", customer, updateBody(n));
                record(response.status(), response.status() == 200, startNanos);
                if (response.status() == 200) {
                    updated.increment();
                }
            }
        } catch (java.io.IOException | RuntimeException e) {
            transportError(startNanos);
        }
    }

    /** The next request number, or -1 once the request cap is reached. */
    private long claim() {
        long n = sequence.incrementAndGet();
        if (options.maxRequests() > 0 && n > options.maxRequests()) {
            sequence.decrementAndGet();
            return -1;
        }
        return n;
    }

    private byte[] createBody(long n) {
        String email = options.runId() + "-" + n + "@loadtest.example.com";
        return ("{\"email\":\"" + email + "\",\"name\":\"Load Test " + n + "\"}").getBytes(StandardCharsets.UTF_8);
    }

    /** Only the name changes: the email keeps the run id the verification finds the customer by. */
    private byte[] updateBody(long n) {
        return ("{\"name\":\"Load Test update " + n + "\"}").getBytes(StandardCharsets.UTF_8);
    }

    private void recordCreate(Http11Connection.Response response, long n, long startNanos) {
        long answeredNanos = record(response.status(), response.status() == 201, startNanos);
        if (response.status() == 201) {
            answered.put(n, new RequestTiming(epochMicros(startNanos), epochMicros(answeredNanos)));
            if (options.updateRatio() > 0 && response.location() != null) {
                createdCustomers.add(response.location());
            }
        }
    }

    /** Records the answer's latency and status; returns when it came. */
    private long record(int status, boolean success, long startNanos) {
        long answeredNanos = System.nanoTime();
        recordLatency(answeredNanos - startNanos);
        statuses.computeIfAbsent(status, key -> new LongAdder()).increment();
        lastAnsweredNanos.merge(status, answeredNanos - nanosAtStart, Math::max);
        if (success) {
            ok.increment();
        } else {
            failed.increment();
            (status >= 500 ? serverErrors : clientErrors).increment();
        }
        return answeredNanos;
    }

    /** Wall-clock time of a {@code nanoTime} reading: comparable with the database's timestamps on this host. */
    private long epochMicros(long nanos) {
        return epochMicrosAtStart + (nanos - nanosAtStart) / 1_000;
    }

    private static long epochMicrosNow() {
        java.time.Instant now = java.time.Instant.now();
        return now.getEpochSecond() * 1_000_000 + now.getNano() / 1_000;
    }

    private void recordLatency(long nanos) {
        long micros = Math.max(1, nanos / 1_000);
        latency.recordValue(micros);
        series.recordLatency(micros);
    }

    private void transportError(long startNanos) {
        recordLatency(System.nanoTime() - startNanos);
        transportErrors.increment();
        failed.increment();
    }
}
