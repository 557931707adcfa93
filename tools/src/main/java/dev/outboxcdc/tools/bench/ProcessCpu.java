package dev.outboxcdc.tools.bench;

import dev.outboxcdc.harness.BrokerCluster;
import dev.outboxcdc.harness.LocalTls;
import dev.outboxcdc.harness.ProjectRoot;
import dev.outboxcdc.harness.ServiceProcess;
import dev.outboxcdc.harness.ServiceStack;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * CPU time (user + system) of the processes that share the machine during a stage, read from
 * {@code /proc/<pid>/stat} (Linux). The database and the broker are found among the machine's
 * processes; the services are the stack's own. Not thread-safe: one reading at a time.
 */
final class ProcessCpu {
    /** USER_HZ: the unit of utime/stime in /proc; 100 on every Linux this runs on (x86, arm64). */
    private static final double TICKS_PER_SECOND = 100.0;

    private final Map<String, List<Long>> pids;

    private ProcessCpu(Map<String, List<Long>> pids) {
        this.pids = pids;
    }

    /**
     * The load generator (this JVM), the stack's services (every api and worker process of it), the
     * database and the broker: the machine's RabbitMQ, or every node of the local cluster when the
     * stack's services connect to several ({@code AMQP_ADDRESSES}).
     */
    static ProcessCpu of(ServiceStack stack, int databasePort) {
        return of(stack, databasePort, Map.of());
    }

    /** {@link #of(ServiceStack, int)} and, each as a role of its own, processes beside the stack (a second subscriber). */
    static ProcessCpu of(ServiceStack stack, int databasePort, Map<String, ServiceProcess> beside) {
        Map<String, List<Long>> pids = new LinkedHashMap<>();
        pids.put("load generator", List.of(ProcessHandle.current().pid()));
        pids.put("api", stack.apis().stream().map(ServiceProcess::pid).toList());
        pids.put("relay", List.of(stack.relay().pid()));
        pids.put("worker", stack.workers().stream().map(ServiceProcess::pid).toList());
        pids.put("database", List.of(databasePid(databasePort)));
        pids.put("broker", stack.amqp().addresses().size() > 1 ? clusterPids() : List.of(brokerPid(stack)));
        beside.forEach((role, process) -> pids.put(role, List.of(process.pid())));
        return new ProcessCpu(pids);
    }

    /**
     * The one broker node the stack uses: the project's TLS node (scripts/broker-tls.sh) when the
     * stack connects to its port, else the machine's RabbitMQ. The project's own nodes run with their
     * data directory under the checkout as their home, which the machine's does not.
     */
    private static long brokerPid(ServiceStack stack) {
        String ownNodes = "-home " + ProjectRoot.find();
        if (stack.amqp().addresses().get(0).getPort() == LocalTls.brokerPort()) {
            return findOne(
                    "project's TLS RabbitMQ node",
                    command -> command.contains("beam") && command.contains(ownNodes + "/.infra/broker-tls"));
        }
        return findOne(
                "RabbitMQ",
                command -> command.contains("beam") && command.contains("rabbit") && !command.contains(ownNodes));
    }

    private static List<Long> clusterPids() {
        try {
            return new BrokerCluster(ProjectRoot.find()).pids();
        } catch (IOException e) {
            throw new IllegalStateException("cannot find the broker cluster's nodes: " + e.getMessage(), e);
        }
    }

    /** CPU seconds used so far, per role (the sum of its processes), in the order of {@link #of}. */
    Map<String, Double> cpuSeconds() {
        Map<String, Double> seconds = new LinkedHashMap<>();
        pids.forEach((name, processes) -> seconds.put(
                name, processes.stream().mapToDouble(pid -> ticks(name, pid)).sum() / TICKS_PER_SECOND));
        return seconds;
    }

    private static double ticks(String name, long pid) {
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
            // Fields after the command name (which may hold spaces) start behind its closing parenthesis.
            String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
        } catch (IOException | RuntimeException e) {
            throw new IllegalStateException(
                    "cannot read the CPU time of the " + name + " (pid " + pid + ") from /proc: " + e.getMessage(), e);
        }
    }

    /** The database server listening on {@code port}, found among the machine's processes. */
    static long databasePid(int port) {
        return findOne(
                "database server on port " + port,
                command -> (command.contains("mariadbd") || command.contains("mysqld"))
                        && command.contains("--port=" + port));
    }

    private static long findOne(String what, java.util.function.Predicate<String> matches) {
        List<Long> found;
        try (Stream<Path> entries = Files.list(Path.of("/proc"))) {
            found = entries.filter(path -> path.getFileName().toString().matches("\\d+"))
                    .filter(path -> matches.test(commandLine(path)))
                    .map(path -> Long.parseLong(path.getFileName().toString()))
                    .toList();
        } catch (IOException e) {
            throw new IllegalStateException("cannot list /proc to find the " + what + ": " + e.getMessage(), e);
        }
        if (found.size() != 1) {
            throw new IllegalStateException("expected one process of the " + what + " on this machine, found "
                    + found.size()
                    + " (" + found + "): the bench measures the CPU of every process of the pipeline, so it runs"
                    + " where they all run (make infras' local MariaDB and RabbitMQ)");
        }
        return found.get(0);
    }

    private static String commandLine(Path procEntry) {
        try {
            return Files.readString(procEntry.resolve("cmdline")).replace('\0', ' ');
        } catch (IOException | RuntimeException e) {
            return ""; // the process ended while we looked, or is not ours to read
        }
    }
}
