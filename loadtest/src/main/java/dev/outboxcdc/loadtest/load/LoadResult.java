package dev.outboxcdc.loadtest.load;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.HdrHistogram.Histogram;

/** What the load generator saw: HTTP outcomes, latency, and a per-second series of OK responses. */
public record LoadResult(long sent, long ok, Map<Integer, Long> statuses, long transportErrors, Histogram latencyMicros,
                         Duration elapsed, List<Long> okPerSecond) {

    public double achievedRate() {
        return ok / Math.max(elapsed.toMillis() / 1000.0, 0.001);
    }

    public long failed() {
        return sent - ok;
    }
}
