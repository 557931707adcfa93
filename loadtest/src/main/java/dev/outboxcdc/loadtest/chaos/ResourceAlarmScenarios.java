package dev.outboxcdc.loadtest.chaos;

import dev.outboxcdc.harness.BrokerAlarm;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Faults that kill nothing: the broker refuses to take publishes for a while (its memory alarm, raised
 * for real). Each proves its fault happened and that the services said so while it lasted.
 */
final class ResourceAlarmScenarios {
    private static final Duration ALARM = Duration.ofSeconds(30);
    /** Readiness shows the fault within this of its start, and clears within this of its end. */
    static final Duration SHOWN_WITHIN = Duration.ofSeconds(5);

    private static final Duration CAUGHT_UP_TARGET = Duration.ofSeconds(10);

    private ResourceAlarmScenarios() {}

    static List<Scenario> list() {
        return List.of(new Scenario(
                14,
                "broker memory alarm for 30 s (publishers blocked)",
                false,
                "the alarm's end",
                Optional.of(CAUGHT_UP_TARGET),
                (stack, clock) -> {
                    Optional<String> unavailable = BrokerAlarm.unavailable();
                    if (unavailable.isPresent()) {
                        return (load, verification) -> FaultEvidence.of(
                                false, "not run: " + unavailable.get() + " (install rabbitmq-server's CLI)");
                    }
                    long watching = System.nanoTime();
                    CompletableFuture<ReadinessWatch.Course> relay = ReadinessWatch.start(
                            stack.relay.metricsUrl().orElseThrow().resolve("/health/ready"),
                            ALARM.plus(Duration.ofSeconds(60)));
                    // From the moment the alarm is asked for and asked off: rabbitmqctl takes a while to
                    // return, and the broker acts on it before.
                    Duration raisedAt = Duration.ofNanos(System.nanoTime() - watching);
                    BrokerAlarm alarm = BrokerAlarm.memory();
                    Duration endedAt;
                    try {
                        clock.hit();
                        TimeUnit.MILLISECONDS.sleep(ALARM.toMillis());
                    } finally {
                        endedAt = Duration.ofNanos(System.nanoTime() - watching);
                        alarm.close();
                    }
                    clock.letBack();
                    return (load, verification) -> {
                        ReadinessWatch.Course course = relay.get();
                        Optional<Duration> shown = course.unready().map(down -> down.minus(raisedAt));
                        Optional<Duration> cleared = course.readyAgain().map(up -> up.minus(endedAt));
                        boolean followed = shown.filter(after -> after.compareTo(SHOWN_WITHIN) <= 0)
                                        .isPresent()
                                && cleared.filter(after -> after.compareTo(SHOWN_WITHIN) <= 0)
                                        .isPresent();
                        return FaultEvidence.of(
                                followed,
                                String.format(
                                        "the relay's readiness BLOCKED %s after the alarm was raised, ready again %s"
                                                + " after it ended (each within %d s)",
                                        shown.map(ResourceAlarmScenarios::seconds)
                                                .orElse("never"),
                                        cleared.map(ResourceAlarmScenarios::seconds)
                                                .orElse("never"),
                                        SHOWN_WITHIN.toSeconds()));
                    };
                }));
    }

    private static String seconds(Duration duration) {
        return String.format("%.1f s", duration.toMillis() / 1000.0);
    }
}
