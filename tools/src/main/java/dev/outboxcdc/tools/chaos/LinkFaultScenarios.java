package dev.outboxcdc.tools.chaos;

import dev.outboxcdc.harness.MetricsScrape;
import dev.outboxcdc.harness.ServiceProcess;
import dev.outboxcdc.harness.ServiceStack;
import dev.outboxcdc.harness.TcpProxy;
import dev.outboxcdc.tools.chaos.ServiceLinks.Link;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Scenarios 17 and 18 of {@code make chaos}, faults of the network that kill nothing, on the links
 * of {@link ServiceLinks}: each link in turn slowed by 200 ms ± 100 ms for 30 s (17), and the
 * relay's and the worker's connections made half-open at once for 120 s, as a NAT or load balancer
 * that forgets its flows does to every flow of a host (18).
 */
final class LinkFaultScenarios {
    private static final Duration LATENCY = Duration.ofMillis(200);
    private static final Duration JITTER = Duration.ofMillis(100);
    private static final Duration PER_LINK = Duration.ofSeconds(30);
    private static final Duration BASELINE = Duration.ofSeconds(4);
    /** The relay behind a slow broker link keeps at least this share of its fault-free rate: it pipelines. */
    private static final double RELAY_TO_BROKER_KEEPS = 0.5;

    private static final Duration HALF_OPEN = Duration.ofMinutes(2);
    /** A half-open connection is given up and replaced within this, and the relay publishes again. */
    static final Duration REPLACED_WITHIN = Duration.ofSeconds(20);

    private static final Duration CAUGHT_UP_TARGET = Duration.ofSeconds(10);
    /** The share of the load that updates a customer: the check covers the order of each one's events. */
    static final double UPDATES = 0.3;

    private static final String RELAY_CONFIRMED = "outbox_relay_messages_confirmed_total";
    private static final String WORKER_HANDLED = "outbox_worker_messages_handled_total";
    private static final String LINKS_GIVEN_UP = "outbox_broker_links_given_up_total";

    private LinkFaultScenarios() {}

    static List<Scenario> list(ServiceLinks links) {
        return List.of(
                new Scenario(
                                17,
                                "200 ms ± 100 ms on each link in turn, 30 s each",
                                false,
                                "the last link healed",
                                Optional.of(CAUGHT_UP_TARGET),
                                (stack, clock) -> slowEachLink(links, stack, clock))
                        .withFaultAfter(QuietFaultScenarios.LEAD)
                        .withLoad(QuietFaultScenarios.LEAD
                                .plus(BASELINE)
                                .plus(PER_LINK.multipliedBy(Link.values().length))
                                .plusSeconds(5)),
                new Scenario(
                                18,
                                "relay's and worker's connections half-open for 120 s",
                                false,
                                "the thaw",
                                Optional.of(CAUGHT_UP_TARGET),
                                (stack, clock) -> freezeServiceLinks(links, stack, clock))
                        .withFaultAfter(QuietFaultScenarios.LEAD)
                        .withLoad(QuietFaultScenarios.LEAD.plus(HALF_OPEN).plusSeconds(6))
                        .withUpdates(UPDATES));
    }

    /**
     * Events confirmed to the relay and handled by the worker so far, the broker connections each
     * gave up for an unanswered round trip, and when they were read.
     */
    private record Counts(double confirmed, double handled, double relayGaveUp, double workerGaveUp, long nanos) {
        static Counts of(ServiceStack stack) throws IOException, InterruptedException {
            MetricsScrape relay = ServiceProbe.scrape(stack.relay());
            MetricsScrape worker = ServiceProbe.scrape(stack.worker());
            return new Counts(
                    relay.sum(RELAY_CONFIRMED),
                    worker.sum(WORKER_HANDLED),
                    relay.sum(LINKS_GIVEN_UP),
                    worker.sum(LINKS_GIVEN_UP),
                    System.nanoTime());
        }

