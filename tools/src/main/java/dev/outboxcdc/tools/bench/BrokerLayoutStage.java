package dev.outboxcdc.tools.bench;

import dev.outboxcdc.harness.BrokerCluster;
import dev.outboxcdc.harness.ProjectRoot;
import dev.outboxcdc.harness.ServiceStack;
import dev.outboxcdc.support.amqp.AmqpSettings;
import dev.outboxcdc.support.amqp.Subscription;
import dev.outboxcdc.support.config.variables.BrokerVariables;
import dev.outboxcdc.tools.report.Report;
import java.io.IOException;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The CDC pipeline on the broker layouts a team chooses between, each on a stack of its own, next
 * to the CDC stage (quorum queues on one node, one worker queue): classic queues on one node (what
 * quorum costs), the worker's queue in {@value #PARTITIONS} partitions (ordered consumption in
 * parallel), and the same on a three-node cluster, which this stage starts
 * (scripts/broker-cluster.sh) and stops again unless it was running already.
 */
final class BrokerLayoutStage {
    static final int PARTITIONS = 8;

    /** One layout: its sustained stage, and with partitions the stage with updates. */
    record Layout(ModeMeasurement.Result sustained, Optional<ModeMeasurement.WithUpdates> updates) {}

    /** The cluster's layout, or why it was not measured. */
    record Result(Layout classic, Layout partitioned, Optional<Layout> cluster, Optional<String> clusterSkipped) {
        Result {
            if (cluster.isPresent() == clusterSkipped.isPresent()) {
                throw new IllegalArgumentException("the cluster is either measured or skipped");
            }
        }

        /** Every layout this stage measured. */
        Stream<Layout> measured() {
            return Stream.concat(Stream.of(classic, partitioned), cluster.stream());
        }
    }

    private final ModeMeasurement measurement;
    private final Progress progress;

    BrokerLayoutStage(ModeMeasurement measurement, Progress progress) {
        this.measurement = measurement;
        this.progress = progress;
    }

    /** The stage's planned time, as {@link BenchSettings#plannedPerRun} counts it. */
    static Duration planned(BenchSettings settings) {
        Duration sustained = settings.warmup().plus(settings.measure()).plusSeconds(30);
        Duration withUpdates = sustained.plus(settings.measure().multipliedBy(2));
        return sustained.plus(withUpdates.multipliedBy(2)).plusSeconds(60);
    }

    Result run(String run) throws Exception {
        Layout classic;
        try (ServiceStack stack =
                new ServiceStack("bench-classic", Map.of(BrokerVariables.QUEUE_TYPE.name(), "classic")).start()) {
            classic = new Layout(measurement.sustainedOnly(run + "cdc, classic queues", stack), Optional.empty());
        }
        Layout partitioned = partitioned(run + "cdc, " + PARTITIONS + " partitions", "bench-partitions", Map.of());
        BrokerCluster cluster = new BrokerCluster(ProjectRoot.find());
        boolean wasRunning = cluster.allRunning();
        progress.stage(
                run + "starting the local 3-node broker cluster (scripts/broker-cluster.sh up)",
                Duration.ofSeconds(60));
        try {
            cluster.up();
        } catch (IOException e) {
            return new Result(
                    classic,
                    partitioned,
                    Optional.empty(),
                    Optional.of("the local cluster did not start (scripts/broker-cluster.sh up): " + e.getMessage()));
        }
        try {
            Layout onCluster = partitioned(
                    run + "cdc, 3-node cluster, " + PARTITIONS + " partitions",
                    "bench-cluster",
                    Map.of(AmqpSettings.ADDRESSES_VARIABLE, cluster.addresses()));
            return new Result(classic, partitioned, Optional.of(onCluster), Optional.empty());
        } finally {
            if (!wasRunning) {
                cluster.down();
            }
        }
    }

    private Layout partitioned(String mode, String name, Map<String, String> environment) throws Exception {
        Map<String, String> withPartitions = new HashMap<>(environment);
        withPartitions.put(Subscription.PARTITIONS_VARIABLE, Integer.toString(PARTITIONS));
        try (ServiceStack stack = new ServiceStack(name, withPartitions).start()) {
            ModeMeasurement.Result sustained = measurement.sustainedOnly(mode, stack);
            return new Layout(sustained, Optional.of(measurement.withUpdates(mode, stack)));
        }
    }

    /**
     * The layouts side by side: the CDC stage's (quorum queues, one node, one queue), then this
     * stage's; with updates, how soon an update was applied and how often it waited for its
     * predecessor.
     */
    static String render(BenchRun run) {
        Result layouts = run.layouts();
        StringBuilder table = new StringBuilder("\nBroker layouts (CDC relay; "
                + Math.round(run.cdcWithUpdates().report().updateRatio() * 100)
                + " % updates in the stages with updates):\n\n");
        table.append("| layout | e2e sustained events/s | CPU ms per event: broker / total"
                + " | with updates: events/s | update committed->applied p50 / p99 ms, sustained (creates' committed->handled)"
                + " | the same at half load | waits per update |\n|---|---|---|---|---|---|---|\n");
        row(table, "one node, quorum queues, one queue", new Layout(run.cdc(), Optional.of(run.cdcWithUpdates())));
        row(table, "one node, classic queues, one queue", layouts.classic());
        row(table, "one node, quorum queues, " + PARTITIONS + " partitions", layouts.partitioned());
        String cluster = "3-node cluster, quorum queues, " + PARTITIONS + " partitions";
        layouts.cluster()
                .ifPresentOrElse(
                        layout -> row(table, cluster, layout),
                        () -> BenchTable.row(
                                table,
                                cluster,
                                "**skipped**: " + layouts.clusterSkipped().orElseThrow(),
                                "",
                                "",
                                "",
                                "",
                                ""));
        return table.toString();
    }

    private static void row(StringBuilder table, String name, Layout layout) {
        ModeMeasurement.Result sustained = layout.sustained();
        BenchTable.row(
                table,
                name,
                BenchTable.fmt(sustained.sustainedRate()),
                BenchTable.fmt2(sustained.cost().cpuOf("broker")) + " / "
                        + BenchTable.fmt2(sustained.cost().totalCpuMillisPerEvent()),
                layout.updates()
                        .map(updates -> BenchTable.fmt(updates.sustainedRate()))
                        .orElse("–"),
                layout.updates().map(updates -> updateLatency(updates.report())).orElse("–"),
                layout.updates()
                        .map(updates -> updateLatency(updates.halfLoad()))
                        .orElse("–"),
                layout.updates()
                        .map(updates -> String.format("%.3f", updates.waitsPerUpdate()))
                        .orElse("–"));
    }

    /** An update's latency, and beside it the creates' of the same stage: the floor an update shares. */
    private static String updateLatency(Report report) {
        return BenchTable.fmt(report.updateCommittedToAppliedMillis().p50()) + " / "
                + BenchTable.fmt(report.updateCommittedToAppliedMillis().p99()) + " ("
                + BenchTable.fmt(report.endToEndMillis().p50()) + " / "
                + BenchTable.fmt(report.endToEndMillis().p99()) + ")";
    }
}
