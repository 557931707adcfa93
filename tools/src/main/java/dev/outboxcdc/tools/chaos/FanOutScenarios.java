package dev.outboxcdc.tools.chaos;

import dev.outboxcdc.harness.Polling;
import dev.outboxcdc.harness.SecondSubscriber;
import dev.outboxcdc.harness.ServiceStack;
import dev.outboxcdc.tools.load.LoadGenerator;
import dev.outboxcdc.tools.load.LoadOptions;
import dev.outboxcdc.tools.verify.PipelineVerifier.EndToEnd;
import dev.outboxcdc.tools.verify.SecondSubscriberCheck;
import dev.outboxcdc.tools.verify.SecondSubscriberCheck.Credits;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.HdrHistogram.Histogram;
import org.jdbi.v3.core.Jdbi;
import org.jspecify.annotations.Nullable;

/**
 * Scenarios 26 and 27 of {@code make chaos}: a second subscriber (the loyalty example, on the consumer
 * library, a database of its own, started and warmed up before each) beside the worker, under 45 s of
 * load with half updates. 26 runs it with no fault: each
 * gets every event once, and the worker's committed-to-handled p99 there is the baseline of 27, which
 * kills the second one for 30 s: the worker's p99 must stay within 1.2 x that baseline, and the
 * second one, back, must credit every event once.
 */
final class FanOutScenarios {
    /** How much the first subscriber's p99 may grow while the second is down (issue "fan-out proven"). */
    static final double P99_BOUND = 1.2;

    private static final Duration DOWN = Duration.ofSeconds(30);
    /** Both scenarios alike, so that 26's p99 is 27's baseline: the load outlasts 27's fault. */
    private static final Duration LOAD = Duration.ofSeconds(45);
    /** The second subscriber's JIT warm before the load, as the worker's is (the suite's warm-up). */
    private static final Duration WARM_UP = Duration.ofSeconds(15);

    private static final Duration CATCH_UP = Duration.ofMinutes(2);

    private FanOutScenarios() {}

    static List<Scenario> list(Jdbi admin) {
        Baseline baseline = new Baseline();
        return List.of(
                new Scenario(
                                26,
                                "a second subscriber beside the worker, no fault (the baseline of 27)",
                                true,
                                "the start",
                                Optional.empty(),
                                new WithSecond(admin, (second, clock) -> {
                                    clock.hit();
                                    clock.letBack();
                                    return "no fault";
                                }) {
                                    @Override
                                    FaultEvidence judge(Credits credits, double workerP99, String fault) {
                                        baseline.p99 = workerP99;
                                        return FaultEvidence.of(
                                                credits.exactlyOnce(),
                                                String.format(
                                                        "the second subscriber: %s; the worker's committed-to-handled"
                                                                + " p99 %.0f ms (the baseline of 27)",
                                                        credits, workerP99));
                                    }
                                })
                        .withUpdates(0.5)
                        .withLoad(LOAD),
                new Scenario(
                                27,
                                "kill -9 the second subscriber, back after 30 s",
                                true,
                                "its restart",
                                Optional.empty(),
                                new WithSecond(admin, (second, clock) -> {
                                    long before = second.check().credits();
                                    Polling.until(
                                            "the second subscriber crediting",
                                            Duration.ofSeconds(30),
                                            Duration.ofMillis(50),
                                            () -> second.check().credits() > before);
                                    second.subscriber().process().kill();
                                    clock.hit();
                                    long atKill = second.check().credits();
                                    TimeUnit.MILLISECONDS.sleep(DOWN.toMillis());
                                    long whileDown = second.check().credits() - atKill;
                                    clock.letBack();
                                    second.subscriber().start();
                                    return String.format(
                                            "killed while crediting (%d credits in its ledger then), %d"
                                                    + " credited while down",
                                            atKill, whileDown);
                                }) {
                                    @Override
                                    FaultEvidence judge(Credits credits, double workerP99, String fault) {
                                        @Nullable Double reference = baseline.p99;
                                        boolean within = reference != null && workerP99 <= P99_BOUND * reference;
                                        return FaultEvidence.of(
                                                credits.exactlyOnce()
                                                        && within
                                                        && fault.contains(", 0 credited while down"),
                                                String.format(
                                                        "%s; back, the second subscriber: %s; the worker's p99 %.0f ms, %s",
                                                        fault,
                                                        credits,
                                                        workerP99,
                                                        reference == null
                                                                ? "no baseline in this run (run 26 before it)"
                                                                : String.format(
                                                                        "%.2f x the baseline's %.0f ms (at most %.1f x)",
                                                                        workerP99 / reference, reference, P99_BOUND)));
                                    }
                                })
                        .withUpdates(0.5)
                        .withLoad(LOAD));
    }

