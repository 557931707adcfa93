package dev.outboxcdc.harness;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * A RabbitMQ resource alarm raised for real on the local broker (with {@code rabbitmqctl}): its memory
 * high watermark set so low that the broker blocks every connection that publishes, as when it runs
 * out of memory; closing it sets the watermark back to what it was. The whole broker is blocked
 * meanwhile, so a test keeps the alarm short.
 */
public final class BrokerAlarm implements AutoCloseable {
    private final List<String> watermarkBefore;

    private BrokerAlarm(List<String> watermarkBefore) {
        this.watermarkBefore = watermarkBefore;
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
        List<String> restore = before.startsWith("{absolute,")
                ? List.of("absolute", before.replaceAll("[^0-9]", ""))
                : List.of(before);
        run("rabbitmqctl", "-q", "set_vm_memory_high_watermark", "0.000001");
        return new BrokerAlarm(restore);
    }

    @Override
    public void close() throws IOException {
        List<String> command = new ArrayList<>(List.of("rabbitmqctl", "-q", "set_vm_memory_high_watermark"));
        command.addAll(watermarkBefore);
        run(command.toArray(String[]::new));
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
