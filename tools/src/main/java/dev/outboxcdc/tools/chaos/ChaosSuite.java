package dev.outboxcdc.tools.chaos;

import dev.outboxcdc.harness.BrokerAlarm;
import dev.outboxcdc.harness.BrokerCluster;
import dev.outboxcdc.harness.LocalTls;
import dev.outboxcdc.harness.ProjectRoot;
import dev.outboxcdc.harness.ServiceStack;
import dev.outboxcdc.support.amqp.Subscription;
import dev.outboxcdc.support.config.Env;
import dev.outboxcdc.support.config.variables.BrokerVariables;
import dev.outboxcdc.tools.bench.Progress;
import dev.outboxcdc.tools.verify.PipelineVerifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jdbi.v3.core.Jdbi;

/**
 * {@code make chaos}: api, relay and worker as separate processes against the real servers, a
 * steady load, one fault per scenario, and an independent check in the database afterwards. Exits
 * non-zero if any event was lost or any effect duplicated. {@code make chaos ARGS="1 2"} runs some.
 */
public final class ChaosSuite {
    private static final int RATE = 200;
    private static final Duration LOAD = Duration.ofSeconds(15);
    private static final Duration FAULT_AFTER = Duration.ofSeconds(5);
    private static final Duration WARM_UP = Duration.ofSeconds(15);

    /** The worker's partitions on a broker cluster, where the suite runs the layout a cluster is run with. */
    private static final int CLUSTER_PARTITIONS = 4;

    private ChaosSuite() {}

    public static void main(String[] args) throws Exception {
        List<Integer> selected = Arrays.stream(args).map(Integer::parseInt).toList();
        Instant runAt = Instant.now();
        List<Outcome> outcomes = run(selected, RATE, LOAD, Outcome.Targets.ENFORCED, WARM_UP);
        StringBuilder table = new StringBuilder(String.format(
                        "Run at %s, %d req/s open loop, %d s per scenario unless it says otherwise, fault at %d s"
                                + " (%d s for the faults of half a minute and more, 14-19)%n%n",
                        runAt, RATE, LOAD.toSeconds(), FAULT_AFTER.toSeconds(), QuietFaultScenarios.LEAD.toSeconds())
                + Outcome.TABLE_HEADER);
        outcomes.forEach(outcome -> table.append(outcome.tableRow()).append('\n'));
        Path directory = Path.of("target", "chaos");
        Files.createDirectories(directory);
        Files.writeString(directory.resolve("results.md"), table);
        ChaosReport.of(runAt, RATE, LOAD, FAULT_AFTER, outcomes).write(directory);
        System.out.println(table);
        System.out.println("written to " + directory.toAbsolutePath().resolve("results.md") + " and report.html");
        boolean passed = outcomes.stream().allMatch(Outcome::passed);
        System.out.println(passed ? "chaos: every scenario passed" : "chaos: FAILED");
        System.exit(passed ? 0 : 1);
    }

