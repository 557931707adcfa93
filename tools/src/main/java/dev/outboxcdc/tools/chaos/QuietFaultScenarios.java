package dev.outboxcdc.tools.chaos;

import dev.outboxcdc.harness.BrokerAlarm;
import dev.outboxcdc.harness.ServiceStack;
import dev.outboxcdc.harness.TestDatabase;
import dev.outboxcdc.tools.load.LoadResult;
import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * Scenarios 14-16 of {@code make chaos}, faults that kill nothing: the broker refuses publishes (its
 * memory or disk alarm, raised for real), the database refuses writes ({@code read_only=ON}, as a
 * failover gone wrong leaves a primary). Each lasts 30 s under load and passes only if the services'
 * readiness said so within {@link #SHOWN_WITHIN} of its start and cleared within that of its end.
 */
final class QuietFaultScenarios {
    private static final Duration FAULT = Duration.ofSeconds(30);
    static final Duration SHOWN_WITHIN = Duration.ofSeconds(5);
    private static final Duration PROBE_SLACK = Duration.ofMillis(500);
    private static final Duration CAUGHT_UP_TARGET = Duration.ofSeconds(10);
    /** Load before the fault: a fault of half a minute needs only a moment of it to show the pipeline flowing. */
    static final Duration LEAD = Duration.ofSeconds(2);

    private QuietFaultScenarios() {}

    /** A fault switched on, then off by {@link #close}. */
    interface Switch extends AutoCloseable {
        @Override
        void close() throws Exception;
    }

    private interface Raise {
        Switch on() throws Exception;
    }

    /** The readiness URLs to watch, by service. */
    private interface Watched {
        Map<String, URI> of(ServiceStack stack) throws IOException;
    }

    /**
     * Scenarios 14-16; the alarms raised with {@code ctl} (the machine's broker, or one node of the
     * cluster: an alarm blocks publishers on every node), unless {@code alarmsUnavailable} says why not.
     */
    static List<Scenario> list(BrokerAlarm.Ctl ctl, Supplier<Optional<String>> alarmsUnavailable) {
        return List.of(
                brokerAlarm(14, "memory", () -> BrokerAlarm.memory(ctl)::close, alarmsUnavailable),
                brokerAlarm(15, "disk", () -> BrokerAlarm.disk(ctl)::close, alarmsUnavailable),
                scenario(
                        16,
                        "database read-only for 30 s (a failover gone wrong)",
                        "read_only=OFF",
                        "READ_ONLY",
                        stack -> Map.of(
                                "api", stack.apiUrl.resolve("/health/ready"),
                                "relay", ready(stack.relay().metricsUrl()),
                                "worker", ready(stack.worker().metricsUrl())),
                        Optional::empty,
                        QuietFaultScenarios::readOnlyDatabase,
                        Begins.WHEN_SWITCHED_ON));
    }

    /**
     * Scenario 19: the stack's database on a full disk for 30 s ({@link DatabaseDisk}). The api,
     * whose inserts it refuses at once, says {@code DISK_FULL}; the worker's writes are refused only
     * once its tables' free pages are used up, which 30 s of this load did not do here, so its
     * readiness is not watched.
     */
    static Scenario diskFull(DatabaseDisk disk) {
        return scenario(
                        19,
                        "database's disk full for 30 s",
                        "the disk freed",
                        "DISK_FULL",
                        stack -> Map.of("api", stack.apiUrl.resolve("/health/ready")),
                        disk::unavailable,
                        disk::fill,
                        Begins.AT_THE_FIRST_REFUSED_REQUEST)
                // under load until after the disk is freed: a refused write is what says it is full
                .withLoad(LEAD.plus(FAULT).plusSeconds(5));
    }

    /** When the fault begins for the services. */
    private enum Begins {
        /**
         * Once the command that switches it on returned (an alarm, read_only=ON: the next request
         * meets it); the broker or server acted before, so readiness may show it a little earlier.
         */
        WHEN_SWITCHED_ON,
        /**
         * At the first request the load saw refused (5xx) after it was switched on, counted from the
         * start of that second: a full disk still takes the writes that fit in the pages its
         * tables already have (7 s of this load in one run), and no service can see it before.
         */
        AT_THE_FIRST_REFUSED_REQUEST
    }

    /** The broker blocks only publishing connections: the relay's readiness is the one that says so. */
    private static Scenario brokerAlarm(
            int number, String resource, Raise alarm, Supplier<Optional<String>> unavailable) {
        return scenario(
                number,
                "broker " + resource + " alarm for 30 s (publishers blocked)",
                "the alarm's end",
                "BLOCKED",
                stack -> Map.of("relay", ready(stack.relay().metricsUrl())),
                unavailable,
                alarm,
                Begins.WHEN_SWITCHED_ON);
    }

    private static Switch readOnlyDatabase() {
        TestDatabase admin = TestDatabase.admin();
        admin.execute("SET GLOBAL read_only = 1");
        return () -> {
            try (admin) {
                admin.execute("SET GLOBAL read_only = 0");
            }
        };
    }

    private static Scenario scenario(
            int number,
            String name,
            String recoveryFrom,
            String status,
            Watched watched,
            Supplier<Optional<String>> unavailable,
            Raise fault,
            Begins begins) {
        Scenario scenario =
                new Scenario(number, name, false, recoveryFrom, Optional.of(CAUGHT_UP_TARGET), (stack, clock) -> {
                    Optional<String> cannot = unavailable.get();
                    if (cannot.isPresent()) {
                        // never a pass: the fault was not produced
                        return (load, verification) -> FaultEvidence.of(false, "not run: " + cannot.get());
                    }
                    // Found before the clock starts: a service's URL is read from its log, which takes
                    // a moment once the log is long, and the watches count from their own start.
                    Map<String, URI> watchedUrls = watched.of(stack);
                    long watching = System.nanoTime();
                    Instant watchingAt = Instant.now();
                    Map<String, CompletableFuture<ReadinessWatch.Course>> courses = new TreeMap<>();
                    watchedUrls.forEach((service, uri) ->
                            courses.put(service, ReadinessWatch.start(uri, FAULT.plus(Duration.ofSeconds(60)))));
                    // From the moment the fault is in place (its command returned: rabbitmqctl takes seconds
                    // on a busy machine, and the broker acted before it returned) or, for a fault that bites
                    // later, from its first effect; and from when it is asked off.
                    Duration askedAt = since(watching);
                    Switch on = fault.on();
                    Duration switchedOnAt = since(watching);
                    Duration endedAt;
                    try {
                        clock.hit();
                        TimeUnit.MILLISECONDS.sleep(FAULT.toMillis());
                    } finally {
                        endedAt = since(watching);
                        on.close();
                    }
                    clock.letBack();
                    return (load, verification) -> {
                        Optional<Duration> firstRefused = begins == Begins.WHEN_SWITCHED_ON
                                ? Optional.of(switchedOnAt)
                                : firstRefusedRequest(load, clock.loadStarted(), watchingAt, switchedOnAt);
                        if (firstRefused.isEmpty()) {
                            return FaultEvidence.of(false, "no request was refused while the fault lasted");
                        }
                        Duration raisedAt = firstRefused.get();
                        boolean followed = true;
                        List<String> observed = new ArrayList<>();
                        observed.add("raising it took " + seconds(switchedOnAt.minus(askedAt)));
                        if (begins == Begins.AT_THE_FIRST_REFUSED_REQUEST) {
                            observed.add("first request refused " + seconds(raisedAt.minus(switchedOnAt))
                                    + " after the fault was in place");
                        }
                        for (Map.Entry<String, CompletableFuture<ReadinessWatch.Course>> entry : courses.entrySet()) {
                            ReadinessWatch.Course course = entry.getValue().get();
                            Optional<Duration> shown = course.unready().map(down -> down.minus(raisedAt));
                            Optional<Duration> cleared = course.readyAgain().map(up -> up.minus(endedAt));
                            followed &= shown.filter(after -> after.compareTo(SHOWN_WITHIN) <= 0)
                                            .isPresent()
                                    && cleared.filter(after -> after.compareTo(SHOWN_WITHIN) <= 0
                                                    // ready again while the fault lasted is not following it
                                                    // (one probe's time of slack: 16 printed -0.0 s)
                                                    && after.compareTo(PROBE_SLACK.negated()) >= 0)
                                            .isPresent();
                            observed.add(String.format(
                                    "%s's readiness %s %s, ready again %s after it ended",
                                    entry.getKey(),
                                    status,
                                    shown.map(after -> after.isNegative()
                                                    // the broker acted before rabbitmqctl returned
                                                    ? "while it was raised, " + seconds(after.negated())
                                                            + " before its command returned"
                                                    : seconds(after) + " after the fault began")
                                            .orElse("never after the fault began"),
                                    cleared.map(QuietFaultScenarios::seconds).orElse("never")));
                        }
                        return FaultEvidence.of(
                                followed,
                                String.join("; ", observed)
                                        + String.format(" (each within %d s)", SHOWN_WITHIN.toSeconds()));
                    };
                });
        return scenario.withFaultAfter(LEAD);
    }

    /** The start of the first second after {@code switchedOnAt} in which the load saw a request refused (5xx). */
    private static Optional<Duration> firstRefusedRequest(
            LoadResult load, Instant loadStarted, Instant watchingAt, Duration switchedOnAt) {
        return load.requestsPerSecond().stream()
                .filter(second -> second.serverErrors() > 0)
                .map(second -> Duration.between(watchingAt, loadStarted.plusSeconds(second.second())))
                .filter(at -> at.plusSeconds(1).compareTo(switchedOnAt) > 0)
                .map(at -> at.compareTo(switchedOnAt) < 0 ? switchedOnAt : at)
                .findFirst();
    }

    private static URI ready(Optional<URI> metrics) throws IOException {
        return metrics.orElseThrow().resolve("/health/ready");
    }

    private static Duration since(long nanos) {
        return Duration.ofNanos(System.nanoTime() - nanos);
    }

    private static String seconds(Duration duration) {
        return String.format("%.1f s", duration.toMillis() / 1000.0);
    }
}
