package dev.outboxcdc.loadtest.chaos;

import dev.outboxcdc.harness.BrokerCluster;
import dev.outboxcdc.harness.ProjectRoot;
import dev.outboxcdc.harness.ServiceProcess;
import dev.outboxcdc.harness.TestDatabase;
import dev.outboxcdc.loadtest.bench.Progress;
import dev.outboxcdc.loadtest.bench.ServiceStack;
import dev.outboxcdc.loadtest.verify.PipelineVerifier;
import dev.outboxcdc.support.amqp.QueueType;
import dev.outboxcdc.support.amqp.Subscription;
import dev.outboxcdc.support.config.Env;
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
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.jdbi.v3.core.Jdbi;

/**
 * {@code make chaos}: api, relay and worker as separate processes against the real servers, a
 * steady load, one fault per scenario, and an independent check in the database afterwards. Exits
 * non-zero if any event was lost or any effect duplicated. {@code make chaos ARGS="1 2"} runs some.
 */
public final class ChaosSuite {
    private static final Duration PAUSE = Duration.ofSeconds(2);
    private static final Duration READINESS_LIMIT = Duration.ofSeconds(90);
    private static final int RATE = 200;
    private static final Duration LOAD = Duration.ofSeconds(15);
    private static final Duration FAULT_AFTER = Duration.ofSeconds(5);
    private static final Duration WARM_UP = Duration.ofSeconds(20);
    /** Recovery targets (issue "Back in seconds"), each from the moment its scenario lets the pipeline back. */
    static final Duration KILL_TARGET = Duration.ofSeconds(5);

    private static final Duration STOP_TARGET = Duration.ofSeconds(5);
    private static final Duration BROKER_TARGET = Duration.ofSeconds(10);
    private static final Duration DATABASE_TARGET = Duration.ofSeconds(10);
    private static final Duration FAILOVER_TARGET = Duration.ofSeconds(15);

    /** The worker's partitions on a broker cluster, where the suite runs the layout a cluster is run with. */
    private static final int CLUSTER_PARTITIONS = 4;

    private ChaosSuite() {}

