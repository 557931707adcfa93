package dev.outboxcdc.tools.report;

import dev.outboxcdc.tools.verify.PipelineVerifier.EndToEnd;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;

/** At the end of a second since the series' origin: events committed, handled, and committed but not yet handled. */
public record SecondOfBacklog(long second, long committed, long handled, long backlog) {

    /** Second by second from {@code origin} until the last event was handled. */
    public static List<SecondOfBacklog> series(List<EndToEnd> events, Instant origin) {
        if (events.isEmpty()) {
            return List.of();
        }
        TreeMap<Long, long[]> bySecond = new TreeMap<>();
        for (EndToEnd event : events) {
            bySecond.computeIfAbsent(secondOf(origin, event.committed()), key -> new long[2])[0]++;
            bySecond.computeIfAbsent(secondOf(origin, event.committed().plus(event.latency())), key -> new long[2])[
                    1]++;
        }
        List<SecondOfBacklog> series = new ArrayList<>();
        long committed = 0;
        long handled = 0;
        long last = bySecond.lastKey();
        for (long second = 0; second <= last; second++) {
            long[] counts = bySecond.getOrDefault(second, new long[2]);
            committed += counts[0];
            handled += counts[1];
            series.add(new SecondOfBacklog(second, committed, handled, committed - handled));
        }
        return series;
    }

    private static long secondOf(Instant origin, Instant at) {
        return Math.max(0, Duration.between(origin, at).toSeconds());
    }
}
