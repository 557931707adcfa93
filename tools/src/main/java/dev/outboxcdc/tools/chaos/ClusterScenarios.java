package dev.outboxcdc.tools.chaos;

import dev.outboxcdc.harness.BrokerCluster;
import dev.outboxcdc.harness.ServiceProcess;
import dev.outboxcdc.harness.ServiceStack;
import dev.outboxcdc.support.amqp.Subscription;
import dev.outboxcdc.support.config.Env;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;

/**
 * The faults of a three-node RabbitMQ cluster ({@code make chaos BROKER_NODES=3}): the node that
 * leads the worker's (first) queue killed, then paused; every node restarted in turn; the node the
 * relay publishes through killed, its unconfirmed batch in flight; with partitions, the worker
 * that is the single active consumer of them killed, another worker taking over. Quorum queues keep
 * every confirmed event through the loss of one node. Half the load updates customers, so that each
 * scenario also checks that every customer's updates were applied in version order.
 */
final class ClusterScenarios {
    /** From the kill: the queue's new leader elected, the services on another node, the backlog gone. */
    private static final Duration NODE_TARGET = Duration.ofSeconds(15);

    private static final Duration PAUSED_FOR = Duration.ofSeconds(20);
    /** As in the bench's update stage: half the requests update a customer of the run. */
    private static final double UPDATES = 0.5;

    private static final String WORKER_HANDLED = "outbox_worker_messages_handled_total";

    private ClusterScenarios() {}

    /** Scenarios 9-12, and 13 when the worker's queue is partitioned. */
    static List<Scenario> list(BrokerCluster cluster, int partitions) {
        List<Scenario> all = new ArrayList<>(brokerFaults(cluster));
        if (partitions > 1) {
            all.add(activeConsumerKilled());
        }
        return all.stream().map(scenario -> scenario.withUpdates(UPDATES)).toList();
    }

    /**
     * A second worker process waits on every partition while the first is their single active
     * consumer; the first is killed with deliveries unacknowledged: the broker hands every partition
     * to the second, with the unacknowledged deliveries first.
     */
    private static Scenario activeConsumerKilled() {
        return new Scenario(
                13,
                "kill -9 the worker that consumes the partitions",
                false,
                "the kill",
                Optional.of(SingleNodeScenarios.KILL_TARGET),
                new Scenario.Fault() {
                    private @Nullable ServiceProcess waiting;

                    @Override
                    public void prepare(ServiceStack stack) throws Exception {
                        waiting = stack.startAnotherWorker();
                    }

                    @Override
                    public Scenario.Proof inject(ServiceStack stack, FaultClock clock) throws Exception {
                        ServiceProcess standby = Objects.requireNonNull(waiting, "prepare() starts it");
                        double unacked = ServiceProbe.awaitInFlight(stack.worker(), ServiceProbe.WORKER_UNACKED);
                        double handledBefore = ServiceProbe.scrape(standby).sum(WORKER_HANDLED);
                        stack.worker().kill();
                        clock.hit();
                        clock.letBack();
                        return (load, verification) -> {
                            double handledAfter = ServiceProbe.scrape(standby).sum(WORKER_HANDLED);
                            return FaultEvidence.of(
                                    unacked > 0 && handledBefore == 0 && handledAfter > 0,
                                    String.format(
                                            "the active worker killed with %.0f deliveries unacked; the waiting one"
                                                    + " had handled %.0f messages before the kill, %.0f after",
                                            unacked, handledBefore, handledAfter));
                        };
                    }

                    @Override
                    public void restore(ServiceStack stack) throws Exception {
                        stack.startWorker();
                        stack.stopOtherWorkers();
                    }
                });
    }

