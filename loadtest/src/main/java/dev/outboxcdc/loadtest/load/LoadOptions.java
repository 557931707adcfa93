package dev.outboxcdc.loadtest.load;

import java.net.URI;
import java.time.Duration;

/**
 * How to drive the api.
 *
 * @param rate        requests per second, open loop (0 = closed loop at full speed)
 * @param concurrency closed loop: virtual users; open loop: the cap on requests in flight
 * @param maxRequests stop after this many requests (0 = only the duration limits)
 */
public record LoadOptions(URI baseUrl, int rate, int concurrency, Duration duration, long maxRequests, String runId) {
}
