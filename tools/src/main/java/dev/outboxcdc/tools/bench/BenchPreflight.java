package dev.outboxcdc.tools.bench;

import com.rabbitmq.client.Connection;
import dev.outboxcdc.harness.BrokerCluster;
import dev.outboxcdc.harness.TestEnvironment;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/**
 * Refuses to start a bench whose figures would be wrong from the start: the database or the broker
 * unreachable, or the CPU already busy (another stack such as {@code make run} under load).
 */
final class BenchPreflight {
    /** Share of the machine's CPU others may use while the bench starts: a quiet shared VM stays below. */
    private static final double BUSY_SHARE = 0.25;

    private BenchPreflight() {}

    static void check(Duration sample) throws Exception {
        if (BrokerCluster.inUse()) {
            throw new BenchFailedException("make bench measures the single broker, and starts the local cluster for"
                    + " its cluster stage itself: run it without BROKER_NODES");
        }
        TestEnvironment.get().admin().resolveFlavor(); // throws, naming host and port, if the database is down
        try (Connection connection = TestEnvironment.get().amqp().connect("bench-preflight")) {
            connection.getServerProperties();
        } catch (IOException e) {
            throw new BenchFailedException("RabbitMQ is not reachable (" + e.getMessage() + "): run make infras", e);
        }
        long[] before = cpuTicks();
        Thread.sleep(sample.toMillis());
        long[] after = cpuTicks();
        double busy = 1.0 - (double) (after[1] - before[1]) / Math.max(1, after[0] - before[0]);
        if (busy > BUSY_SHARE) {
            throw new BenchFailedException(String.format(
                    "the CPU is already %.0f %% busy before the bench starts (is make run"
                            + " or another load running?): stop it, the bench needs the machine to itself",
                    busy * 100));
        }
    }

    /** {total, idle + iowait} jiffies of all CPUs, from /proc/stat. */
    private static long[] cpuTicks() throws IOException {
        String[] fields =
                Files.readAllLines(Path.of("/proc/stat")).get(0).trim().split("\\s+");
        long total = 0;
        for (int i = 1; i < fields.length; i++) {
            total += Long.parseLong(fields[i]);
        }
        return new long[] {total, Long.parseLong(fields[4]) + Long.parseLong(fields[5])};
    }
}