        double confirmedPerSecond(Counts before) {
            return (confirmed - before.confirmed) * 1e9 / (nanos - before.nanos);
        }

        double handledPerSecond(Counts before) {
            return (handled - before.handled) * 1e9 / (nanos - before.nanos);
        }
    }

    private static Scenario.Proof slowEachLink(ServiceLinks links, ServiceStack stack, FaultClock clock)
            throws Exception {
        Counts start = Counts.of(stack);
        TimeUnit.MILLISECONDS.sleep(BASELINE.toMillis());
        Counts before = Counts.of(stack);
        double relayBefore = before.confirmedPerSecond(start);
        double workerBefore = before.handledPerSecond(start);
        clock.hit();
        Map<Link, String> phases = new EnumMap<>(Link.class);
        boolean slowedEach = true;
        boolean relayKeptUp = true;
        for (Link link : Link.values()) {
            Counts phaseStart = Counts.of(stack);
            links.of(link).forEach(proxy -> proxy.slow(LATENCY, JITTER));
            try {
                TimeUnit.MILLISECONDS.sleep(PER_LINK.toMillis());
            } finally {
                links.of(link).forEach(TcpProxy::heal);
            }
            Counts phaseEnd = Counts.of(stack);
            TcpProxy.DelayMeasured delay = delayOf(links.of(link));
            double relayRate = phaseEnd.confirmedPerSecond(phaseStart);
            boolean slowed = delay.chunks() > 0 && delay.meanOneWay().toMillis() >= LATENCY.toMillis() / 4;
            slowedEach &= slowed;
            relayKeptUp &= link != Link.RELAY_BROKER || relayRate >= RELAY_TO_BROKER_KEEPS * relayBefore;
            phases.put(
                    link,
                    String.format(
                            Locale.ROOT,
                            "%s +%d ms one way over %d reads: relay %.0f/s, worker %.0f/s%s",
                            link.label(),
                            delay.meanOneWay().toMillis(),
                            delay.chunks(),
                            relayRate,
                            phaseEnd.handledPerSecond(phaseStart),
                            link == Link.RELAY_BROKER
                                    ? String.format(
                                            Locale.ROOT,
                                            " (%.0f %% of before, at least %.0f %% wanted)",
                                            100 * relayRate / relayBefore,
                                            100 * RELAY_TO_BROKER_KEEPS)
                                    : ""));
        }
        clock.letBack();
        boolean proved = slowedEach;
        boolean keptUp = relayKeptUp;
        return (load, verification) -> {
            FaultEvidence evidence = FaultEvidence.of(
                    proved,
                    String.format(
                            Locale.ROOT,
                            "before: relay %.0f/s, worker %.0f/s; %s",
                            relayBefore,
                            workerBefore,
                            String.join("; ", phases.values())));
            return keptUp
                    ? evidence
                    : evidence.unrecovered("the relay kept less than half its rate behind the slow broker link");
        };
    }

    private static TcpProxy.DelayMeasured delayOf(List<TcpProxy> proxies) {
        long chunks = 0;
        long nanos = 0;
        for (TcpProxy proxy : proxies) {
            TcpProxy.DelayMeasured measured = proxy.delayMeasured();
            chunks += measured.chunks();
            nanos += measured.meanOneWay().toNanos() * measured.chunks();
        }
        return new TcpProxy.DelayMeasured(chunks, chunks == 0 ? Duration.ZERO : Duration.ofNanos(nanos / chunks));
    }

    private static final Duration SHOWN_WITHIN = QuietFaultScenarios.SHOWN_WITHIN;

    /** Longer than the relay and the worker take to finish what they held when the links froze. */
    private static final Duration SETTLE = Duration.ofSeconds(2);

    private static final List<Link> FROZEN = List.of(Link.RELAY_DATABASE, Link.RELAY_BROKER, Link.WORKER_BROKER);

