package dev.outboxcdc.tools.load;

import java.net.URI;
import java.time.Duration;
import java.util.List;

/**
 * How to drive the api.
 *
 * @param baseUrls    the api processes; the generator's connections are spread over them in turn
 * @param rate        requests per second, open loop (0 = closed loop at full speed)
 * @param concurrency closed loop: virtual users; open loop: the cap on requests in flight
 * @param maxRequests stop after this many requests (0 = only the duration limits)
 * @param updateRatio the share of requests that are {@code PATCH /customers/{id}} of a customer this
 *                    run created, chosen at random (0 = creates only; at most {@link #MAX_UPDATE_RATIO})
 */
public record LoadOptions(
        List<URI> baseUrls,
        int rate,
        int concurrency,
        Duration duration,
        long maxRequests,
        String runId,
        double updateRatio) {
    /** Some requests must create the customers the others update. */
    public static final double MAX_UPDATE_RATIO = 0.95;

    public LoadOptions {
        if (baseUrls.isEmpty()) {
            throw new IllegalArgumentException("at least one api url is needed");
        }
        baseUrls = List.copyOf(baseUrls);
        if (!(updateRatio >= 0 && updateRatio <= MAX_UPDATE_RATIO)) {
            throw new IllegalArgumentException(
                    "the update ratio must be between 0 and " + MAX_UPDATE_RATIO + ", was " + updateRatio);
        }
    }

    /** One api process. */
    public LoadOptions(
            URI baseUrl,
            int rate,
            int concurrency,
            Duration duration,
            long maxRequests,
            String runId,
            double updateRatio) {
        this(List.of(baseUrl), rate, concurrency, duration, maxRequests, runId, updateRatio);
    }

    /** One api process, creates only. */
    public LoadOptions(URI baseUrl, int rate, int concurrency, Duration duration, long maxRequests, String runId) {
        this(List.of(baseUrl), rate, concurrency, duration, maxRequests, runId, 0);
    }

    /** The api url of the {@code index}-th connection. */
    URI baseUrlFor(int index) {
        return baseUrls.get(index % baseUrls.size());
    }
}
