package dev.outboxcdc.loadtest.chaos;

import dev.outboxcdc.loadtest.bench.Progress;
import dev.outboxcdc.loadtest.bench.ServiceStack;
import dev.outboxcdc.loadtest.verify.PipelineVerifier;
import dev.outboxcdc.testsupport.ProjectRoot;
import dev.outboxcdc.testsupport.ServiceProcess;
import dev.outboxcdc.testsupport.TestDatabase;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
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
    /** A generous bound (about 10 x a normal restart here) on a restarted relay catching up: past it, the recovery is broken, not slow. */
    private static final Duration CATCH_UP_BOUND = Duration.ofSeconds(120);
    private static final Duration READINESS_LIMIT = Duration.ofSeconds(90);
    private static final int RATE = 200;
    private static final Duration LOAD = Duration.ofSeconds(15);
    private static final Duration FAULT_AFTER = Duration.ofSeconds(5);

    private ChaosSuite() {
    }

    public static void main(String[] args) throws Exception {
        List<Integer> selected = Arrays.stream(args).map(Integer::parseInt).toList();
        Instant runAt = Instant.now();
        List<Outcome> outcomes = run(selected, RATE, LOAD);
        StringBuilder table = new StringBuilder(String.format("Run at %s, %d req/s open loop, %d s per scenario, fault at %d s%n%n",
                runAt, RATE, LOAD.toSeconds(), FAULT_AFTER.toSeconds()) + Outcome.TABLE_HEADER);
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

    /** Runs the selected scenarios (all if none) on one stack; prints a line per scenario. */
    public static List<Outcome> run(List<Integer> selected, int rate, Duration duration) throws Exception {
        Infrastructure infrastructure = new Infrastructure(ProjectRoot.find());
        try (ServiceStack stack = new ServiceStack("chaos", Map.of()).start();
             StackAdminConnections connections = new StackAdminConnections(stack)) {
            Jdbi admin = Jdbi.create(connections);
            ScenarioRunner runner = new ScenarioRunner(stack, new PipelineVerifier(admin, stack.database.name(), stack.consumer), rate, duration,
                    FAULT_AFTER);
            List<Scenario> chosen = scenarios(infrastructure).stream()
                    .filter(scenario -> selected.isEmpty() || selected.contains(scenario.number())).toList();
            // the load, then the drain and the restarts: about 15 s more per scenario on this machine
            Duration perScenario = duration.plusSeconds(15);
            Progress progress = new Progress(System.out, perScenario.multipliedBy(chosen.size()));
            List<Outcome> outcomes = new ArrayList<>();
            for (int i = 0; i < chosen.size(); i++) {
                Scenario scenario = chosen.get(i);
                progress.stage("scenario " + scenario.number() + " (" + (i + 1) + " of " + chosen.size() + "): " + scenario.name(), perScenario);
                Outcome outcome = runner.run(scenario);
                System.out.println(outcome.line());
                outcomes.add(outcome);
            }
            return outcomes;
        }
    }

    static List<Scenario> scenarios(Infrastructure infrastructure) {
        return List.of(
                new Scenario(1, "kill -9 relay, restart after 2 s", false, stack -> {
                    double unconfirmed = ServiceProbe.awaitInFlight(stack.relay, ServiceProbe.RELAY_IN_FLIGHT);
                    stack.relay.kill();
                    pause();
                    long restarted = System.nanoTime();
                    stack.startRelay();
                    Optional<Duration> caughtUp = ServiceProbe.awaitBelow(stack.relay, ServiceProbe.RELAY_LAG, 1.0, CATCH_UP_BOUND)
                            .map(at -> Duration.ofNanos(at - restarted));
                    double worstDelay = ServiceProbe.scrape(stack.relay).sum(ServiceProbe.RELAY_WORST_DELAY);
                    return (load, verification) -> {
                        FaultEvidence evidence = FaultEvidence.of(unconfirmed > 0 && worstDelay > 1,
                                String.format("%.0f unconfirmed publishes just before the kill; after the restart the relay's delay"
                                                + " peaked at %.1f s, its lag was under 1 s again %s after it started; %d events delivered again",
                                        unconfirmed, worstDelay, caughtUp.map(at -> String.format("%.1f s", at.toMillis() / 1000.0))
                                                .orElse("not within " + CATCH_UP_BOUND.toSeconds() + " s"),
                                        verification.duplicateDeliveries()));
                        return caughtUp.isPresent() ? evidence : evidence.unrecovered("the restarted relay's lag stayed at 1 s or more for "
                                + CATCH_UP_BOUND.toSeconds() + " s after it started");
                    };
                }),
                new Scenario(2, "kill -9 worker, restart after 2 s", false, stack -> {
                    double unacked = ServiceProbe.awaitInFlight(stack.worker, ServiceProbe.WORKER_UNACKED);
                    stack.worker.kill();
                    pause();
                    stack.startWorker();
                    return (load, verification) -> FaultEvidence.of(unacked > 0,
                            String.format("%.0f unacked deliveries just before the kill", unacked));
                }),
                new Scenario(3, "SIGTERM relay and worker, restart", true, stack -> {
                    double unacked = ServiceProbe.awaitInFlight(stack.worker, ServiceProbe.WORKER_UNACKED);
                    int workerExit = stack.worker.terminate(Duration.ofSeconds(10));
                    double unconfirmed = ServiceProbe.awaitInFlight(stack.relay, ServiceProbe.RELAY_IN_FLIGHT);
                    int relayExit = stack.relay.terminate(Duration.ofSeconds(10));
                    pause();
                    stack.startWorker();
                    stack.startRelay();
                    return (load, verification) -> FaultEvidence.of(unacked > 0 && unconfirmed > 0 && workerExit == 0 && relayExit == 0,
                            String.format("%.0f unacked deliveries, %.0f unconfirmed publishes just before the stops; exit %d and %d",
                                    unacked, unconfirmed, workerExit, relayExit));
                }),
                new Scenario(4, "restart RabbitMQ", false, stack -> {
                    int relayLog = ServiceProbe.logLength(stack.relay);
                    int workerLog = ServiceProbe.logLength(stack.worker);
                    infrastructure.restartBroker();
                    return (load, verification) -> {
                        boolean relayRecovered = ServiceProbe.logSince(stack.relay, relayLog).contains("Broker confirms again");
                        boolean workerReconnected = ServiceProbe.logSince(stack.worker, workerLog).contains("worker consuming");
                        return FaultEvidence.of(relayRecovered && workerReconnected, String.format(
                                "relay %s; worker %s", relayRecovered ? "re-published its unconfirmed batch" : "saw no failed confirm",
                                workerReconnected ? "reconnected" : "did not reconnect"));
                    };
                }),
                new Scenario(5, "kill -9 the database, start it again", false, stack -> {
                    CompletableFuture<ReadinessWatch.Course> api = ReadinessWatch.start(stack.apiUrl.resolve("/health/ready"), READINESS_LIMIT);
                    CompletableFuture<ReadinessWatch.Course> worker = ReadinessWatch.start(
                            stack.worker.metricsUrl().orElseThrow().resolve("/health/ready"), READINESS_LIMIT);
                    infrastructure.killDatabase();
                    pause();
                    infrastructure.startDatabase();
                    return (load, verification) -> {
                        ReadinessWatch.Course apiCourse = api.get();
                        ReadinessWatch.Course workerCourse = worker.get();
                        boolean readinessFollowed = Stream.of(apiCourse, workerCourse).allMatch(course ->
                                course.unready().filter(down -> down.compareTo(Duration.ofSeconds(5)) <= 0).isPresent()
                                        && course.readyAgain().isPresent());
                        return FaultEvidence.of(load.recoveredFrom(503) && readinessFollowed, String.format(
                                "%d answers 503, %s; %s; %s", load.statuses().getOrDefault(503, 0L),
                                load.recoveredFrom(503) ? "then 201 again" : "and no 201 after them",
                                apiCourse.describe("api"), workerCourse.describe("worker")));
                    };
                }),
                new Scenario(6, "relay down, binary logs purged", false, stack -> {
                    stack.relay.terminate(Duration.ofSeconds(10));
                    TimeUnit.SECONDS.sleep(3);
                    try (TestDatabase database = new TestDatabase(stack.admin())) {
                        database.purgeBinaryLogsButTheNewest(Duration.ofSeconds(30));
                    }
                    stack.startRelay();
                    return (load, verification) -> {
                        boolean reset = ServiceProbe.logSince(stack.relay, 0).contains("deleting the stored offsets");
                        return FaultEvidence.of(reset && verification.duplicateDeliveries() > 0, String.format(
                                "offsets %s; %d events re-published", reset ? "reset" : "not reset", verification.duplicateDeliveries()));
                    };
                }),
                new Scenario(7, "two relays at once, active one killed", false, stack -> {
                    ServiceProcess active = stack.relay;
                    stack.startRelay();
                    ServiceProcess standby = stack.relay;
                    boolean stoodBy = ServiceProbe.awaitLog(standby, 0, "standing by", Duration.ofSeconds(30));
                    int standbyLog = ServiceProbe.logLength(standby);
                    long killed = System.nanoTime();
                    active.kill();
                    boolean tookOver = ServiceProbe.awaitLog(standby, standbyLog, "Published messages", Duration.ofMinutes(2));
                    Duration takeover = Duration.ofNanos(System.nanoTime() - killed);
                    return (load, verification) -> new FaultEvidence(stoodBy && tookOver, String.format("standby %s, %s",
                            stoodBy ? "stood by" : "never stood by", tookOver ? "published after the kill" : "never published"),
                            tookOver ? Optional.of(takeover) : Optional.empty());
                }),
                // Last: it moves the stack to the replica and back.
                new Scenario(8, "kill -9 the database, fail over to its replica", false, new DatabaseFailover(infrastructure)));
    }

    private static void pause() throws InterruptedException {
        TimeUnit.MILLISECONDS.sleep(PAUSE.toMillis());
    }
}
