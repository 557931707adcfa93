package dev.outboxcdc.loadtest.report;

import dev.outboxcdc.loadtest.load.LoadResult;
import dev.outboxcdc.loadtest.verify.PipelineVerifier.EndToEnd;
import dev.outboxcdc.loadtest.verify.PipelineVerifier.Verification;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.HdrHistogram.Histogram;

/** The numbers of one run, as printed and as written to report.json. */
public record Report(String runId, String mode, int targetRate, int concurrency, double seconds,
                     long sent, long ok, long failed, Map<Integer, Long> statuses, long transportErrors,
                     double achievedRate, Percentiles httpMillis, Percentiles endToEndMillis,
                     Percentiles requestToHandledMillis,
                     double pipelineEventsPerSecond, long created, long handled, long lost, long duplicateDeliveries,
                     long duplicateEffects, boolean passed, List<Long> okPerSecond, List<SecondOfEvents> eventsPerSecond) {

    /** p50/p90/p99/max in milliseconds. */
    public record Percentiles(double p50, double p90, double p99, double max) {
        static Percentiles ofMicros(Histogram histogram) {
            return new Percentiles(histogram.getValueAtPercentile(50) / 1000.0,
                    histogram.getValueAtPercentile(90) / 1000.0, histogram.getValueAtPercentile(99) / 1000.0,
                    histogram.getMaxValue() / 1000.0);
        }
    }

    /** Events committed to the outbox in one second of the run, and their end-to-end latency. */
    public record SecondOfEvents(long second, long events, double p50Millis, double p99Millis) {
    }

    /**
     * @param handledEpochMicros when the worker committed each created customer's effect, by request number
     */
    public static Report of(String runId, int rate, int concurrency, LoadResult load, Verification verification,
                            Map<Long, Long> handledEpochMicros) {
        Histogram committedToHandled = new Histogram(3);
        Histogram requestToHandled = new Histogram(3);
        load.created().forEach((n, timing) -> {
            Long handled = handledEpochMicros.get(n);
            if (handled != null) {
                // The 201 can arrive after the worker already committed: that event waited 0 for the pipeline.
                committedToHandled.recordValue(Math.max(1, handled - timing.answeredEpochMicros()));
                requestToHandled.recordValue(Math.max(1, handled - timing.sentEpochMicros()));
            }
        });
        return new Report(runId, rate > 0 ? "open loop" : "closed loop", rate, concurrency,
                load.elapsed().toMillis() / 1000.0, load.sent(), load.ok(), load.failed(), load.statuses(),
                load.transportErrors(), load.achievedRate(), Percentiles.ofMicros(load.latencyMicros()),
                Percentiles.ofMicros(committedToHandled), Percentiles.ofMicros(requestToHandled),
                throughput(verification.endToEnd()), verification.created(),
                verification.handled(), verification.lost(), verification.duplicateDeliveries(),
                verification.duplicateEffects(),
                failureReasons(load.sent(), load.ok(), load.failed() + load.transportErrors(), verification.created(),
                        verification.lost(), verification.duplicateEffects()).isEmpty(),
                load.okPerSecond(), perSecond(verification.endToEnd()));
    }

    /** Why this run failed ({@link #failureReasons}), or "nothing lost, no effect twice". */
    public String verdict() {
        return passed ? "nothing lost, no effect twice"
                : String.join("; ", failureReasons(sent, ok, failed + transportErrors, created, lost, duplicateEffects));
    }

    /**
     * Why a run with no fault injected fails, empty when it passes: it must create events, answer
     * every request with success, have one event per success, lose none and apply none twice.
     */
    static List<String> failureReasons(long sent, long ok, long failedRequests, long created, long lost, long duplicateEffects) {
        List<String> reasons = new ArrayList<>();
        if (created == 0) {
            reasons.add("no event was created");
        }
        if (failedRequests > 0) {
            reasons.add(failedRequests + " of " + sent + " requests failed");
        }
        if (created > ok) {
            reasons.add((created - ok) + " ambiguous commits (committed, but the request failed)");
        }
        if (ok > created) {
            reasons.add((ok - created) + " requests answered 201 without their customer");
        }
        if (lost > 0) {
            reasons.add(lost + " events lost");
        }
        if (duplicateEffects > 0) {
            reasons.add(duplicateEffects + " effects applied twice");
        }
        return reasons;
    }

    /** Events handled per second, from the first outbox commit to the last worker commit. */
    private static double throughput(List<EndToEnd> events) {
        if (events.isEmpty()) {
            return 0;
        }
        Instant first = events.stream().map(EndToEnd::committed).min(Instant::compareTo).orElseThrow();
        Instant last = events.stream().map(event -> event.committed().plus(event.latency())).max(Instant::compareTo).orElseThrow();
        return events.size() / Math.max(Duration.between(first, last).toMillis() / 1000.0, 0.001);
    }

    private static List<SecondOfEvents> perSecond(List<EndToEnd> events) {
        if (events.isEmpty()) {
            return List.of();
        }
        Instant start = events.stream().map(EndToEnd::committed).min(Instant::compareTo).orElseThrow();
        Map<Long, Histogram> buckets = new TreeMap<>();
        for (EndToEnd event : events) {
            long second = Duration.between(start, event.committed()).toSeconds();
            buckets.computeIfAbsent(second, key -> new Histogram(3)).recordValue(Math.max(1, event.latency().toNanos() / 1_000));
        }
        List<SecondOfEvents> series = new ArrayList<>();
        buckets.forEach((second, histogram) -> series.add(new SecondOfEvents(second, histogram.getTotalCount(),
                histogram.getValueAtPercentile(50) / 1000.0, histogram.getValueAtPercentile(99) / 1000.0)));
        return series;
    }

    /** The human-readable summary printed at the end of a run. */
    public String summary() {
        return String.format("""
                run %s: %s, target %s req/s, concurrency %d, %.1f s
                  HTTP     sent %d, ok %d, failed %d %s, transport errors %d, achieved %.0f req/s
                  HTTP latency ms      p50 %.1f  p90 %.1f  p99 %.1f  max %.1f
                  committed->handled   p50 %.1f  p90 %.1f  p99 %.1f  max %.1f ms  (201 received -> worker commit)
                  request->handled     p50 %.1f  p90 %.1f  p99 %.1f  max %.1f ms  (request due -> worker commit)
                  pipeline             %.0f events/s handled
                  verification         created %d, handled %d, lost %d, duplicate deliveries %d, duplicate effects %d -> %s: %s""",
                runId, mode, targetRate > 0 ? Integer.toString(targetRate) : "max", concurrency, seconds,
                sent, ok, failed, statuses, transportErrors, achievedRate,
                httpMillis.p50(), httpMillis.p90(), httpMillis.p99(), httpMillis.max(),
                endToEndMillis.p50(), endToEndMillis.p90(), endToEndMillis.p99(), endToEndMillis.max(),
                requestToHandledMillis.p50(), requestToHandledMillis.p90(), requestToHandledMillis.p99(),
                requestToHandledMillis.max(),
                pipelineEventsPerSecond, created, handled, lost, duplicateDeliveries, duplicateEffects,
                passed ? "PASSED" : "FAILED", verdict());
    }
}
