package dev.outboxcdc.tools.chaos;

import dev.outboxcdc.support.config.Env;
import dev.outboxcdc.support.config.variables.ToolVariables;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Faults on the servers, done the way an operator (or a crash) would: through the project's own
 * infra script and the servers' own tools. The database is the instance scripts/infras.sh started
 * under {@code OUTBOX_INFRA_STATE} (make chaos: its own, never make run's); the broker is the
 * shared one. With Docker, `docker compose` does the same.
 */
final class Infrastructure {
    private final Path root;
    private final Path state;
    private final String project;
    private final int databasePort;
    private final int replicaPort;

    Infrastructure(Path root) {
        this.root = root;
        Env env = Env.system();
        this.state = root.resolve(env.get(ToolVariables.OUTBOX_INFRA_STATE));
        this.project = env.get(ToolVariables.OUTBOX_INFRA_PROJECT);
        // as scripts/infras.sh reads them
        this.databasePort = env.get(ToolVariables.OUTBOX_INFRA_DB_PORT);
        this.replicaPort = env.get(ToolVariables.OUTBOX_INFRA_REPLICA_PORT, databasePort + 10);
    }

    /** Where {@link #startReplica} runs the replica. */
    int replicaPort() {
        return replicaPort;
    }

    boolean usesDocker() {
        return Files.exists(state.resolve("docker.started-by-us"));
    }

    /** kill -9 of the database server, as a power loss would. */
    void killDatabase() throws IOException, InterruptedException {
        if (usesDocker()) {
            run(List.of("docker", "compose", "-p", project, "kill", "-s", "SIGKILL", "mysql"));
            return;
        }
        String pid = Files.readString(state.resolve("mariadb/run/mariadbd.pid")).trim();
        run(List.of("kill", "-9", pid));
        for (int i = 0; i < 100 && Files.exists(Path.of("/proc", pid)); i++) {
            TimeUnit.MILLISECONDS.sleep(100);
        }
    }

    void startDatabase() throws IOException, InterruptedException {
        if (usesDocker()) {
            run(List.of("docker", "compose", "-p", project, "up", "-d", "--wait", "mysql"));
            return;
        }
        Files.deleteIfExists(state.resolve("mariadb/run/mariadbd.pid"));
        infras("up", Map.of());
    }

    /** Starts the primary's GTID replica (REPLICA=1), seeded from the primary now, unless it runs. */
    int startReplica() throws IOException, InterruptedException {
        if (usesDocker()) {
            throw new IllegalStateException(
                    "the failover scenario needs the local MariaDB replica (REPLICA=1); Docker has none");
        }
        infras("up", Map.of("REPLICA", "1"));
        return replicaPort;
    }

    /** Turns the replica into a primary, as an operator does once the primary is gone; returns its port. */
    int promoteReplica() throws IOException, InterruptedException {
        infras("promote", Map.of());
        return replicaPort;
    }

    /** Back to one server: the replica (promoted or not) stopped and deleted, the old primary started again. */
    int restorePrimary() throws IOException, InterruptedException {
        infras("replica-discard", Map.of());
        if (!portOpen(databasePort)) {
            startDatabase();
        }
        return databasePort;
    }

    /** Stops the broker process and starts it again. */
    void restartBroker() throws IOException, InterruptedException {
        if (usesDocker()) {
            run(List.of("docker", "compose", "-p", "outbox-cdc", "restart", "rabbitmq"));
            return;
        }
        run(List.of("rabbitmqctl", "stop"));
        run(List.of("rabbitmq-server", "-detached"));
        // -detached returns at once; the node answers rabbitmqctl only once its port is open.
        long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
        while (!portOpen(5672) && System.nanoTime() < deadline) {
            TimeUnit.MILLISECONDS.sleep(250);
        }
        run(List.of("rabbitmqctl", "await_startup"));
    }

    private static boolean portOpen(int port) {
        try (java.net.Socket socket = new java.net.Socket()) {
            socket.connect(new java.net.InetSocketAddress(java.net.InetAddress.getLoopbackAddress(), port), 500);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /** The project's infra script with {@code command}, in this suite's environment plus {@code environment}. */
    private void infras(String command, Map<String, String> environment) throws IOException, InterruptedException {
        run(List.of(root.resolve("scripts/infras.sh").toString(), command), environment);
    }

    private void run(List<String> command) throws IOException, InterruptedException {
        run(command, Map.of());
    }

    private void run(List<String> command, Map<String, String> environment) throws IOException, InterruptedException {
        ProcessBuilder builder = new ProcessBuilder(command)
                .directory(root.toFile())
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD);
        builder.environment().putAll(environment);
        Process process = builder.start();
        if (!process.waitFor(Duration.ofMinutes(3).toMillis(), TimeUnit.MILLISECONDS) || process.exitValue() != 0) {
            process.destroyForcibly();
            throw new IOException("failed: " + String.join(" ", command));
        }
    }
}
