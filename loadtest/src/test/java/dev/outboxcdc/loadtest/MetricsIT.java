package dev.outboxcdc.loadtest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.outboxcdc.loadtest.bench.ServiceStack;
import dev.outboxcdc.loadtest.load.LoadGenerator;
import dev.outboxcdc.loadtest.load.LoadOptions;
import dev.outboxcdc.testsupport.MetricsScrape;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** What the relay's and the worker's /metrics say about a small load: each counter moves by exactly the events sent. */
class MetricsIT {
    private static final int EVENTS = 40;

    @Test
    void relayAndWorkerCountEveryEventOnceAndExposeTheirJvm() throws Exception {
        try (ServiceStack stack = new ServiceStack("metrics", Map.of()).start()) {
            URI relay = stack.relay.metricsUrl().orElseThrow();
            URI worker = stack.worker.metricsUrl().orElseThrow();
            // The stack's start-up probe events went through already; count from here.
            MetricsScrape relayBefore = MetricsScrape.of(relay);
            MetricsScrape workerBefore = MetricsScrape.of(worker);

            String run = "m" + UUID.randomUUID().toString().substring(0, 8);
            assertThat(new LoadGenerator(new LoadOptions(stack.apiUrl, 0, 4, Duration.ofMinutes(1), EVENTS, run)).run().ok())
                    .isEqualTo(EVENTS);

            await().atMost(Duration.ofSeconds(60)).until(() ->
                    grew(workerBefore, MetricsScrape.of(worker), "outbox_worker_messages_handled_total") >= EVENTS);
            MetricsScrape relayAfter = MetricsScrape.of(relay);
            MetricsScrape workerAfter = MetricsScrape.of(worker);
            assertThat(grew(relayBefore, relayAfter, "outbox_relay_messages_published_total")).isEqualTo(EVENTS);
            assertThat(grew(relayBefore, relayAfter, "outbox_relay_messages_confirmed_total")).isEqualTo(EVENTS);
            assertThat(grew(relayBefore, relayAfter, "outbox_relay_messages_unconfirmed_total")).isZero();
            assertThat(relayAfter.sum("outbox_relay_messages_in_flight")).isZero();
            assertThat(grew(workerBefore, workerAfter, "outbox_worker_messages_handled_total")).isEqualTo(EVENTS);
            assertThat(grew(workerBefore, workerAfter, "outbox_worker_messages_retried_total")).isZero();
            assertThat(workerAfter.sum("outbox_worker_deliveries_unacked")).isZero();
            for (MetricsScrape scrape : new MetricsScrape[] {relayAfter, workerAfter}) {
                assertThat(scrape.sum("jvm_memory_used_bytes")).isPositive();
                assertThat(scrape.has("process_cpu_usage")).isTrue();
                assertThat(scrape.has("jvm_gc_pause_seconds_count") || scrape.has("jvm_gc_memory_allocated_bytes_total")).isTrue();
            }
        }
    }

    private static double grew(MetricsScrape before, MetricsScrape after, String metric) {
        assertThat(after.has(metric)).as(metric + " is exposed").isTrue();
        return after.sum(metric) - before.sum(metric);
    }
}
