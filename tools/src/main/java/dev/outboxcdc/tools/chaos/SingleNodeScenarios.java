package dev.outboxcdc.tools.chaos;

import dev.outboxcdc.harness.ServiceProcess;
import dev.outboxcdc.harness.TestDatabase;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Scenarios 1-8 of {@code make chaos}, the faults of a single broker and database: kills and clean
 * stops of relay and worker, a broker restart, a database kill, purged binary logs, two relays at
 * once, a failover to the database's replica. Each proves its fault happened.
 */
final class SingleNodeScenarios {
    private static final Duration PAUSE = Duration.ofSeconds(2);
    private static final Duration READINESS_LIMIT = Duration.ofSeconds(90);
    /** Recovery targets (issue "Back in seconds"), each from the moment its scenario lets the pipeline back. */
    static final Duration KILL_TARGET = Duration.ofSeconds(5);

    private static final Duration STOP_TARGET = Duration.ofSeconds(5);
    private static final Duration BROKER_TARGET = Duration.ofSeconds(10);
    private static final Duration DATABASE_TARGET = Duration.ofSeconds(10);
    private static final Duration FAILOVER_TARGET = Duration.ofSeconds(15);

    private SingleNodeScenarios() {}

    static List<Scenario> list(Infrastructure infrastructure) {
        return List.of(
                new Scenario(
                        1,
                        "kill -9 relay, restart after 2 s",
                        false,
                        "the restart",
                        Optional.of(KILL_TARGET),
                        (stack, clock) -> {
                            double unconfirmed =
                                    ServiceProbe.awaitInFlight(stack.relay(), ServiceProbe.RELAY_IN_FLIGHT);
                            stack.relay().kill();
                            clock.hit();
                            pause();
                            clock.letBack();
                            stack.startRelay();
                            return (load, verification) -> {
                                double worstDelay =
                                        ServiceProbe.scrape(stack.relay()).sum(ServiceProbe.RELAY_WORST_DELAY);
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
                            double unacked = ServiceProbe.awaitInFlight(stack.worker(), ServiceProbe.WORKER_UNACKED);
                            stack.worker().kill();
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
                            double unacked = ServiceProbe.awaitInFlight(stack.worker(), ServiceProbe.WORKER_UNACKED);
                            clock.hit();
                            int workerExit = stack.worker().terminate(Duration.ofSeconds(10));
                            double unconfirmed =
                                    ServiceProbe.awaitInFlight(stack.relay(), ServiceProbe.RELAY_IN_FLIGHT);
                            int relayExit = stack.relay().terminate(Duration.ofSeconds(10));
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
                            int relayLog = ServiceProbe.logLength(stack.relay());
                            int workerLog = ServiceProbe.logLength(stack.worker());
                            clock.hit();
                            infrastructure.restartBroker();
                            clock.letBack();
                            return (load, verification) -> {
                                boolean relayRecovered = ServiceProbe.logSince(stack.relay(), relayLog)
                                        .contains("Broker confirms again");
                                boolean workerReconnected = ServiceProbe.logSince(stack.worker(), workerLog)
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
                                    stack.worker().metricsUrl().orElseThrow().resolve("/health/ready"),
                                    READINESS_LIMIT);
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
                            stack.relay().terminate(Duration.ofSeconds(10));
                            TimeUnit.SECONDS.sleep(3);
                            try (TestDatabase database = new TestDatabase(stack.admin())) {
                                database.purgeBinaryLogsButTheNewest(Duration.ofSeconds(30));
                            }
                            clock.letBack();
                            stack.startRelay();
                            return (load, verification) -> {
                                boolean reset =
                                        ServiceProbe.logSince(stack.relay(), 0).contains("deleting the stored offsets");
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
                            ServiceProcess active = stack.relay();
                            stack.startRelay();
                            ServiceProcess standby = stack.relay();
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