    public static void main(String[] args) throws Exception {
        List<Integer> selected = Arrays.stream(args).map(Integer::parseInt).toList();
        Instant runAt = Instant.now();
        List<Outcome> outcomes = run(selected, RATE, LOAD, Outcome.Targets.ENFORCED, WARM_UP);
        StringBuilder table = new StringBuilder(String.format(
                        "Run at %s, %d req/s open loop, %d s per scenario, fault at %d s%n%n",
                        runAt, RATE, LOAD.toSeconds(), FAULT_AFTER.toSeconds())
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
        try (ServiceStack stack = new ServiceStack("chaos", stackEnvironment(infrastructure)).start();
                StackAdminConnections connections = new StackAdminConnections(stack)) {
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
                    "broker: %s, %s queues, worker partitions: %d%n",
                    BrokerCluster.inUse() ? "a cluster of " + BrokerCluster.NODES + " nodes" : "one node",
                    stack.relayEnvironment().getOrDefault(QueueType.VARIABLE, "quorum"),
                    partitions);
            List<Scenario> chosen = scenarios(infrastructure, partitions).stream()
                    .filter(scenario -> selected.isEmpty() || selected.contains(scenario.number()))
                    .toList();
            // the load, then the drain and the restarts: about 15 s more per scenario on this machine
            Duration perScenario = duration.plusSeconds(15);
            Progress progress = new Progress(
                    System.out, perScenario.multipliedBy(chosen.size()).plus(warmUp));
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
                        perScenario);
                Outcome outcome = runner.run(scenario);
                System.out.println(outcome.line());
                outcomes.add(outcome);
            }
            return outcomes;
        }
    }

    /**
     * The stack's settings beyond the defaults: the replica the services fail over to, and against
     * a broker cluster the layout a cluster is run with, the worker's queue in {@value
     * #CLUSTER_PARTITIONS} partitions (unless {@code WORKER_PARTITIONS} says otherwise).
     */
    private static Map<String, String> stackEnvironment(Infrastructure infrastructure) {
        Map<String, String> environment = new HashMap<>(DatabaseFailover.failoverEnvironment(infrastructure));
        if (BrokerCluster.inUse() && System.getenv(Subscription.PARTITIONS_VARIABLE) == null) {
            environment.put(Subscription.PARTITIONS_VARIABLE, Integer.toString(CLUSTER_PARTITIONS));
        }
        return environment;
    }

    /**
     * Scenarios 1-8; against a broker cluster ({@code BROKER_NODES=3}) the single broker's restart (4)
     * gives way to the cluster's faults (9-13, {@link ClusterScenarios}).
     */
    static List<Scenario> scenarios(Infrastructure infrastructure, int partitions) {
        List<Scenario> all = new ArrayList<>(singleNodeScenarios(infrastructure));
        if (BrokerCluster.inUse()) {
            all.removeIf(scenario -> scenario.number() == 4);
            all.addAll(ClusterScenarios.list(new BrokerCluster(ProjectRoot.find()), partitions));
        }
        return all;
    }

    private static List<Scenario> singleNodeScenarios(Infrastructure infrastructure) {
        return List.of(
                new Scenario(
                        1,
                        "kill -9 relay, restart after 2 s",
                        false,
                        "the restart",
                        Optional.of(KILL_TARGET),
                        (stack, clock) -> {
                            double unconfirmed = ServiceProbe.awaitInFlight(stack.relay, ServiceProbe.RELAY_IN_FLIGHT);
                            stack.relay.kill();
                            clock.hit();
                            pause();
                            clock.letBack();
                            stack.startRelay();
                            return (load, verification) -> {
                                double worstDelay =
                                        ServiceProbe.scrape(stack.relay).sum(ServiceProbe.RELAY_WORST_DELAY);
                                // Work in flight at the kill: publishes not yet confirmed, or confirmed ones whose
                                // offsets were not stored yet, which the restarted relay published again.
                                boolean inFlight = unconfirmed > 0 || verification.duplicateDeliveries() > 0;
                                return FaultEvidence.of(
                                        inFlight && worstDelay > 1,
                                        String.format(
                                                "%.0f unconfirmed publishes just before the"
                                                        + " kill; %d events delivered again after the restart; the relay's delay peaked at %.1f s",
                                                unconfirmed, verification.duplicateDeliveries(), worstDelay));
                            };
                        }),
                new Scenario(
                        2,
                        "kill -9 worker, restart after 2 s",
                        false,
                        "the restart",
                        Optional.of(KILL_TARGET),
                        (stack, clock) -> {
                            double unacked = ServiceProbe.awaitInFlight(stack.worker, ServiceProbe.WORKER_UNACKED);
                            stack.worker.kill();
                            clock.hit();
                            pause();
                            clock.letBack();
                            stack.startWorker();
                            return (load, verification) -> FaultEvidence.of(
                                    unacked > 0,
                                    String.format("%.0f unacked deliveries just before the kill", unacked));
                        }),
                new Scenario(
                        3,
                        "SIGTERM relay and worker, restart",
                        true,
                        "the restart",
                        Optional.of(STOP_TARGET),
                        (stack, clock) -> {
                            double unacked = ServiceProbe.awaitInFlight(stack.worker, ServiceProbe.WORKER_UNACKED);
                            clock.hit();
                            int workerExit = stack.worker.terminate(Duration.ofSeconds(10));
                            double unconfirmed = ServiceProbe.awaitInFlight(stack.relay, ServiceProbe.RELAY_IN_FLIGHT);
                            int relayExit = stack.relay.terminate(Duration.ofSeconds(10));
                            pause();
                            clock.letBack();
                            stack.startWorkerAndRelay();
                            // Either kind of work in flight proves the stop drained it (no duplicate delivery:
                            // Outcome).
                            return (load, verification) -> FaultEvidence.of(
                                    (unacked > 0 || unconfirmed > 0) && workerExit == 0 && relayExit == 0,
                                    String.format(
                                            "%.0f unacked deliveries, %.0f unconfirmed publishes just before the stops; exit %d and %d",
                                            unacked, unconfirmed, workerExit, relayExit));
                        }),
                new Scenario(
                        4,
                        "restart RabbitMQ",
                        false,
                        "the broker answered again",
                        Optional.of(BROKER_TARGET),
                        (stack, clock) -> {
                            int relayLog = ServiceProbe.logLength(stack.relay);
                            int workerLog = ServiceProbe.logLength(stack.worker);
                            clock.hit();
                            infrastructure.restartBroker();
                            clock.letBack();
                            return (load, verification) -> {
                                boolean relayRecovered = ServiceProbe.logSince(stack.relay, relayLog)
                                        .contains("Broker confirms again");
                                boolean workerReconnected = ServiceProbe.logSince(stack.worker, workerLog)
                                        .contains("worker consuming");
                                return FaultEvidence.of(
                                        relayRecovered && workerReconnected,
                                        String.format(
                                                "relay %s; worker %s",
                                                relayRecovered
                                                        ? "re-published its unconfirmed batch"
                                                        : "saw no failed confirm",
                                                workerReconnected ? "reconnected" : "did not reconnect"));
                            };
                        }),
                new Scenario(
                        5,
                        "kill -9 the database, start it again",
                        false,
                        "the database answered again",
                        Optional.of(DATABASE_TARGET),
                        (stack, clock) -> {
                            CompletableFuture<ReadinessWatch.Course> api =
                                    ReadinessWatch.start(stack.apiUrl.resolve("/health/ready"), READINESS_LIMIT);
                            CompletableFuture<ReadinessWatch.Course> worker = ReadinessWatch.start(
                                    stack.worker.metricsUrl().orElseThrow().resolve("/health/ready"), READINESS_LIMIT);
                            infrastructure.killDatabase();
                            clock.hit();
                            pause();
                            infrastructure.startDatabase();
                            clock.letBack();
                            return (load, verification) -> {
                                ReadinessWatch.Course apiCourse = api.get();
                                ReadinessWatch.Course workerCourse = worker.get();
                                boolean readinessFollowed = Stream.of(apiCourse, workerCourse)
                                        .allMatch(course -> course.unready()
                                                        .filter(down -> down.compareTo(Duration.ofSeconds(5)) <= 0)
                                                        .isPresent()
                                                && course.readyAgain().isPresent());
                                return FaultEvidence.of(
                                        load.recoveredFrom(503) && readinessFollowed,
                                        String.format(
                                                "%d answers 503, %s; %s; %s",
                                                load.statuses().getOrDefault(503, 0L),
                                                load.recoveredFrom(503) ? "then 201 again" : "and no 201 after them",
                                                apiCourse.describe("api"),
                                                workerCourse.describe("worker")));
                            };
                        }),
                // No target: it re-publishes what the purged position had not passed, as much as the run left there.
                new Scenario(
                        6, "relay down, binary logs purged", false, "the restart", Optional.empty(), (stack, clock) -> {
                            clock.hit();
                            stack.relay.terminate(Duration.ofSeconds(10));
                            TimeUnit.SECONDS.sleep(3);
                            try (TestDatabase database = new TestDatabase(stack.admin())) {
                                database.purgeBinaryLogsButTheNewest(Duration.ofSeconds(30));
                            }
                            clock.letBack();
                            stack.startRelay();
                            return (load, verification) -> {
                                boolean reset =
                                        ServiceProbe.logSince(stack.relay, 0).contains("deleting the stored offsets");
                                return FaultEvidence.of(
                                        reset && verification.duplicateDeliveries() > 0,
                                        String.format(
                                                "offsets %s; %d events re-published",
                                                reset ? "reset" : "not reset", verification.duplicateDeliveries()));
                            };
                        }),
                // Its target is the takeover's (Outcome.TAKEOVER_TARGET): the standby's lease wait is the recovery.
                new Scenario(
                        7,
                        "two relays at once, active one killed",
                        false,
                        "the kill",
                        Optional.empty(),
                        (stack, clock) -> {
                            ServiceProcess active = stack.relay;
                            stack.startRelay();
                            ServiceProcess standby = stack.relay;
                            boolean stoodBy = ServiceProbe.awaitLog(standby, 0, "standing by", Duration.ofSeconds(30));
                            int standbyLog = ServiceProbe.logLength(standby);
                            long killed = System.nanoTime();
                            active.kill();
                            clock.hit();
                            CompletableFuture<Optional<Duration>> takeover =
                                    ServiceProbe.inBackground(() -> ServiceProbe.awaitLog(
                                                    standby, standbyLog, "Published messages", Duration.ofMinutes(2))
                                            ? Optional.of(Duration.ofNanos(System.nanoTime() - killed))
                                            : Optional.empty());
                            return (load, verification) -> new FaultEvidence(
                                    stoodBy && takeover.get().isPresent(),
                                    String.format(
                                            "standby %s, %s",
                                            stoodBy ? "stood by" : "never stood by",
                                            takeover.get().isPresent()
                                                    ? "published after the kill"
                                                    : "never published"),
                                    takeover.get());
                        }),
                // Last: it moves the stack to the replica and back.
                new Scenario(
                        8,
                        "kill -9 the database, fail over to its replica",
                        false,
                        "the kill",
                        Optional.of(FAILOVER_TARGET),
                        new DatabaseFailover(infrastructure)));
    }

    private static void pause() throws InterruptedException {
        TimeUnit.MILLISECONDS.sleep(PAUSE.toMillis());
    }
}