    private static List<Scenario> brokerFaults(BrokerCluster cluster) {
        return List.of(
                new Scenario(
                        9,
                        "kill -9 the broker node leading the work queue",
                        false,
                        "the kill",
                        Optional.of(NODE_TARGET),
                        new Scenario.Fault() {
                            private int killed;

                            @Override
                            public Scenario.Proof inject(ServiceStack stack, FaultClock clock) throws Exception {
                                String queue = workQueue(stack);
                                killed = cluster.leaderOf(queue);
                                cluster.kill(killed);
                                clock.hit();
                                clock.letBack();
                                int down = killed;
                                return (load, verification) -> {
                                    int leader = cluster.leaderOf(queue);
                                    return FaultEvidence.of(
                                            leader != down && !cluster.running(down),
                                            String.format(
                                                    "node %d, leader of %s, killed; node %d leads it now",
                                                    down, queue, leader));
                                };
                            }

                            @Override
                            public void restore(ServiceStack stack) throws Exception {
                                cluster.start(killed);
                            }
                        }),
                new Scenario(
                        10,
                        "SIGSTOP the broker node leading the work queue for 20 s",
                        false,
                        "SIGCONT",
                        Optional.empty(),
                        (stack, clock) -> {
                            String queue = workQueue(stack);
                            int paused = cluster.leaderOf(queue);
                            cluster.pause(paused);
                            clock.hit();
                            String state = processState(cluster.pid(paused));
                            TimeUnit.MILLISECONDS.sleep(PAUSED_FOR.toMillis());
                            cluster.resume(paused);
                            clock.letBack();
                            return (load, verification) -> {
                                int leader = cluster.leaderOf(queue);
                                return FaultEvidence.of(
                                        state.equals("T"),
                                        String.format(
                                                "node %d, leader of %s, stopped (state %s) for %d s; node %d leads it now",
                                                paused, queue, state, PAUSED_FOR.toSeconds(), leader));
                            };
                        }),
                new Scenario(
                        11,
                        "rolling restart of the three broker nodes",
                        false,
                        "the last node's start",
                        Optional.of(NODE_TARGET),
                        (stack, clock) -> {
                            List<Long> before = new ArrayList<>();
                            List<Long> after = new ArrayList<>();
                            clock.hit();
                            for (int node = 1; node <= BrokerCluster.NODES; node++) {
                                before.add(cluster.pid(node));
                                cluster.stop(node);
                                cluster.start(node);
                                after.add(cluster.pid(node));
                            }
                            clock.letBack();
                            return (load, verification) -> FaultEvidence.of(
                                    before.stream().noneMatch(after::contains),
                                    String.format("node processes %s replaced by %s, one at a time", before, after));
                        }),
                new Scenario(
                        12,
                        "kill -9 the broker node the relay publishes through",
                        false,
                        "the kill",
                        Optional.of(NODE_TARGET),
                        new Scenario.Fault() {
                            private int killed;

                            @Override
                            public Scenario.Proof inject(ServiceStack stack, FaultClock clock) throws Exception {
                                killed = cluster.nodeOf("outbox-relay")
                                        .orElseThrow(() -> new IllegalStateException("the relay has no connection"));
                                int relayLog = ServiceProbe.logLength(stack.relay());
                                double unconfirmed =
                                        ServiceProbe.awaitInFlight(stack.relay(), ServiceProbe.RELAY_IN_FLIGHT);
                                cluster.kill(killed);
                                clock.hit();
                                clock.letBack();
                                int down = killed;
                                return (load, verification) -> {
                                    boolean republished = ServiceProbe.logSince(stack.relay(), relayLog)
                                            .contains("Broker confirms again");
                                    Optional<Integer> now = cluster.nodeOf("outbox-relay");
                                    // The relay on another node is the fault's effect; whether a batch was
                                    // in flight when the node died (and so published again) is chance.
                                    return FaultEvidence.of(
                                            now.isPresent() && now.get() != down,
                                            String.format(
                                                    "node %d, the relay's, killed with %.0f publishes unconfirmed; the"
                                                            + " relay %s, on node %s now",
                                                    down,
                                                    unconfirmed,
                                                    republished
                                                            ? "published its unconfirmed batch again"
                                                            : "had no batch in flight at the kill",
                                                    now.map(Object::toString).orElse("none")));
                                };
                            }

                            @Override
                            public void restore(ServiceStack stack) throws Exception {
                                cluster.start(killed);
                            }
                        }));
    }

    /** The worker's queue, or its first partition. */
    private static String workQueue(ServiceStack stack) {
        return Subscription.fromEnv(new Env(stack.relayEnvironment()))
                .consumedQueues()
                .get(0);
    }

    /** The state letter of /proc/pid/stat: T for a stopped process. */
    private static String processState(long pid) throws IOException {
        String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
        return stat.substring(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3);
    }
}
