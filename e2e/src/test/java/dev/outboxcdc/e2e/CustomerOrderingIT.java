package dev.outboxcdc.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.outboxcdc.harness.ServiceProcess;
import dev.outboxcdc.harness.ServiceStack;
import dev.outboxcdc.harness.TestDatabase;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;

/**
 * Per-customer order with many consumers: 4 worker processes of 2 consumers each on one queue,
 * 300 customers changed 10 times each, their requests interleaved, one worker killed mid-run.
 * Checked in the database: each customer's read-model row equals its last committed state, the
 * versions it took are 1..11 in that order, and each creation had exactly one effect.
 */
class CustomerOrderingIT {
    private static final int CUSTOMERS = 300;
    private static final int UPDATES = 10;
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void everyCustomersChangesAreAppliedInCommitOrderAcrossWorkerProcessesEvenWhenOneIsKilled() throws Exception {
        try (ServiceStack stack = new ServiceStack("ordering", Map.of()).start();
                TestDatabase db = TestDatabase.admin()) {
            List<ServiceProcess> others =
                    List.of(stack.startAnotherWorker(), stack.startAnotherWorker(), stack.startAnotherWorker());
            String schema = stack.database.name();
            List<String> ids = createCustomers(stack);
            AtomicInteger sent = new AtomicInteger();

            ExecutorService senders = Executors.newFixedThreadPool(16);
            List<Future<?>> sequences = new ArrayList<>();
            for (String id : ids) {
                // One customer's changes one after the other; the 16 senders interleave the customers.
                sequences.add(senders.submit(() -> {
                    for (int n = 1; n <= UPDATES; n++) {
                        patch(
                                stack.apiUrl.resolve("/customers/" + id),
                                "{\"name\":\"" + id.substring(0, 8) + " rev " + n + "\"}");
                        sent.incrementAndGet();
                    }
                    return null;
                }));
            }
            await().atMost(Duration.ofMinutes(2)).until(() -> sent.get() >= CUSTOMERS * UPDATES / 3);
            long appliedAtKill = db.count("SELECT COUNT(*) FROM " + schema + ".customer_directory_changes");
            others.get(0).kill();
            for (Future<?> sequence : sequences) {
                sequence.get();
            }
            senders.shutdown();

            await().atMost(Duration.ofMinutes(3))
                    .pollInterval(Duration.ofSeconds(1))
                    .until(() -> db.count("SELECT COUNT(*) FROM " + schema + ".customers c JOIN " + schema
                                    + ".customer_directory d ON d.id = c.id"
                                    + " AND d.version = c.version AND d.name = c.name AND d.email = c.email")
                            == CUSTOMERS);
            assertThat(appliedAtKill).as("the kill struck mid-run").isBetween(1L, (long) CUSTOMERS * (UPDATES + 1) - 1);
            List<String> orders = db.jdbi()
                    .withHandle(handle -> handle.createQuery("SELECT GROUP_CONCAT(version ORDER BY seq) FROM " + schema
                                    + ".customer_directory_changes GROUP BY customer_id")
                            .mapTo(String.class)
                            .list());
            String expected = String.join(
                    ",",
                    LongStream.rangeClosed(1, UPDATES + 1)
                            .mapToObj(Long::toString)
                            .toList());
            assertThat(orders)
                    .hasSize(CUSTOMERS)
                    .allSatisfy(order -> assertThat(order).isEqualTo(expected));
            assertThat(db.count("SELECT COUNT(*) FROM " + schema + ".customers WHERE version = ?", UPDATES + 1))
                    .isEqualTo(CUSTOMERS);
            assertThat(db.count("SELECT COUNT(*) FROM (SELECT customer_id FROM " + schema
                            + ".welcome_emails GROUP BY customer_id" + " HAVING COUNT(*) = 1) once"))
                    .isEqualTo(CUSTOMERS);
        }
    }

    private static List<String> createCustomers(ServiceStack stack) throws Exception {
        ExecutorService senders = Executors.newFixedThreadPool(16);
        List<Future<String>> created = new ArrayList<>();
        for (int n = 0; n < CUSTOMERS; n++) {
            String body = "{\"email\":\"order-" + UUID.randomUUID() + "@example.com\",\"name\":\"created " + n + "\"}";
            created.add(senders.submit(() -> {
                HttpResponse<String> response = HTTP.send(
                        HttpRequest.newBuilder(stack.apiUrl.resolve("/customers"))
                                .header("Content-Type", "application/json")
                                .POST(HttpRequest.BodyPublishers.ofString(body))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
                assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
                return JSON.readTree(response.body()).get("id").asText();
            }));
        }
        List<String> ids = new ArrayList<>();
        for (Future<String> id : created) {
            ids.add(id.get());
        }
        senders.shutdown();
        return ids;
    }

    private static void patch(URI customer, String body) throws Exception {
        HttpResponse<String> response = HTTP.send(
                HttpRequest.newBuilder(customer)
                        .header("Content-Type", "application/json")
                        .method("PATCH", HttpRequest.BodyPublishers.ofString(body))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    }
}
