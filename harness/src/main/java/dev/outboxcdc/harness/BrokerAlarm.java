package dev.outboxcdc.harness;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * A RabbitMQ resource alarm raised for real on the local broker (with {@code rabbitmqctl}): its memory
 * high watermark set so low, or its free-disk limit so high, that the broker blocks every connection
 * that publishes, as when it runs out of memory or disk; closing it sets the limit back to what it
 * was, and so does the JVM's exit if a test never got to close it (a broker left blocked would stop
 * every publisher on the machine). The whole broker is blocked meanwhile, so a test keeps the alarm
 * short.
 */
public final class BrokerAlarm implements AutoCloseable {
    /** The rabbitmqctl command, with its arguments, that sets the limit back. */
    private final List<String> restoreCommand;

    private final Thread restoreAtExit = new Thread(this::restoreQuietly, "broker-alarm-restore");

    private BrokerAlarm(List<String> restoreCommand) {
        this.restoreCommand = restoreCommand;
    }

    /** Why an alarm cannot be raised here, if it cannot (no rabbitmqctl, or no right to use it). */
    public static Optional<String> unavailable() {
        if (!NodeTools.onPath("rabbitmqctl")) {
            return Optional.of("rabbitmqctl is not installed here: the broker's alarms cannot be raised");
        }
        try {
            run("rabbitmqctl", "-q", "eval", "ok.");
            return Optional.empty();
        } catch (IOException e) {
            return Optional.of("rabbitmqctl cannot reach the broker (" + e.getMessage() + ")");
        }
    }

    /** Raises the memory alarm. */
    public static BrokerAlarm memory() throws IOException {
        String before = run("rabbitmqctl", "-q", "eval", "vm_memory_monitor:get_vm_memory_high_watermark().");
        // 0.4 (a fraction of the RAM) or {absolute,Bytes}
        List<String> restore = new ArrayList<>(List.of("rabbitmqctl", "-q", "set_vm_memory_high_watermark"));
        restore.addAll(
                before.startsWith("{absolute,")
                        ? List.of("absolute", before.replaceAll("[^0-9]", ""))
                        : List.of(before));
        return raise(restore, "set_vm_memory_high_watermark", "0.000001");
    }

    /** Raises the disk alarm: a free-disk limit far above what the disk has. */
    public static BrokerAlarm disk() throws IOException {
        String before = run("rabbitmqctl", "-q", "eval", "rabbit_disk_monitor:get_disk_free_limit().");
        return raise(
                List.of("rabbitmqctl", "-q", "set_disk_free_limit", before.trim()), "set_disk_free_limit", "100000GB");
    }

    private static BrokerAlarm raise(List<String> restore, String command, String limit) throws IOException {
        BrokerAlarm alarm = new BrokerAlarm(restore);
        Runtime.getRuntime().addShutdownHook(alarm.restoreAtExit);
        run("rabbitmqctl", "-q", command, limit);
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
        run(restoreCommand.toArray(String[]::new));
    }

    private static String run(String... command) throws IOException {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
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
