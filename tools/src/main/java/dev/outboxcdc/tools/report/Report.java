package dev.outboxcdc.tools.report;

import dev.outboxcdc.tools.load.LoadResult;
import dev.outboxcdc.tools.load.SecondOfRequests;
import dev.outboxcdc.tools.verify.PipelineVerifier.EndToEnd;
import dev.outboxcdc.tools.verify.PipelineVerifier.Updates;
import dev.outboxcdc.tools.verify.PipelineVerifier.Verification;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.HistogramIterationValue;

/**
 * The numbers of one run, as printed and as written to report.json.
 *
 * @param ok      creates answered 201 plus updates answered 200
 * @param updated updates answered 200
 * @param updates the read model's verification of the committed updates
 * @param updateCommittedToAppliedMillis an update's outbox commit → the read model's commit of it
 */
public record Report(
        String runId,
        String mode,
        int targetRate,
        int concurrency,
        double updateRatio,
        double seconds,
        long sent,
        long ok,
        long updated,
        long failed,
        Map<Integer, Long> statuses,
        long transportErrors,
        double achievedRate,
        Percentiles httpMillis,
        Percentiles endToEndMillis,
        Percentiles requestToHandledMillis,
        Percentiles updateCommittedToAppliedMillis,
        double pipelineEventsPerSecond,
        long created,
        long handled,
        long lost,
        long duplicateDeliveries,
        long duplicateEffects,
        UpdateCounts updates,
        boolean passed,
        List<Long> okPerSecond,
        List<SecondOfEvents> eventsPerSecond,
        List<SecondOfRequests> requestsPerSecond,
        List<SecondOfBacklog> backlog,
        List<PercentilePoint> httpLatencyDistribution,
        List<PercentilePoint> endToEndDistribution) {

    /** The update figures of {@link Updates}, without the per-event list. */
    public record UpdateCounts(long committed, long applied, long staleReadModel, long outOfOrder) {
        static UpdateCounts of(Updates updates) {
            return new UpdateCounts(
                    updates.committed(), updates.applied(), updates.staleReadModel(), updates.outOfOrder());
        }
    }

    /** p50/p90/p99/max in milliseconds. */
    public record Percentiles(double p50, double p90, double p99, double max) {
        static Percentiles ofMicros(Histogram histogram) {
            return new Percentiles(
                    histogram.getValueAtPercentile(50) / 1000.0,
                    histogram.getValueAtPercentile(90) / 1000.0,
                    histogram.getValueAtPercentile(99) / 1000.0,
                    histogram.getMaxValue() / 1000.0);
        }
    }

    /** Events committed to the outbox in one second of the run, and their end-to-end latency. */
    public record SecondOfEvents(long second, long events, double p50Millis, double p99Millis) {}

    /** A point of a latency distribution: this percentile of the values is at most {@code millis}. */
    public record PercentilePoint(double percentile, double millis) {
        static List<PercentilePoint> of(Histogram micros) {
            List<PercentilePoint> points = new ArrayList<>();
            if (micros.getTotalCount() == 0) {
                return points;
            }
            for (HistogramIterationValue value : micros.percentiles(5)) {
                points.add(
                        new PercentilePoint(value.getPercentileLevelIteratedTo(), value.getValueIteratedTo() / 1000.0));
            }
            return points;
        }
    }

    /**
     * The report of a run.
     *
     * @param handledEpochMicros when the worker committed each created customer's effect, by request number
     */
    public static Report of(
            String runId,
            int rate,
            int concurrency,
            double updateRatio,
            LoadResult load,
            Verification verification,
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
        Histogram updateLatency = new Histogram(3);
        verification
                .updates()
                .endToEnd()
                .forEach(update ->
                        updateLatency.recordValue(Math.max(1, update.latency().toNanos() / 1_000)));
        List<EndToEnd> allEvents = Stream.concat(
                        verification.endToEnd().stream(), verification.updates().endToEnd().stream())
                .toList();
        UpdateCounts updates = UpdateCounts.of(verification.updates());
        return new Report(
                runId,
                rate > 0 ? "open loop" : "closed loop",
                rate,
                concurrency,
                updateRatio,
                load.elapsed().toMillis() / 1000.0,
                load.sent(),
                load.ok(),
                load.updated(),
                load.failed(),
                load.statuses(),
                load.transportErrors(),
                load.achievedRate(),
                Percentiles.ofMicros(load.latencyMicros()),
                Percentiles.ofMicros(committedToHandled),
                Percentiles.ofMicros(requestToHandled),
                Percentiles.ofMicros(updateLatency),
                throughput(allEvents),
                verification.created(),
                verification.handled(),
                verification.lost(),
                verification.duplicateDeliveries(),
                verification.duplicateEffects(),
                updates,
                reasons(
                                load.sent(),
                                load.createdOk(),
                                load.updated(),
                                load.failed() + load.transportErrors(),
                                verification.created(),
                                verification.lost(),
                                verification.duplicateEffects(),
                                updates)
                        .isEmpty(),
                load.okPerSecond(),
                perSecond(allEvents),
                load.requestsPerSecond(),
                backlog(allEvents),
                PercentilePoint.of(load.latencyMicros()),
                PercentilePoint.of(committedToHandled));
    }

    /** Committed but not yet handled, at the end of each second since the first commit. */
    private static List<SecondOfBacklog> backlog(List<EndToEnd> events) {
        return events.stream()
                .map(EndToEnd::committed)
                .min(Instant::compareTo)
                .map(first -> SecondOfBacklog.series(events, first))
                .orElse(List.of());
    }

    /** Why this run failed ({@link #failureReasons}, {@link #updateFailureReasons}), or "nothing lost, no effect twice". */
    public String verdict() {
        return passed
                ? "nothing lost, no effect twice" + (updates.committed() > 0 ? ", every update applied in order" : "")
                : String.join(
                        "; ",
                        reasons(
                                sent,
                                ok - updated,
                                updated,
                                failed + transportErrors,
                                created,
                                lost,
                                duplicateEffects,
                                updates));
    }

    private static List<String> reasons(
            long sent,
            long createdOk,
            long updated,
            long failedRequests,
            long created,
            long lost,
            long duplicateEffects,
            UpdateCounts updates) {
        List<String> reasons =
                new ArrayList<>(failureReasons(sent, createdOk, failedRequests, created, lost, duplicateEffects));
        reasons.addAll(updateFailureReasons(updated, updates));
        return reasons;
    }

    /**
     * Why the updates of a run with no fault injected fail, empty when they pass: one committed
     * version per update answered 200, each taken by the read model, in order, ending at the
     * customer's committed state.
     */
    static List<String> updateFailureReasons(long updated, UpdateCounts updates) {
        List<String> reasons = new ArrayList<>();
        if (updates.committed() > updated) {
            reasons.add((updates.committed() - updated) + " ambiguous updates (committed, but the request failed)");
        }
        if (updated > updates.committed()) {
            reasons.add((updated - updates.committed()) + " updates answered 200 without their version");
        }
        if (updates.committed() > updates.applied()) {
            reasons.add((updates.committed() - updates.applied()) + " updates not applied to the read model");
        }
        if (updates.outOfOrder() > 0) {
            reasons.add(updates.outOfOrder() + " updates applied before their predecessor");
        }
        if (updates.staleReadModel() > 0) {
            reasons.add(updates.staleReadModel() + " customers whose read model differs from their committed state");
        }
        return reasons;
    }

    /**
     * Why a run with no fault injected fails, empty when it passes: it must create events, answer
     * every request with success, have one event per create answered 201 ({@code ok}), lose none and
     * apply none twice.
     */
    static List<String> failureReasons(
            long sent, long ok, long failedRequests, long created, long lost, long duplicateEffects) {
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
        Instant first =
                events.stream().map(EndToEnd::committed).min(Instant::compareTo).orElseThrow();
        Instant last = events.stream()
                .map(event -> event.committed().plus(event.latency()))
                .max(Instant::compareTo)
                .orElseThrow();
        return events.size() / Math.max(Duration.between(first, last).toMillis() / 1000.0, 0.001);
    }

    private static List<SecondOfEvents> perSecond(List<EndToEnd> events) {
        if (events.isEmpty()) {
            return List.of();
        }
        Instant start =
                events.stream().map(EndToEnd::committed).min(Instant::compareTo).orElseThrow();
        Map<Long, Histogram> buckets = new TreeMap<>();
        for (EndToEnd event : events) {
            long second = Duration.between(start, event.committed()).toSeconds();
            buckets.computeIfAbsent(second, key -> new Histogram(3))
                    .recordValue(Math.max(1, event.latency().toNanos() / 1_000));
        }
        List<SecondOfEvents> series = new ArrayList<>();
        buckets.forEach((second, histogram) -> series.add(new SecondOfEvents(
                second,
                histogram.getTotalCount(),
                histogram.getValueAtPercentile(50) / 1000.0,
                histogram.getValueAtPercentile(99) / 1000.0)));
        return series;
    }

    /** The human-readable summary printed at the end of a run. */
    public String summary() {
        return String.format(
                """
                run %s: %s, target %s req/s, concurrency %d, %.0f %% updates, %.1f s
                  HTTP     sent %d, ok %d (updates %d), failed %d %s, transport errors %d, achieved %.0f req/s
                  HTTP latency ms      p50 %.1f  p90 %.1f  p99 %.1f  max %.1f
                  committed->handled   p50 %.1f  p90 %.1f  p99 %.1f  max %.1f ms  (201 received -> worker commit)
                  request->handled     p50 %.1f  p90 %.1f  p99 %.1f  max %.1f ms  (request due -> worker commit)
                %s  pipeline             %.0f events/s handled
                  verification         created %d, handled %d, lost %d, duplicate deliveries %d, duplicate effects %d%s -> %s: %s""",
                runId,
                mode,
                targetRate > 0 ? Integer.toString(targetRate) : "max",
                concurrency,
                updateRatio * 100,
                seconds,
                sent,
                ok,
                updated,
                failed,
                statuses,
                transportErrors,
                achievedRate,
                httpMillis.p50(),
                httpMillis.p90(),
                httpMillis.p99(),
                httpMillis.max(),
                endToEndMillis.p50(),
                endToEndMillis.p90(),
                endToEndMillis.p99(),
                endToEndMillis.max(),
                requestToHandledMillis.p50(),
                requestToHandledMillis.p90(),
                requestToHandledMillis.p99(),
                requestToHandledMillis.max(),
                updates.committed() == 0
                        ? ""
                        : String.format(
                                "  update->applied     p50 %.1f  p90 %.1f  p99 %.1f  max %.1f ms  (update's outbox commit -> read model commit)%n",
                                updateCommittedToAppliedMillis.p50(),
                                updateCommittedToAppliedMillis.p90(),
                                updateCommittedToAppliedMillis.p99(),
                                updateCommittedToAppliedMillis.max()),
                pipelineEventsPerSecond,
                created,
                handled,
                lost,
                duplicateDeliveries,
                duplicateEffects,
                updates.committed() == 0
                        ? ""
                        : String.format(
                                "; updates committed %d, applied %d, out of order %d, stale read model %d",
                                updates.committed(), updates.applied(), updates.outOfOrder(), updates.staleReadModel()),
                passed ? "PASSED" : "FAILED",
                verdict());
    }
}
