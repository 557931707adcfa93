package dev.outboxcdc.api.http;

import io.javalin.http.Context;
import io.javalin.router.Endpoint;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * {@code http_server_requests_seconds{method,uri,status,outcome}}: every request the routes saw,
 * by the route's template (not the raw path, so that ids do not multiply the series), with a
 * latency histogram. Requests Jetty rejects before the routes (e.g. a malformed request line) are
 * not counted. The timers are kept per series: building and registering one per request (tags
 * sorted, its id looked up) cost more than recording into it.
 */
final class RequestMetrics {
    private static final String STARTED = RequestMetrics.class.getName() + ".started";

    private final MeterRegistry registry;
    private final Map<String, Timer> timers = new ConcurrentHashMap<>();

    RequestMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    void started(Context ctx) {
        ctx.attribute(STARTED, System.nanoTime());
    }

    void finished(Context ctx) {
        Long started = ctx.attribute(STARTED);
        if (started == null) {
            return;
        }
        int status = ctx.statusCode();
        Endpoint matched = ctx.endpoints().lastHttpEndpoint();
        String uri = matched != null ? matched.path : status == 404 ? "NOT_FOUND" : "UNKNOWN";
        String method = ctx.method().name();
        timers.computeIfAbsent(method + ' ' + uri + ' ' + status, series -> timer(method, uri, status))
                .record(Duration.ofNanos(System.nanoTime() - started));
    }

    private Timer timer(String method, String uri, int status) {
        return Timer.builder("http.server.requests")
                .description("HTTP requests by route template, method and status")
                .tag("method", method)
                .tag("uri", uri)
                .tag("status", Integer.toString(status))
                .tag("outcome", status >= 500 ? "SERVER_ERROR" : status >= 400 ? "CLIENT_ERROR" : "SUCCESS")
                .publishPercentileHistogram()
                .minimumExpectedValue(Duration.ofMillis(1))
                .maximumExpectedValue(Duration.ofSeconds(10))
                .register(registry);
    }
}
