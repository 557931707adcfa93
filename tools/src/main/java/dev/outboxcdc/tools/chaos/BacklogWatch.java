package dev.outboxcdc.tools.chaos;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * Samples a scenario's backlog (requests answered 201 whose event is not handled yet) every 100 ms
 * on a thread of its own, from before the fault until the run has drained. The recovery ends where
 * the backlog was over its limit for the last time: a single look after the fault could come before
 * the backlog built up (a standby taking over, a database the api could not write to) and see a
 * pipeline that had not yet fallen behind. A sample that cannot be taken (the database is down)
 * counts as over the limit.
 */
final class BacklogWatch implements AutoCloseable {
    private static final Duration EVERY = Duration.ofMillis(100);

    interface Backlog {
        long now() throws Exception;
    }

    record Sample(Instant at, boolean over) {}

    private final List<Sample> samples = new ArrayList<>();
    private final ScheduledExecutorService sampler = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "chaos-backlog-watch");
        thread.setDaemon(true);
        return thread;
    });

    private final Backlog backlog;
    private final long limit;

    private BacklogWatch(Backlog backlog, long limit) {
        this.backlog = backlog;
        this.limit = limit;
        ScheduledFuture<?> unused =
                sampler.scheduleWithFixedDelay(this::record, 0, EVERY.toMillis(), TimeUnit.MILLISECONDS);
    }

    static BacklogWatch start(Backlog backlog, long limit) {
        return new BacklogWatch(backlog, limit);
    }

    private void record() {
        boolean over;
        try {
            over = backlog.now() > limit;
        } catch (Exception e) {
            over = true;
        }
        synchronized (samples) {
            samples.add(new Sample(Instant.now(), over));
        }
    }

    /**
     * The first sample at or after {@code from} that the backlog stayed within its limit from on;
     * empty if it is over it now. Ends the sampling with a last sample of its own: the latest one may
     * be up to 100 ms old, from before a backlog that just drained, or from before {@code from}.
     */
    Optional<Instant> settledSince(Instant from) throws InterruptedException {
        sampler.shutdownNow();
        sampler.awaitTermination(10, TimeUnit.SECONDS);
        record();
        synchronized (samples) {
            return settledSince(samples, from);
        }
    }

    static Optional<Instant> settledSince(List<Sample> samples, Instant from) {
        Optional<Instant> settled = Optional.empty();
        for (Sample sample : samples) {
            if (sample.over()) {
                settled = Optional.empty();
            } else if (settled.isEmpty() && !sample.at().isBefore(from)) {
                settled = Optional.of(sample.at());
            }
        }
        return settled;
    }

    @Override
    public void close() {
        sampler.shutdownNow();
    }
}
