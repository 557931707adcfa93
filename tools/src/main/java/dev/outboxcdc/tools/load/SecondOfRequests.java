package dev.outboxcdc.tools.load;

/**
 * One second of the load: answers by outcome, and the HTTP latency percentiles of the requests
 * answered in it (ms, measured from when each request was due).
 *
 * @param clientErrors 4xx (and any other non-2xx below 500)
 */
public record SecondOfRequests(
        long second,
        long created,
        long updated,
        long clientErrors,
        long serverErrors,
        long transportErrors,
        double p50Millis,
        double p90Millis,
        double p99Millis) {}
