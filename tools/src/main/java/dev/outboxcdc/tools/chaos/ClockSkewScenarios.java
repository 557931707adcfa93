package dev.outboxcdc.tools.chaos;

import dev.outboxcdc.harness.MetricsScrape;
import dev.outboxcdc.harness.ServiceProcess;
import dev.outboxcdc.harness.ServiceStack;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Scenarios 20-25 of {@code make chaos}: one service at a time on a host clock 10 minutes ahead or
 * behind (libfaketime, Debian's {@code faketime}, preloaded into its JVM) for a whole scenario,
 * under the suite's load: nothing that retention, leases, the replay guard or the dedup window
 * decide may change, so every event is handled once, none delivered twice, no request refused.
 * The proof that the clock was off is the service's own {@code process_start_time_seconds}, read
 * against the moment it was launched.
 */
final class ClockSkewScenarios {
    /** Where Debian's {@code libfaketime} package puts the library. */
    static final Path LIBFAKETIME = Path.of("/usr/lib/x86_64-linux-gnu/faketime/libfaketime.so.1");

    private static final Duration SKEW = Duration.ofMinutes(10);

    /** Every decision the skew could sway is taken within seconds of load: 2,000 events at 200/s. */
    private static final Duration LOAD = Duration.ofSeconds(10);

    private ClockSkewScenarios() {}

    static List<Scenario> list() {
        List<Scenario> all = new ArrayList<>();
        int number = 20;
        for (String service : List.of("api", "relay", "worker")) {
            for (boolean ahead : List.of(true, false)) {
                all.add(new Scenario(
                                number++,
                                service + "'s clock 10 min " + (ahead ? "ahead" : "behind"),
                                true,
                                "the load's start",
                                // the skew lasts the whole scenario: no fault ends that a catch-up follows
                                Optional.empty(),
                                new Skewed(service, ahead ? SKEW : SKEW.negated()))
                        .withUpdates(LinkFaultScenarios.UPDATES)
                        .withLoad(LOAD));
            }
        }
        return all;
    }

    /**
     * The service restarted on the skewed clock before the load. It stays so after the check: the
     * next of these scenarios restarts it anyway (its other direction) or first sets it back, and
     * they are the suite's last, so no other scenario meets a skewed clock; a restart each saved.
     */
    private record Skewed(String service, Duration skew) implements Scenario.Fault {
        @Override
        public void prepare(ServiceStack stack) throws Exception {
            if (Files.isReadable(LIBFAKETIME)) {
                stack.restartAsTheyWereExcept(service);
                stack.restartWith(
                        service,
                        Map.of(
                                "LD_PRELOAD",
                                LIBFAKETIME.toString(),
                                // whole seconds, signed: "+600" or "-600"
                                "FAKETIME",
                                String.format(Locale.ROOT, "%+d", skew.toSeconds()),
                                // the JVM's timers and timeouts stay on the true monotonic clock, as NTP leaves it
                                "FAKETIME_DONT_FAKE_MONOTONIC",
                                "1",
                                // Debian's build turns this "fix" on for this glibc, and then every timed
                                // Object.wait returns at once (measured: wait(1000) took 0 ms): the JVM spins
                                "FAKETIME_FORCE_MONOTONIC_FIX",
                                "0"));
            }
        }

        @Override
        public Scenario.Proof inject(ServiceStack stack, FaultClock clock) throws Exception {
            if (!Files.isReadable(LIBFAKETIME)) {
                return (load, verification) -> FaultEvidence.of(
                        false, "not run: no " + LIBFAKETIME + "; install it with: apt-get install faketime");
            }
            ServiceProcess skewed = process(stack);
            // the api serves its metrics on its own port; the others on their admin port
            URI metrics = service.equals("api")
                    ? stack.apiUrl.resolve("/metrics")
                    : skewed.metricsUrl().orElseThrow();
            double started = MetricsScrape.of(metrics).sum("process_start_time_seconds");
            double launched = skewed.launched().toEpochMilli() / 1000.0;
            double measured = started - launched;
            return (load, verification) -> {
                boolean off = Math.abs(measured - skew.toSeconds()) < 60;
                FaultEvidence evidence = FaultEvidence.of(
                        off,
                        String.format(
                                Locale.ROOT,
                                "the %s's clock read %+.1f s off (its process_start_time_seconds against its"
                                        + " launch); requests refused: %d",
                                service,
                                measured,
                                load.failed()));
                return load.failed() == 0 ? evidence : evidence.unrecovered(load.failed() + " requests refused");
            };
        }

        private ServiceProcess process(ServiceStack stack) {
            return switch (service) {
                case "api" -> stack.api();
                case "relay" -> stack.relay();
                default -> stack.worker();
            };
        }
    }
}
