package dev.outboxcdc.loadtest.chaos;

import dev.outboxcdc.loadtest.bench.ServiceStack;
import dev.outboxcdc.loadtest.load.LoadGenerator;
import dev.outboxcdc.loadtest.load.LoadOptions;
import dev.outboxcdc.loadtest.load.LoadResult;
import dev.outboxcdc.loadtest.verify.PipelineVerifier;
import dev.outboxcdc.loadtest.verify.PipelineVerifier.Verification;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Runs one scenario: a steady open-loop load, the fault a few seconds in, then a bounded drain and
 * the database check. Recovery is the time from the fault until the pipeline's backlog (requests
 * answered 201 but not yet handled) is back under half a second's worth of load.
 */
final class ScenarioRunner {
    private final ServiceStack stack;
    private final PipelineVerifier verifier;
    private final int rate;
    private final Duration duration;
    private final Duration faultAfter;

    ScenarioRunner(ServiceStack stack, PipelineVerifier verifier, int rate, Duration duration, Duration faultAfter) {
        this.stack = stack;
        this.verifier = verifier;
        this.rate = rate;
        this.duration = duration;
        this.faultAfter = faultAfter;
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
        String runId = "chaos" + scenario.number() + UUID.randomUUID().toString().substring(0, 6);
        LoadGenerator generator = new LoadGenerator(new LoadOptions(stack.apiUrl, rate, 64, duration, 0, runId));
        Instant loadStarted = Instant.now();
        // the per-second series (requests by outcome) closes a second on each tick
        ScheduledExecutorService ticker = Executors.newSingleThreadScheduledExecutor();
        ticker.scheduleAtFixedRate(generator::tick, 1, 1, TimeUnit.SECONDS);
        CompletableFuture<LoadResult> load = CompletableFuture.supplyAsync(() -> {
            try {
                return generator.run();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        });
        TimeUnit.MILLISECONDS.sleep(faultAfter.toMillis());
        long faultStarted = System.nanoTime();
        Instant faultInstant = Instant.now();
        Duration faultStart = Duration.between(loadStarted, Instant.now());
        Scenario.Proof proof = scenario.fault().inject(stack);
        Duration faultEnd = Duration.between(loadStarted, Instant.now());
        Recovery recovery = Recovery.of(awaitRecovery(generator, runId, faultStarted), faultInstant, stack.processes());
        LoadResult result;
        try {
            result = load.get();
        } finally {
            ticker.shutdownNow();
        }
        drain(runId, Duration.ofMinutes(3));
        Verification verification = verifier.verify(runId);
        return new Outcome(scenario, result, verification, recovery, proof.check(result, verification),
                new Outcome.Timeline(loadStarted, faultStart, faultEnd));
    }

    private Duration awaitRecovery(LoadGenerator generator, String runId, long since) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofMinutes(3).toNanos();
        while (System.nanoTime() < deadline) {
            if (generator.created() - verifier.handled(runId) <= Math.max(1, rate / 2)) {
                return Duration.ofNanos(System.nanoTime() - since);
            }
            TimeUnit.MILLISECONDS.sleep(100);
        }
        return Duration.ofNanos(System.nanoTime() - since);
    }

    private void drain(String runId, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (verifier.handled(runId) < verifier.created(runId) && System.nanoTime() < deadline) {
            TimeUnit.MILLISECONDS.sleep(250);
        }
    }
}
