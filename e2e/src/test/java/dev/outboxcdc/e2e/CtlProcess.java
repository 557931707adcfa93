package dev.outboxcdc.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.rabbitmq.client.Channel;
import dev.outboxcdc.contract.topology.SubscriberQueues;
import dev.outboxcdc.harness.ProjectRoot;
import dev.outboxcdc.harness.ServiceStack;
import dev.outboxcdc.harness.TestDatabase;
import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** {@code bin/outboxctl} run as an operator runs it, against a test's stack, and the customers it needs. */
final class CtlProcess {
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    /** What one run printed, and its exit status. */
    record Run(int exit, String out, String err) {}

    private CtlProcess() {}

    /** The stack's settings, with outboxctl's own database user instead of the relay's. */
    static Map<String, String> environment(ServiceStack stack) {
        Map<String, String> env = new HashMap<>(stack.relayEnvironment());
        env.keySet().removeIf(name -> name.startsWith("DB_USER") || name.startsWith("DB_PASSWORD"));
        return env;
    }

    static Run run(Map<String, String> environment, String... args) throws Exception {
        return runWithInput(environment, "", args);
    }

    /** {@link #run}, with {@code input} as its standard input. */
    static Run runWithInput(Map<String, String> environment, String input, String... args) throws Exception {
        List<String> command = new ArrayList<>(
                List.of(ProjectRoot.find().resolve("bin/outboxctl").toString()));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command);
        builder.environment().putAll(environment);
        Process process = builder.start();
        try (var stdin = process.getOutputStream()) {
            stdin.write(input.getBytes(StandardCharsets.UTF_8));
        }
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        String err = new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        return new Run(process.exitValue(), out, err);
    }

    /**
     * The read model loses customer {@code id} (as before it existed), then the customer is updated
     * through the api: an update the worker cannot apply, which waits for its predecessor and is then
     * parked. Returns the update's event id.
     */
    static String updateItsReadModelLost(ServiceStack stack, TestDatabase db, String id)
            throws IOException, InterruptedException {
        String schema = stack.database.name();
        db.execute("DELETE FROM " + schema + ".customer_directory WHERE id = ?", id);
        HTTP.send(
                HttpRequest.newBuilder(stack.apiUrl.resolve("/customers/" + id))
                        .header("Content-Type", "application/json")
                        .method("PATCH", HttpRequest.BodyPublishers.ofString("{\"name\":\"Ada Lovelace\"}"))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        return db.jdbi()
                .withHandle(handle -> handle.createQuery("SELECT id FROM " + schema + ".outbox WHERE aggregateid = ?"
                                + " AND type = 'CustomerUpdated'")
                        .bind(0, id)
                        .mapTo(String.class)
                        .one());
    }

    /**
     * The work queue and its parking lot (with {@code arguments}) and its copies exchange, bound to
     * the work queue, as a worker declares them: what outboxctl's requeue needs.
     */
    static void declareAsItsWorker(Channel channel, String workQueue, Map<String, Object> arguments)
            throws IOException {
        String copies = SubscriberQueues.copiesExchange(workQueue);
        channel.queueDeclare(workQueue, true, false, false, arguments);
        channel.queueDeclare(SubscriberQueues.parkingLot(workQueue), true, false, false, arguments);
        channel.exchangeDeclare(copies, "direct", true);
        channel.queueBind(workQueue, copies, workQueue);
    }

    /** Registers a customer through the stack's api; returns its id. */
    static String register(ServiceStack stack, String email) throws IOException, InterruptedException {
        HttpResponse<String> response = HTTP.send(
                HttpRequest.newBuilder(stack.apiUrl.resolve("/customers"))
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString("{\"email\":\"" + email + "\",\"name\":\"Ada\"}"))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(201);
        return response.headers().firstValue("Location").orElseThrow().substring("/customers/".length());
    }
}
