package dev.outboxcdc.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import dev.outboxcdc.harness.MetricsScrape;
import dev.outboxcdc.harness.ProjectRoot;
import dev.outboxcdc.harness.ServiceStack;
import dev.outboxcdc.harness.TestDatabase;
import dev.outboxcdc.tools.load.LoadGenerator;
import dev.outboxcdc.tools.load.LoadOptions;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * What the relay's and the worker's /metrics say about a small load: each counter moves by exactly
 * the events sent; a copy published by hand counts as a duplicate; and every metric the Grafana
 * dashboard queries exists.
 */
class MetricsIT {
    private static final int EVENTS = 40;

    @Test
    void relayAndWorkerCountEveryEventOnceAndExposeTheirJvm() throws Exception {
        try (ServiceStack stack = new ServiceStack("metrics", Map.of()).start()) {
            URI relay = stack.relay().metricsUrl().orElseThrow();
            URI worker = stack.worker().metricsUrl().orElseThrow();
            // The stack's start-up probe events went through already; count from here.
            MetricsScrape relayBefore = MetricsScrape.of(relay);
            MetricsScrape workerBefore = MetricsScrape.of(worker);

            String run = "m" + UUID.randomUUID().toString().substring(0, 8);
            assertThat(new LoadGenerator(new LoadOptions(stack.apiUrl, 0, 4, Duration.ofMinutes(1), EVENTS, run))
                            .run()
                            .ok())
                    .isEqualTo(EVENTS);

            await().atMost(Duration.ofSeconds(60))
                    .until(() -> grew(workerBefore, MetricsScrape.of(worker), "outbox_worker_messages_handled_total")
                            >= EVENTS);
            MetricsScrape relayAfter = MetricsScrape.of(relay);
            MetricsScrape workerAfter = MetricsScrape.of(worker);
            assertThat(grew(relayBefore, relayAfter, "outbox_relay_messages_published_total"))
                    .isEqualTo(EVENTS);
            assertThat(grew(relayBefore, relayAfter, "outbox_relay_messages_confirmed_total"))
                    .isEqualTo(EVENTS);
            assertThat(grew(relayBefore, relayAfter, "outbox_relay_messages_unconfirmed_total"))
                    .isZero();
            assertThat(relayAfter.sum("outbox_relay_messages_in_flight")).isZero();
            assertThat(grew(workerBefore, workerAfter, "outbox_worker_messages_handled_total"))
                    .isEqualTo(EVENTS);
            assertThat(grew(workerBefore, workerAfter, "outbox_worker_messages_retried_total"))
                    .isZero();
            assertThat(workerAfter.sum("outbox_worker_deliveries_unacked")).isZero();
            for (MetricsScrape scrape : new MetricsScrape[] {relayAfter, workerAfter}) {
                assertThat(scrape.sum("jvm_memory_used_bytes")).isPositive();
                assertThat(scrape.has("process_cpu_usage")).isTrue();
                assertThat(scrape.has("jvm_gc_pause_seconds_count")
                                || scrape.has("jvm_gc_memory_allocated_bytes_total"))
                        .isTrue();
            }

            publishACopyOfAHandledEvent(stack);

            await().atMost(Duration.ofSeconds(30))
                    .until(() -> grew(workerAfter, MetricsScrape.of(worker), "outbox_worker_messages_duplicates_total")
                            == 1);
            assertThat(grew(workerAfter, MetricsScrape.of(worker), "outbox_worker_messages_handled_total"))
                    .isZero();

            MetricsScrape api = MetricsScrape.of(stack.apiUrl.resolve("/metrics"));
            MetricsScrape all = new MetricsScrape(api.text()
                    + MetricsScrape.of(relay).text()
                    + MetricsScrape.of(worker).text());
            assertThat(dashboardMetrics())
                    .hasSizeGreaterThan(15)
                    .allSatisfy(metric -> assertThat(all.has(metric))
                            .as(metric + ", queried by the dashboard, is exposed")
                            .isTrue());
        }
    }

    /** The same message id again, as a re-publication by hand would send it. */
    private static void publishACopyOfAHandledEvent(ServiceStack stack) throws Exception {
        try (TestDatabase db = TestDatabase.admin();
                Connection connection = stack.amqp().connect("metrics-it");
                Channel channel = connection.createChannel()) {
            Map<String, Object> row = db.jdbi()
                    .withHandle(
                            handle -> handle.createQuery("SELECT id, aggregatetype, aggregateid, type, payload FROM "
                                            + stack.database.name() + ".outbox ORDER BY seq LIMIT 1")
                                    .mapToMap()
                                    .one());
            channel.basicPublish(
                    stack.exchange,
                    row.get("aggregatetype") + "." + row.get("type"),
                    true,
                    new AMQP.BasicProperties.Builder()
                            .messageId((String) row.get("id"))
                            .type((String) row.get("type"))
                            .contentType("application/json")
                            .deliveryMode(2)
                            .build(),
                    ((String) row.get("payload")).getBytes(StandardCharsets.UTF_8));
        }
    }

    /** Every metric name an expression of ops/grafana/outbox-cdc.json reads. */
    private static Set<String> dashboardMetrics() throws Exception {
        JsonNode dashboard = new ObjectMapper()
                .readTree(ProjectRoot.find()
                        .resolve("ops/grafana/outbox-cdc.json")
                        .toFile());
        Set<String> metrics = new TreeSet<>();
        Matcher name = Pattern.compile("\\b((?:outbox|http_server|hikaricp|jvm|process)_[a-z_]+)\\b")
                .matcher("");
        for (JsonNode panel : dashboard.get("panels")) {
            for (JsonNode target : panel.get("targets")) {
                name.reset(target.get("expr").asText());
                while (name.find()) {
                    metrics.add(name.group(1));
                }
            }
        }
        return metrics;
    }

    private static double grew(MetricsScrape before, MetricsScrape after, String metric) {
        assertThat(after.has(metric)).as(metric + " is exposed").isTrue();
        return after.sum(metric) - before.sum(metric);
    }
}
