package dev.outboxcdc.harness;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * A RabbitMQ resource alarm raised for real with {@code rabbitmqctl}, on the machine's broker or one
 * node of the project's cluster ({@link Ctl}): its memory high watermark set so low, or its
 * free-disk limit so high, that the broker blocks every connection that publishes, as when it runs
 * out of memory or disk; closing it sets the limit back to what it
 * was, and so does the JVM's exit if a test never got to close it (a broker left blocked would stop
 * every publisher on the machine). The whole broker is blocked meanwhile, so a test keeps the alarm
 * short.
 */
public final class BrokerAlarm implements AutoCloseable {
    /**
     * How rabbitmqctl is run against the broker: {@link #LOCAL} for the machine's own, or one node of
     * the project's cluster ({@link BrokerCluster#ctl}); an alarm on one node blocks publishers on
     * every node of its cluster.
     */
    public record Ctl(List<String> command, Map<String, String> environment) {
        public static final Ctl LOCAL = new Ctl(List.of("rabbitmqctl"), Map.of());

        List<String> with(String... arguments) {
            List<String> full = new ArrayList<>(command);
            full.addAll(List.of(arguments));
            return full;
        }
    }

    private final Ctl ctl;
    /** The rabbitmqctl arguments that set the limit back. */
    private final List<String> restoreArguments;

    private final Thread restoreAtExit = new Thread(this::restoreQuietly, "broker-alarm-restore");

    private BrokerAlarm(Ctl ctl, List<String> restoreArguments) {
        this.ctl = ctl;
        this.restoreArguments = restoreArguments;
    }

    /** Why an alarm cannot be raised here, if it cannot (no rabbitmqctl, or no right to use it). */
    public static Optional<String> unavailable() {
        if (!NodeTools.onPath("rabbitmqctl")) {
            return Optional.of("rabbitmqctl is not installed here: the broker's alarms cannot be raised");
        }
        try {
            run(Ctl.LOCAL, "-q", "eval", "ok.");
            return Optional.empty();
        } catch (IOException e) {
            return Optional.of("rabbitmqctl cannot reach the broker (" + e.getMessage() + ")");
        }
    }

    /** Raises the memory alarm on the machine's broker. */
    public static BrokerAlarm memory() throws IOException {
        return memory(Ctl.LOCAL);
    }

    /** Raises the memory alarm on the broker {@code ctl} reaches. */
    public static BrokerAlarm memory(Ctl ctl) throws IOException {
        String before = run(ctl, "-q", "eval", "vm_memory_monitor:get_vm_memory_high_watermark().");
        // 0.4 (a fraction of the RAM) or {absolute,Bytes}
        List<String> restore = new ArrayList<>(List.of("-q", "set_vm_memory_high_watermark"));
        restore.addAll(
                before.startsWith("{absolute,")
                        ? List.of("absolute", before.replaceAll("[^0-9]", ""))
                        : List.of(before));
        return raise(ctl, restore, "set_vm_memory_high_watermark", "0.000001");
    }

    /** Raises the disk alarm on the machine's broker: a free-disk limit far above what the disk has. */
    public static BrokerAlarm disk() throws IOException {
        return disk(Ctl.LOCAL);
    }

    /** Raises the disk alarm on the broker {@code ctl} reaches. */
    public static BrokerAlarm disk(Ctl ctl) throws IOException {
        String before = run(ctl, "-q", "eval", "rabbit_disk_monitor:get_disk_free_limit().");
        return raise(ctl, List.of("-q", "set_disk_free_limit", before.trim()), "set_disk_free_limit", "100000GB");
    }

    private static BrokerAlarm raise(Ctl ctl, List<String> restore, String command, String limit) throws IOException {
        BrokerAlarm alarm = new BrokerAlarm(ctl, restore);
        Runtime.getRuntime().addShutdownHook(alarm.restoreAtExit);
        run(ctl, "-q", command, limit);
        return alarm;
    }

    @Override
    public void close() throws IOException {
        Runtime.getRuntime().removeShutdownHook(restoreAtExit);
        restore();
    }

    private void restoreQuietly() {
        try {
            restore();
        } catch (IOException e) {
            System.err.println("could not set the broker's limit back: " + e.getMessage());
        }
    }

    private void restore() throws IOException {
        run(ctl, restoreArguments.toArray(String[]::new));
    }

    private static String run(Ctl ctl, String... arguments) throws IOException {
        List<String> command = ctl.with(arguments);
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().putAll(ctl.environment());
        Process process = builder.start();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        try {
            if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
                process.destroyForcibly();
                throw new IOException(String.join(" ", command) + " failed: " + out);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted: " + String.join(" ", command), e);
        }
        return out;
    }
}
