package dev.outboxcdc.loadtest.chaos;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The local RabbitMQ cluster of {@code make infras BROKER_NODES=3}, driven through
 * scripts/broker-cluster.sh as an operator (or a crash) would: a node killed, paused, restarted.
 */
final class BrokerCluster {
    static final int NODES = 3;
    private static final Pattern LEADER = Pattern.compile("outbox-broker-(\\d+)@");
    private static final Pattern CONNECTED_TO = Pattern.compile("-> 127\\.0\\.0\\.1:(\\d+)");

    private final Path root;

    BrokerCluster(Path root) {
        this.root = root;
    }

    /** Whether the suite runs against the cluster ({@code BROKER_NODES=3}, so {@code AMQP_ADDRESSES} is set). */
    static boolean inUse() {
        String nodes = System.getenv().getOrDefault("BROKER_NODES", "1");
        return !nodes.equals("1") && System.getenv().containsKey("AMQP_ADDRESSES");
    }

    /** The node whose replica of {@code queue} leads it, asked of a node that runs. */
    int leaderOf(String queue) throws IOException, InterruptedException {
        for (int node = 1; node <= NODES; node++) {
            if (!running(node)) {
                continue;
            }
            Optional<String> output = run(List.of(
                    "ctl", Integer.toString(node), "list_queues", "name", "leader", "--no-table-headers", "-q"));
            if (output.isEmpty()) {
                continue;
            }
            for (String line : output.get().split("\n")) {
                String[] columns = line.split("\t");
                if (columns.length == 2 && columns[0].equals(queue)) {
                    Matcher leader = LEADER.matcher(columns[1]);
                    if (leader.find()) {
                        return Integer.parseInt(leader.group(1));
                    }
                }
            }
        }
        throw new IOException("no running node knows the leader of " + queue);
    }

    /**
     * The node a client's connection named {@code connectionName} is on, from the connection's own
     * name ({@code client -> 127.0.0.1:<node's port>}); empty while it has none.
     */
    Optional<Integer> nodeOf(String connectionName) throws IOException, InterruptedException {
        for (int node = 1; node <= NODES; node++) {
            if (!running(node)) {
                continue;
            }
            Optional<String> output = run(List.of(
                    "ctl",
                    Integer.toString(node),
                    "list_connections",
                    "name",
                    "client_properties",
                    "--no-table-headers",
                    "-q"));
            if (output.isEmpty()) {
                continue;
            }
            for (String line : output.get().split("\n")) {
                Matcher port = CONNECTED_TO.matcher(line);
                if (line.contains("\"" + connectionName + "\"") && port.find()) {
                    return Optional.of(Integer.parseInt(port.group(1)) - basePort() + 1);
                }
            }
            return Optional.empty();
        }
        return Optional.empty();
    }

    private static int basePort() {
        return Integer.parseInt(System.getenv().getOrDefault("OUTBOX_INFRA_BROKER_PORT", "5681"));
    }

    long pid(int node) throws IOException {
        return Long.parseLong(Files.readString(root.resolve(".infra/broker/node" + node + "/rabbitmq.pid"))
                .trim());
    }

    boolean running(int node) {
        try {
            return Files.exists(Path.of("/proc", Long.toString(pid(node))));
        } catch (IOException | NumberFormatException e) {
            return false;
        }
    }

    /** kill -9, as a power loss would; returns once the process is gone. */
    void kill(int node) throws IOException, InterruptedException {
        long pid = pid(node);
        script("kill", node);
        for (int i = 0; i < 100 && Files.exists(Path.of("/proc", Long.toString(pid))); i++) {
            TimeUnit.MILLISECONDS.sleep(100);
        }
    }

    void pause(int node) throws IOException, InterruptedException {
        script("pause", node);
    }

    void resume(int node) throws IOException, InterruptedException {
        script("resume", node);
    }

    /** Starts the node and returns once it serves again, back in the cluster. */
    void start(int node) throws IOException, InterruptedException {
        script("start", node);
    }

    /** A graceful stop (rabbitmqctl stop), as a rolling restart does. */
    void stop(int node) throws IOException, InterruptedException {
        script("stop", node);
    }

    private void script(String command, int node) throws IOException, InterruptedException {
        if (run(List.of(command, Integer.toString(node))).isEmpty()) {
            throw new IOException("failed: scripts/broker-cluster.sh " + command + " " + node);
        }
    }

    /** The script's output, or empty when it failed. */
    private Optional<String> run(List<String> arguments) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(
                List.of(root.resolve("scripts/broker-cluster.sh").toString()));
        command.addAll(arguments);
        Process process = new ProcessBuilder(command)
                .directory(root.toFile())
                .redirectErrorStream(true)
                .start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(Duration.ofMinutes(3).toMillis(), TimeUnit.MILLISECONDS)) {
            process.destroyForcibly();
            return Optional.empty();
        }
        return process.exitValue() == 0 ? Optional.of(output) : Optional.empty();
    }
}
