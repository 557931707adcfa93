package dev.outboxcdc.tools.chaos;

import dev.outboxcdc.harness.ServiceStack;
import dev.outboxcdc.tools.load.LoadGenerator;
import dev.outboxcdc.tools.load.LoadOptions;
import dev.outboxcdc.tools.load.LoadResult;
import dev.outboxcdc.tools.verify.PipelineVerifier;
import dev.outboxcdc.tools.verify.PipelineVerifier.Verification;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * Runs one scenario: a steady open-loop load, the fault a few seconds in, then a bounded drain and
 * the database check. Recovery is the time from the moment the scenario let the pipeline back (see
 * {@link FaultClock}) until its backlog (requests answered 201 but not yet handled) stayed under
 * half a second's worth of load ({@link BacklogWatch}) and no request failed any more.
 */
final class ScenarioRunner {
    /** A generous bound (over 10 x the slowest recovery seen here): past it the pipeline is broken, not slow. */
    private static final Duration RECOVERY_BOUND = Duration.ofMinutes(3);

    private final ServiceStack stack;
    private final PipelineVerifier verifier;
    private final int rate;
    private final Duration duration;
    private final Duration faultAfter;
    private final Outcome.Targets targets;

    ScenarioRunner(
            ServiceStack stack,
            PipelineVerifier verifier,
            int rate,
            Duration duration,
            Duration faultAfter,
            Outcome.Targets targets) {
        this.stack = stack;
        this.verifier = verifier;
        this.rate = rate;
        this.duration = duration;
        this.faultAfter = faultAfter;
        this.targets = targets;
    }

    /**
     * Closed-loop load (8 connections) for {@code duration}, drained: the services' JIT compilers
     * have then compiled their hot paths, as in a service that has run for a while. A cold api
     * here took about a core at 200 req/s, and a restart measured beside it took twice as long.
     */
    void warmUp(Duration duration) throws InterruptedException {
        String runId = "chaoswarm" + UUID.randomUUID().toString().substring(0, 6);
        new LoadGenerator(new LoadOptions(stack.apiUrl, 0, 8, duration, 0, runId)).run();
        drain(runId, Duration.ofMinutes(3));
    }

    Outcome run(Scenario scenario) throws Exception {
        scenario.fault().prepare(stack);
        try {
            return runPrepared(scenario);
        } finally {
            scenario.fault().restore(stack);
        }
    }

    private Outcome runPrepared(Scenario scenario) throws Exception {
        String runId =
                "chaos" + scenario.number() + UUID.randomUUID().toString().substring(0, 6);
        LoadGenerator generator = new LoadGenerator(new LoadOptions(
                stack.apiUrl, rate, 64, scenario.load().orElse(duration), 0, runId, scenario.updateRatio()));
        Instant loadStarted = Instant.now();
        // the per-second series (requests by outcome) closes a second on each tick
        ScheduledExecutorService ticker = Executors.newSingleThreadScheduledExecutor();
        ScheduledFuture<?> unused = ticker.scheduleAtFixedRate(generator::tick, 1, 1, TimeUnit.SECONDS);
        CompletableFuture<LoadResult> load = CompletableFuture.supplyAsync(() -> {
            try {
                return generator.run();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        });
        Duration faultStart;
        Duration faultEnd;
        FaultClock clock;
        Scenario.Proof proof;
        LoadResult result;
        Optional<Instant> settled;
        try (BacklogWatch backlog =
                BacklogWatch.start(() -> generator.created() - verifier.handled(runId), backlogLimit())) {
            TimeUnit.MILLISECONDS.sleep(scenario.faultAfter().orElse(faultAfter).toMillis());
            faultStart = Duration.between(loadStarted, Instant.now());
            clock = new FaultClock(loadStarted);
            proof = scenario.fault().inject(stack, clock);
            faultEnd = Duration.between(loadStarted, Instant.now());
            try {
                result = load.get();
            } finally {
                ticker.shutdownNow();
            }
            drain(runId, RECOVERY_BOUND);
            settled = backlog.settledSince(clock.letBackAt());
        }
        // Recovered once the backlog stayed within its limit and no request failed any more.
        Optional<Instant> recovered = settled.map(at ->
                lastFailedSecondEnd(result, loadStarted).filter(at::isBefore).orElse(at));
        Instant recoveredAt = recovered.orElseGet(Instant::now);
        Recovery recovery = Recovery.of(clock, recoveredAt, stack.processes());
        Verification verification = verifier.verify(runId);
        FaultEvidence evidence = proof.check(result, verification);
        if (recovered.isEmpty()) {
            evidence = evidence.unrecovered(String.format(
                    "the backlog was still over %d events %d min after %s",
                    backlogLimit(), RECOVERY_BOUND.toMinutes(), scenario.recoveryFrom()));
        }
        return new Outcome(
                scenario,
                result,
                verification,
                recovery,
                evidence,
                new Outcome.Timeline(loadStarted, faultStart, faultEnd, Duration.between(loadStarted, recoveredAt)),
                targets);
    }

    /** The end of the last second in which a request failed (5xx or no answer), if any did. */
    private static Optional<Instant> lastFailedSecondEnd(LoadResult result, Instant loadStarted) {
        return result.requestsPerSecond().stream()
                .filter(second -> second.serverErrors() + second.transportErrors() > 0)
                .map(second -> loadStarted.plusSeconds(second.second() + 1))
                .max(Instant::compareTo);
    }

    private long backlogLimit() {
        return Math.max(1, rate / 2);
    }

    /** Until every created customer was handled and every committed update applied, or {@code timeout}. */
    private void drain(String runId, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while ((verifier.handled(runId) < verifier.created(runId) || verifier.pendingUpdates(runId) > 0)
                && System.nanoTime() < deadline) {
            TimeUnit.MILLISECONDS.sleep(250);
        }
    }
}
