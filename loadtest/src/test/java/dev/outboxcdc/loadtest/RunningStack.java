package dev.outboxcdc.loadtest;

import static org.awaitility.Awaitility.await;

import dev.outboxcdc.testsupport.ServiceProcess;
import dev.outboxcdc.testsupport.TestEnvironment;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

/**
 * api, relay and worker as separate OS processes against the real database and broker, started
 * as {@code make run} starts them, on an exchange and queue of their own so that nothing else
 * consumes their events.
 */
final class RunningStack implements AutoCloseable {
    final String consumer;
    final URI apiUrl;
    private final Map<String, String> environment;
    private final String name;
    private int starts;
    ServiceProcess api;
    ServiceProcess relay;
    ServiceProcess worker;

    RunningStack(String name, Map<String, String> overrides) throws IOException {
        this.name = name;
        int port = freePort();
        String suffix = name + "-" + Long.toHexString(System.nanoTime());
        this.consumer = "it.e2e." + suffix;
        Map<String, String> env = new HashMap<>(Map.of(
                "PORT", Integer.toString(port),
                "RELAY_EXCHANGE", "it.e2e." + suffix,
                "WORKER_EXCHANGE", "it.e2e." + suffix,
                "WORKER_QUEUE", consumer));
        env.putAll(overrides);
        this.environment = TestEnvironment.get().variables(env);
        this.apiUrl = URI.create("http://127.0.0.1:" + port);
    }

    RunningStack start() throws Exception {
        api = ServiceProcess.startModule("api", "dev.outboxcdc.api.Main", environment, name + "-api");
        await().atMost(Duration.ofSeconds(60)).until(() -> api.output().contains("api listening"));
        startWorker();
        startRelay();
        return this;
    }

    void startWorker() throws Exception {
        worker = ServiceProcess.startModule("worker", "dev.outboxcdc.worker.Main", environment, name + "-worker-" + (++starts));
        ServiceProcess started = worker;
        await().atMost(Duration.ofSeconds(60)).until(() -> started.output().contains("worker consuming"));
    }

    void startRelay() throws Exception {
        relay = ServiceProcess.startModule("cdc-relay", "dev.outboxcdc.relay.Main", environment, name + "-relay-" + (++starts));
        ServiceProcess started = relay;
        await().atMost(Duration.ofSeconds(60)).until(() -> started.output().contains("CDC engine starting")
                || started.output().contains("polling relay started"));
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    @Override
    public void close() throws Exception {
        for (ServiceProcess process : new ServiceProcess[] {relay, worker, api}) {
            if (process != null && process.isAlive()) {
                process.terminate(Duration.ofSeconds(15));
            }
        }
    }
}
