package dev.outboxcdc.tools.load;

import java.util.ArrayList;
import java.util.List;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

/**
 * The load's series over time: each second closed by {@link #tick} gets its answers by outcome
 * (from the generator's running totals) and the latency percentiles of the answers recorded in it.
 * Thread-safe: senders record, the progress printer ticks.
 */
final class PerSecondSeries {
    private final Recorder latencyThisSecond = new Recorder(3);
    private final List<Long> okPerSecond = new ArrayList<>();
    private final List<SecondOfRequests> requestsPerSecond = new ArrayList<>();
    private Totals atLastTick = new Totals(0, 0, 0, 0, 0, 0);

    /** The generator's running totals at one moment. */
    record Totals(long ok, long created, long updated, long clientErrors, long serverErrors, long transportErrors) {}

    void recordLatency(long micros) {
        latencyThisSecond.recordValue(micros);
    }

    /** Closes the current second; returns its successful answers. */
    synchronized long tick(Totals now) {
        Histogram second = latencyThisSecond.getIntervalHistogram();
        Totals last = atLastTick;
        okPerSecond.add(now.ok() - last.ok());
        requestsPerSecond.add(new SecondOfRequests(
                requestsPerSecond.size(),
                now.created() - last.created(),
                now.updated() - last.updated(),
                now.clientErrors() - last.clientErrors(),
                now.serverErrors() - last.serverErrors(),
                now.transportErrors() - last.transportErrors(),
                second.getValueAtPercentile(50) / 1000.0,
                second.getValueAtPercentile(90) / 1000.0,
                second.getValueAtPercentile(99) / 1000.0));
        atLastTick = now;
        return now.ok() - last.ok();
    }

    synchronized List<Long> okPerSecond() {
        return List.copyOf(okPerSecond);
    }

    synchronized List<SecondOfRequests> requestsPerSecond() {
        return List.copyOf(requestsPerSecond);
    }
}
