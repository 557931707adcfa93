package dev.outboxcdc.tools.load;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.HdrHistogram.Histogram;

/**
 * What the load generator saw: HTTP outcomes, latency, a per-second series of successful responses,
 * the timing of every created customer by its request number (the number in its email), how many
 * updates succeeded, and when (since the generator was created) the last answer of each status came.
 *
 * @param ok      creates answered 201 plus updates answered 200
 * @param updated updates answered 200
 */
public record LoadResult(
        long sent,
        long ok,
        Map<Integer, Long> statuses,
        long transportErrors,
        Histogram latencyMicros,
        Duration elapsed,
        List<Long> okPerSecond,
        List<SecondOfRequests> requestsPerSecond,
        Map<Long, RequestTiming> created,
        long updated,
        Map<Integer, Duration> lastAnswered) {

    /** Creates answered 201. */
    public long createdOk() {
        return created.size();
    }

    public double achievedRate() {
        return ok / Math.max(elapsed.toMillis() / 1000.0, 0.001);
    }

    public long failed() {
        return sent - ok;
    }

    /** Requests were answered {@code status}, and later ones succeeded again (201). */
    public boolean recoveredFrom(int status) {
        Duration lastFailure = lastAnswered.get(status);
        Duration lastSuccess = lastAnswered.get(201);
        return lastFailure != null && lastSuccess != null && lastSuccess.compareTo(lastFailure) > 0;
    }
}