    /**
     * Freezes the relay's links (binlog, lease session, pool; broker) and the worker's broker link,
     * then watches every 100 ms: when each link saw a new connection, when the relay confirmed
     * events again and the worker handled them again.
     */
    private static Scenario.Proof freezeServiceLinks(ServiceLinks links, ServiceStack stack, FaultClock clock)
            throws Exception {
        Map<Link, Long> acceptedBefore = new EnumMap<>(Link.class);
        FROZEN.forEach(link -> acceptedBefore.put(link, accepted(links.of(link))));
        var relayReadiness = ReadinessWatch.start(
                stack.relay().metricsUrl().orElseThrow().resolve("/health/ready"), HALF_OPEN.plusSeconds(10));
        var workerReadiness = ReadinessWatch.start(
                stack.worker().metricsUrl().orElseThrow().resolve("/health/ready"), HALF_OPEN.plusSeconds(10));
        Counts atFreeze = Counts.of(stack);
        FROZEN.forEach(link -> links.of(link).forEach(TcpProxy::freezeOpenConnections));
        long frozenAt = System.nanoTime();
        clock.hit();
        // Timed on a thread of its own: a scrape below may take seconds while a link is frozen.
        Map<Link, Duration> reconnected = new ConcurrentHashMap<>();
        ScheduledExecutorService linkWatch = Executors.newSingleThreadScheduledExecutor();
        ScheduledFuture<?> unused = linkWatch.scheduleWithFixedDelay(
                () -> {
                    Duration since = Duration.ofNanos(System.nanoTime() - frozenAt);
                    for (Link link : FROZEN) {
                        if (accepted(links.of(link)) > Objects.requireNonNull(acceptedBefore.get(link))) {
                            reconnected.putIfAbsent(link, since);
                        }
                    }
                },
                0,
                50,
                TimeUnit.MILLISECONDS);
        Optional<Duration> relayAgain = Optional.empty();
        Optional<Duration> workerAgain = Optional.empty();
        Optional<Duration> relayGaveUp = Optional.empty();
        Optional<Duration> workerGaveUp = Optional.empty();
        int failedScrapes = 0;
        Optional<Counts> frozenLevel = Optional.empty();
        try {
            // What the relay and the worker reach with what they held at the freeze (a batch whose
            // confirm arrived as it began, the deliveries the worker had prefetched): past that level,
            // they confirm and handle through new connections.
            TimeUnit.MILLISECONDS.sleep(SETTLE.toMillis());
            while (System.nanoTime() - frozenAt < HALF_OPEN.toNanos()) {
                Optional<Counts> read = Optional.empty();
                if (relayAgain.isEmpty() || workerAgain.isEmpty() || relayGaveUp.isEmpty() || workerGaveUp.isEmpty()) {
                    try {
                        read = Optional.of(Counts.of(stack));
                    } catch (IOException scrapeFailed) {
                        // A service's /metrics can hang while its database link is frozen (a gauge
                        // asks the database at each scrape): counted and printed, the watch goes on.
                        failedScrapes++;
                    }
                }
                if (read.isPresent()) {
                    Counts now = read.get();
                    Duration since = Duration.ofNanos(now.nanos() - frozenAt);
                    if (relayGaveUp.isEmpty() && now.relayGaveUp() > atFreeze.relayGaveUp()) {
                        relayGaveUp = Optional.of(since);
                    }
                    if (workerGaveUp.isEmpty() && now.workerGaveUp() > atFreeze.workerGaveUp()) {
                        workerGaveUp = Optional.of(since);
                    }
                    if (frozenLevel.isEmpty()) {
                        frozenLevel = read;
                    } else {
                        if (relayAgain.isEmpty()
                                && now.confirmed() > frozenLevel.get().confirmed()) {
                            relayAgain = Optional.of(since);
                        }
                        if (workerAgain.isEmpty()
                                && now.handled() > frozenLevel.get().handled()) {
                            workerAgain = Optional.of(since);
                        }
                    }
                }
                TimeUnit.MILLISECONDS.sleep(100);
            }
        } finally {
            linkWatch.shutdownNow();
            FROZEN.forEach(link -> links.of(link).forEach(TcpProxy::thaw));
        }
        clock.letBack();
        List<String> seen = new ArrayList<>();
        boolean held = true;
        boolean replaced = true;
        for (Link link : FROZEN) {
            long frozenBytes =
                    links.of(link).stream().mapToLong(TcpProxy::bytesFrozen).sum();
            Optional<Duration> again = Optional.ofNullable(reconnected.get(link));
            held &= frozenBytes > 0;
            replaced &= within(again);
            seen.add(String.format(
                    Locale.ROOT,
                    "%s: %d bytes held, a new connection after %s",
                    link.label(),
                    frozenBytes,
                    again.map(LinkFaultScenarios::seconds).orElse("never")));
        }
        replaced &= within(relayAgain) && within(workerAgain);
        seen.add(failedScrapes + " metrics scrapes failed or timed out (5 s) during the freeze");
        frozenLevel.ifPresent(level -> seen.add(String.format(
                Locale.ROOT,
                "%.0f confirmed and %.0f handled %d s into the freeze",
                level.confirmed(),
                level.handled(),
                SETTLE.toSeconds())));
        seen.add("relay confirming again "
                + relayAgain.map(LinkFaultScenarios::seconds).orElse("never")
                + ", worker handling again "
                + workerAgain.map(LinkFaultScenarios::seconds).orElse("never")
                + " (each within " + REPLACED_WITHIN.toSeconds() + " s of the freeze)");
        List<String> restarted = stack.processes().stream()
                .filter(process -> process.launched().isAfter(clock.hitAt()) || !process.isAlive())
                .map(ServiceProcess::name)
                .toList();
        seen.add("services restarted or exited: " + (restarted.isEmpty() ? "none" : String.join(", ", restarted)));
        seen.add("broker links given up for an unanswered round trip: relay after "
                + relayGaveUp.map(LinkFaultScenarios::seconds).orElse("never") + ", worker after "
                + workerGaveUp.map(LinkFaultScenarios::seconds).orElse("never"));
        boolean proved = held;
        boolean recovered = replaced && restarted.isEmpty();
        Optional<Duration> relayGaveUpAt = relayGaveUp;
        Optional<Duration> workerGaveUpAt = workerGaveUp;
        return (load, verification) -> {
            ReadinessWatch.Course relay = relayReadiness.get();
            ReadinessWatch.Course worker = workerReadiness.get();
            seen.add("readiness: " + relay.describe("relay") + ", " + worker.describe("worker"));
            boolean shown =
                    shownWithin(relay.unready(), relayGaveUpAt) && shownWithin(worker.unready(), workerGaveUpAt);
            FaultEvidence evidence = FaultEvidence.of(proved, String.join("; ", seen));
            if (!recovered) {
                return evidence.unrecovered("a frozen connection was not replaced within " + REPLACED_WITHIN.toSeconds()
                        + " s without a restart");
            }
            return shown
                    ? evidence
                    : evidence.unrecovered("the relay or the worker did not show its half-open links (readiness or "
                            + LINKS_GIVEN_UP + ") within " + SHOWN_WITHIN.toSeconds() + " s");
        };
    }

    /** Readiness went unready, or the service counted a link given up, within {@link #SHOWN_WITHIN}. */
    private static boolean shownWithin(Optional<Duration> unready, Optional<Duration> gaveUp) {
        return Stream.of(unready, gaveUp).flatMap(Optional::stream).anyMatch(at -> at.compareTo(SHOWN_WITHIN) <= 0);
    }

    private static boolean within(Optional<Duration> after) {
        return after.filter(at -> at.compareTo(REPLACED_WITHIN) <= 0).isPresent();
    }

    private static long accepted(List<TcpProxy> proxies) {
        return proxies.stream().mapToLong(TcpProxy::connectionsAccepted).sum();
    }

    private static String seconds(Duration duration) {
        return String.format(Locale.ROOT, "%.1f s", duration.toMillis() / 1000.0);
    }
}
