package dev.outboxcdc.tools.chaos;

import dev.outboxcdc.harness.ServiceProcess;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * How long the pipeline took to come back: from the moment the scenario let it back (see
 * {@link FaultClock}) until the backlog was under half a second of load again. Where the scenario
 * restarted a service, the time is split at the restarted process that was ready last: until it
 * was launched, its start (JVM start to ready, as the service logged it), and catching up after it
 * was ready. Without a restart (a broker or database outage the services ride out) the whole time
 * is catching up.
 *
 * @param heldDown from the fault's hit until it was let back (not part of {@code total})
 */
public record Recovery(Duration heldDown, Duration total, Optional<Restart> restart) {

    /** The restarted process that was ready last; {@code launchedAfter} counts from the moment the pipeline was let back. */
    public record Restart(String service, Duration launchedAfter, Duration processStart) {}

    public static Recovery withoutRestart(Duration heldDown, Duration total) {
        return new Recovery(heldDown, total, Optional.empty());
    }

    /** Splits the time from {@code clock}'s let-back until {@code recovered} by the processes launched since the hit. */
    static Recovery of(FaultClock clock, Instant recovered, Collection<ServiceProcess> processes) throws IOException {
        Instant letBack = clock.letBackAt();
        List<Restart> restarts = new ArrayList<>();
        for (ServiceProcess process : processes) {
            Optional<Duration> ready = process.readyAfterJvmStart();
            if (!process.launched().isBefore(clock.hitAt()) && ready.isPresent()) {
                restarts.add(new Restart(
                        process.name(), positive(Duration.between(letBack, process.launched())), ready.get()));
            }
        }
        return new Recovery(
                positive(Duration.between(clock.hitAt(), letBack)),
                positive(Duration.between(letBack, recovered)),
                restarts.stream()
                        .max(Comparator.comparing(
                                restart -> restart.launchedAfter().plus(restart.processStart()))));
    }

    /** After the last restarted process was ready (or after the pipeline was let back, without a restart). */
    public Duration catchingUp() {
        return positive(total.minus(
                restart.map(r -> r.launchedAfter().plus(r.processStart())).orElse(Duration.ZERO)));
    }

    /** The part that took longest, for a verdict: e.g. {@code process start of chaos-relay-3 3.9 s}. */
    public String longestPart() {
        record Part(String name, Duration duration) {}
        List<Part> parts = new ArrayList<>();
        restart.ifPresent(r -> {
            parts.add(new Part("until " + r.service() + " was launched", r.launchedAfter()));
            parts.add(new Part("process start of " + r.service(), r.processStart()));
        });
        parts.add(new Part("catching up", catchingUp()));
        Part longest = parts.stream().max(Comparator.comparing(Part::duration)).orElseThrow();
        return longest.name() + " " + seconds(longest.duration()) + " s";
    }

    /**
     * e.g. {@code 4.1 s after the restart (down 2.0 s before it; chaos-relay-2 launched after 0.0 s, process start 1.3 s,
     * catching up 2.8 s)}; {@code countedFrom}: what the let-back moment was.
     */
    public String describe(String countedFrom) {
        String down = heldDown.isZero() ? "" : "down " + seconds(heldDown) + " s before it; ";
        return seconds(total) + " s after " + countedFrom + " (" + down
                + restart.map(r -> String.format(
                                Locale.ROOT,
                                "%s launched after %s s, process start %s s, catching up %s s)",
                                r.service(),
                                seconds(r.launchedAfter()),
                                seconds(r.processStart()),
                                seconds(catchingUp())))
                        .orElse("no service restarted: catching up " + seconds(catchingUp()) + " s)");
    }

    static String seconds(Duration duration) {
        return String.format(Locale.ROOT, "%.1f", duration.toMillis() / 1000.0);
    }

    private static Duration positive(Duration duration) {
        return duration.isNegative() ? Duration.ZERO : duration;
    }
}
