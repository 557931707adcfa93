package dev.outboxcdc.harness;

import dev.outboxcdc.support.config.Env;
import dev.outboxcdc.support.config.variables.BrokerVariables;
import dev.outboxcdc.support.config.variables.ToolVariables;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The local RabbitMQ cluster of {@code make infras BROKER_NODES=3}, driven through
 * scripts/broker-cluster.sh as an operator (or a crash) would: started, a node killed, paused,
 * restarted, stopped.
 */
public final class BrokerCluster {
    public static final int NODES = 3;
    /** Each node's name is this and its number ({@code outbox-broker-1@localhost}): in its command line too. */
    public static final String NODE_NAME_PREFIX = "outbox-broker-";

    private static final Pattern LEADER = Pattern.compile(NODE_NAME_PREFIX + "(\\d+)@");
    private static final Pattern CONNECTED_TO = Pattern.compile("-> 127\\.0\\.0\\.1:(\\d+)");

    private final Path root;

    public BrokerCluster(Path root) {
        this.root = root;
    }

    /** Whether this run is against the cluster ({@code BROKER_NODES=3}, so {@code AMQP_ADDRESSES} is set). */
    public static boolean inUse() {
        Env env = Env.system();
        return env.get(ToolVariables.BROKER_NODES) != 1
                && env.find(BrokerVariables.AMQP_ADDRESSES).isPresent();
    }

    /** The node whose replica of {@code queue} leads it, asked of a node that runs. */
    public int leaderOf(String queue) throws IOException, InterruptedException {
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
    public Optional<Integer> nodeOf(String connectionName) throws IOException, InterruptedException {
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
        return Env.system().get(ToolVariables.OUTBOX_INFRA_BROKER_PORT);
    }

    public long pid(int node) throws IOException {
        return Long.parseLong(Files.readString(root.resolve(".infra/broker/node" + node + "/rabbitmq.pid"))
                .trim());
    }

    public boolean running(int node) {
        try {
            return Files.exists(Path.of("/proc", Long.toString(pid(node))));
        } catch (IOException | NumberFormatException e) {
            return false;
        }
    }

    /** kill -9, as a power loss would; returns once the process is gone. */
    public void kill(int node) throws IOException, InterruptedException {
        long pid = pid(node);
        script("kill", node);
        for (int i = 0; i < 100 && Files.exists(Path.of("/proc", Long.toString(pid))); i++) {
            TimeUnit.MILLISECONDS.sleep(100);
        }
    }

    public void pause(int node) throws IOException, InterruptedException {
        script("pause", node);
    }

    public void resume(int node) throws IOException, InterruptedException {
        script("resume", node);
    }

    /** Starts the node and returns once it serves again, back in the cluster. */
    public void start(int node) throws IOException, InterruptedException {
        script("start", node);
    }

    /** A graceful stop (rabbitmqctl stop), as a rolling restart does. */
    public void stop(int node) throws IOException, InterruptedException {
        script("stop", node);
    }

    /** Starts the nodes that do not run and clusters them; returns once all serve. */
    public void up() throws IOException, InterruptedException {
        script("up");
    }

    /** Stops every node (their data is kept). */
    public void down() throws IOException, InterruptedException {
        script("down");
    }

    /** Whether every node runs. */
    public boolean allRunning() {
        for (int node = 1; node <= NODES; node++) {
            if (!running(node)) {
                return false;
            }
        }
        return true;
    }

    /** How rabbitmqctl reaches node {@code node} ({@code scripts/broker-cluster.sh ctl <node>}). */
    public BrokerAlarm.Ctl ctl(int node) {
        return new BrokerAlarm.Ctl(
                List.of(root.resolve("scripts/broker-cluster.sh").toString(), "ctl", Integer.toString(node)),
                Map.of("BROKER_NODES", Integer.toString(NODES)));
    }

    /** The nodes' addresses, as {@code AMQP_ADDRESSES} takes them. */
    public String addresses() throws IOException, InterruptedException {
        return run(List.of("addresses"))
                .map(String::trim)
                .orElseThrow(() -> new IOException("failed: scripts/broker-cluster.sh addresses"));
    }

    /** The process of every node. */
    public List<Long> pids() throws IOException {
        List<Long> pids = new ArrayList<>();
        for (int node = 1; node <= NODES; node++) {
            pids.add(pid(node));
        }
        return pids;
    }

    private void script(String command, int node) throws IOException, InterruptedException {
        script(command, Integer.toString(node));
    }

    private void script(String... arguments) throws IOException, InterruptedException {
        if (run(List.of(arguments)).isEmpty()) {
            throw new IOException("failed: scripts/broker-cluster.sh " + String.join(" ", arguments));
        }
    }

    /** The script's output, or empty when it failed. */
    private Optional<String> run(List<String> arguments) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(
                List.of(root.resolve("scripts/broker-cluster.sh").toString()));
        command.addAll(arguments);
        ProcessBuilder builder =
                new ProcessBuilder(command).directory(root.toFile()).redirectErrorStream(true);
        // make exports BROKER_NODES=1 to every target that does not run on the cluster, make bench too
        builder.environment().put("BROKER_NODES", Integer.toString(NODES));
        Process process = builder.start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(Duration.ofMinutes(3).toMillis(), TimeUnit.MILLISECONDS)) {
            process.destroyForcibly();
            return Optional.empty();
        }
        return process.exitValue() == 0 ? Optional.of(output) : Optional.empty();
    }
}