    /** The worker's p99 of scenario 26, for 27. */
    private static final class Baseline {
        @Nullable
        Double p99;
    }

    /** What a fault does to the running second subscriber; returns what it saw, for the proof. */
    @FunctionalInterface
    interface SecondFault {
        String inject(Second second, FaultClock clock) throws Exception;
    }

    /** The second subscriber of one scenario, and the check of its database. */
    record Second(SecondSubscriber subscriber, SecondSubscriberCheck check, long mark) {}

    /**
     * Starts a second subscriber with a fresh database before the load, injects {@code fault} into
     * it, waits for it to credit every event of the run, and judges the run; stops it after.
     */
    private abstract static class WithSecond implements Scenario.Fault {
        private final Jdbi admin;
        private final SecondFault fault;
        private @Nullable Second second;

        WithSecond(Jdbi admin, SecondFault fault) {
            this.admin = admin;
            this.fault = fault;
        }

        abstract FaultEvidence judge(Credits credits, double workerP99, String fault);

        @Override
        public void prepare(ServiceStack stack) throws Exception {
            SecondSubscriber subscriber = new SecondSubscriber(stack).start();
            SecondSubscriberCheck check =
                    new SecondSubscriberCheck(admin, stack.database.name(), subscriber.database.name());
            second = new Second(subscriber, check, check.mark());
            long warmUp = check.mark();
            new LoadGenerator(new LoadOptions(
                            stack.apiUrl,
                            0,
                            8,
                            WARM_UP,
                            0,
                            "fanwarm" + UUID.randomUUID().toString().substring(0, 6)))
                    .run();
            Polling.until(
                    "the second subscriber credited its warm-up",
                    CATCH_UP,
                    Duration.ofMillis(250),
                    () -> check.check(warmUp).missing() == 0);
            second = new Second(subscriber, check, check.mark());
        }

        @Override
        public Scenario.Proof inject(ServiceStack stack, FaultClock clock) throws Exception {
            Second running = running();
            String seen = fault.inject(running, clock);
            return (load, verification) -> {
                long started = System.nanoTime();
                Polling.until(
                        "the second subscriber credited every event of the run",
                        CATCH_UP,
                        Duration.ofMillis(250),
                        () -> running.check().check(running.mark()).missing() == 0);
                Credits credits = running.check().check(running.mark());
                String caughtUp = String.format(
                        "%s; caught up %.1f s after the load's drain", seen, (System.nanoTime() - started) / 1e9);
                return judge(credits, p99Millis(verification.endToEnd()).orElse(Double.NaN), caughtUp);
            };
        }

        @Override
        public void restore(ServiceStack stack) throws Exception {
            Second running = second;
            second = null;
            if (running != null) {
                running.subscriber().close();
            }
        }

        private Second running() {
            Second running = second;
            if (running == null) {
                throw new IllegalStateException("the second subscriber was not started");
            }
            return running;
        }
    }

    private static OptionalDouble p99Millis(List<EndToEnd> latencies) {
        if (latencies.isEmpty()) {
            return OptionalDouble.empty();
        }
        Histogram histogram = new Histogram(3);
        latencies.forEach(
                event -> histogram.recordValue(Math.max(1, event.latency().toNanos() / 1_000)));
        return OptionalDouble.of(histogram.getValueAtPercentile(99) / 1000.0);
    }
}
