package dev.outboxcdc.tools.chaos;

import dev.outboxcdc.harness.MetricsScrape;
import dev.outboxcdc.harness.ServiceProcess;
import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/** Reads a running service from outside, through its metrics and its log, to see work in flight and what a fault did. */
final class ServiceProbe {
    static final String RELAY_IN_FLIGHT = "outbox_relay_messages_in_flight";
    static final String WORKER_UNACKED = "outbox_worker_deliveries_unacked";
    static final String RELAY_WORST_DELAY = "outbox_relay_publish_delay_seconds_max";
    private static final Duration SCRAPE_FOR = Duration.ofSeconds(10);

    private ServiceProbe() {}

    /**
     * Scrapes {@code gauge} until it is above zero (at most 10 s), for a fault to strike while work
     * is in flight; returns the last value read, 0 if it never rose.
     */
    static double awaitInFlight(ServiceProcess service, String gauge) throws IOException, InterruptedException {
        URI metrics = metricsOf(service);
        long deadline = System.nanoTime() + SCRAPE_FOR.toNanos();
        double value = 0;
        while (value <= 0 && System.nanoTime() < deadline) {
            value = MetricsScrape.of(metrics).sum(gauge);
        }
        return value;
    }

    static MetricsScrape scrape(ServiceProcess service) throws IOException, InterruptedException {
        return MetricsScrape.of(metricsOf(service));
    }

    /**
     * Runs a wait of this class on a thread of its own, so that a scenario can return once its fault
     * is done and the recovery is measured from then, while the wait goes on; the proof joins it.
     */
    static <T> CompletableFuture<T> inBackground(Callable<T> wait) {
        // A thread of its own: the common pool has one thread on two cores, and the load generator holds it.
        CompletableFuture<T> result = new CompletableFuture<>();
        Thread thread = new Thread(
                () -> {
                    try {
                        result.complete(wait.call());
                    } catch (Exception e) {
                        result.completeExceptionally(e);
                    }
                },
                "chaos-probe");
        thread.setDaemon(true);
        thread.start();
        return result;
    }

    private static URI metricsOf(ServiceProcess service) throws IOException {
        return service.metricsUrl().orElseThrow(() -> new IllegalStateException("the service logged no metrics URL"));
    }

    /** Waits (at most {@code timeout}) until the service's log holds {@code line} after its first {@code from} characters. */
    static boolean awaitLog(ServiceProcess service, int from, String line, Duration timeout)
            throws IOException, InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (logSince(service, from).contains(line)) {
                return true;
            }
            TimeUnit.MILLISECONDS.sleep(20);
        }
        return false;
    }

    static String logSince(ServiceProcess service, int from) throws IOException {
        String output = service.output();
        return output.length() > from ? output.substring(from) : "";
    }

    static int logLength(ServiceProcess service) throws IOException {
        return service.output().length();
    }
}