    /**
     * Runs the selected scenarios (all if none) on one stack, after {@code warmUp} of closed-loop
     * load (zero: none); prints a line per scenario.
     */
    public static List<Outcome> run(
            List<Integer> selected, int rate, Duration duration, Outcome.Targets targets, Duration warmUp)
            throws Exception {
        Infrastructure infrastructure = new Infrastructure(ProjectRoot.find());
        try (ServiceLinks links = ServiceLinks.open();
                DatabaseDisk disk = DatabaseDisk.mount();
                ServiceStack stack = links.route(new ServiceStack("chaos", stackEnvironment(infrastructure)));
                StackAdminConnections connections = new StackAdminConnections(stack)) {
            // before the services create their tables: every table of the stack on the disk scenario 19 fills
            disk.adopt(stack.database.name());
            stack.start();
            Jdbi admin = Jdbi.create(connections);
            ScenarioRunner runner = new ScenarioRunner(
                    stack,
                    new PipelineVerifier(admin, stack.database.name(), stack.consumer),
                    rate,
                    duration,
                    FAULT_AFTER,
                    targets);
            int partitions =
                    Subscription.fromEnv(new Env(stack.relayEnvironment())).partitions();
            System.out.printf(
                    "broker: %s, %s queues, worker partitions: %d%s%n",
                    BrokerCluster.inUse() ? "a cluster of " + BrokerCluster.NODES + " nodes" : "one node",
                    stack.relayEnvironment().getOrDefault(BrokerVariables.QUEUE_TYPE.name(), "quorum"),
                    partitions,
                    LocalTls.requested()
                            ? "; every link TLS (TLS=1: the database and the broker refuse plaintext)"
                            : "");
            List<Scenario> chosen = scenarios(infrastructure, partitions, links, disk, admin).stream()
                    .filter(scenario -> selected.isEmpty() || selected.contains(scenario.number()))
                    .toList();
            // the load, then the drain and the restarts: about 15 s more per scenario on this machine
            Progress progress = new Progress(
                    System.out,
                    chosen.stream()
                            .map(scenario -> expectedTime(scenario, duration))
                            .reduce(warmUp, Duration::plus));
            if (!warmUp.isZero()) {
                progress.stage("warm-up: " + warmUp.toSeconds() + " s of closed-loop load", warmUp);
                runner.warmUp(warmUp);
            }
            List<Outcome> outcomes = new ArrayList<>();
            for (int i = 0; i < chosen.size(); i++) {
                Scenario scenario = chosen.get(i);
                progress.stage(
                        "scenario " + scenario.number() + " (" + (i + 1) + " of " + chosen.size() + "): "
                                + scenario.name(),
                        expectedTime(scenario, duration));
                Outcome outcome = runner.run(scenario);
                System.out.println(outcome.line());
                outcomes.add(outcome);
            }
            if (LocalTls.requested()) {
                // make chaos TLS=1: what the servers say of every link the services hold at the end
                LocalTls.Tally tally = LocalTls.tally(stack.admin());
                System.out.println(tally.line());
                if (!tally.allEncrypted()) {
                    throw new IllegalStateException("TLS=1, but not every link is encrypted: " + tally);
                }
            }
            return outcomes;
        }
    }

    private static Duration expectedTime(Scenario scenario, Duration load) {
        return scenario.load().orElse(load).plusSeconds(15);
    }

    /**
     * The stack's settings beyond the defaults: the replica the services fail over to, and against
     * a broker cluster the layout a cluster is run with, the worker's queue in {@value
     * #CLUSTER_PARTITIONS} partitions (unless {@code WORKER_PARTITIONS} says otherwise).
     */
    private static Map<String, String> stackEnvironment(Infrastructure infrastructure) {
        Map<String, String> environment = new HashMap<>(DatabaseFailover.failoverEnvironment(infrastructure));
        if (BrokerCluster.inUse()
                && Env.system().find(BrokerVariables.WORKER_PARTITIONS).isEmpty()) {
            environment.put(Subscription.PARTITIONS_VARIABLE, Integer.toString(CLUSTER_PARTITIONS));
        }
        return environment;
    }

    /**
     * Scenarios 1-8; against a broker cluster ({@code BROKER_NODES=3}) the single broker's restart (4)
     * gives way to the cluster's faults (9-13, {@link ClusterScenarios}); then, on either, the broker's
     * resource alarms and a read-only database (14-16, {@link QuietFaultScenarios}), slow and
     * half-open links (17-18), a full disk (19) and skewed clocks (20-25).
     */
    static List<Scenario> scenarios(
            Infrastructure infrastructure, int partitions, ServiceLinks links, DatabaseDisk disk, Jdbi admin) {
        List<Scenario> all = new ArrayList<>(SingleNodeScenarios.list(infrastructure));
        if (BrokerCluster.inUse()) {
            BrokerCluster cluster = new BrokerCluster(ProjectRoot.find());
            all.removeIf(scenario -> scenario.number() == 4);
            all.addAll(ClusterScenarios.list(cluster, partitions));
            all.addAll(QuietFaultScenarios.list(cluster.ctl(1), Optional::empty));
        } else {
            all.addAll(QuietFaultScenarios.list(BrokerAlarm.Ctl.LOCAL, BrokerAlarm::unavailable));
        }
        all.addAll(LinkFaultScenarios.list(links));
        all.add(QuietFaultScenarios.diskFull(disk));
        all.addAll(FanOutScenarios.list(admin));
        // last: a skewed service stays skewed until the next of them (ClockSkewScenarios.Skewed)
        all.addAll(ClockSkewScenarios.list());
        return all;
    }
}
