package dev.outboxcdc.loadtest.chaos;

import dev.outboxcdc.testsupport.ServiceProcess;
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
 * From the fault's start until the backlog was back under half a second of load, split where the
 * scenario restarted a service: until the last restarted process was launched (the fault itself,
 * e.g. the pause before a restart), its start (JVM start to ready, as the service logged it), and
 * catching up after it was ready. Without a restart (a broker or database outage the services ride
 * out) the whole time is catching up.
 */
public record Recovery(Duration total, Optional<Restart> restart) {

    /** The restarted process that was ready last. */
    public record Restart(String service, Duration launchedAfterFault, Duration processStart) {
    }

    public static Recovery withoutRestart(Duration total) {
        return new Recovery(total, Optional.empty());
    }

    /** Splits {@code total} by the processes launched after {@code faultStarted} that logged their ready time. */
    static Recovery of(Duration total, Instant faultStarted, Collection<ServiceProcess> processes) throws IOException {
        List<Restart> restarts = new ArrayList<>();
        for (ServiceProcess process : processes) {
            Optional<Duration> ready = process.readyAfterJvmStart();
            if (process.launched().isAfter(faultStarted) && ready.isPresent()) {
                restarts.add(new Restart(process.name(), Duration.between(faultStarted, process.launched()), ready.get()));
            }
        }
        return new Recovery(total, restarts.stream()
                .max(Comparator.comparing(restart -> restart.launchedAfterFault().plus(restart.processStart()))));
    }

    /** After the last restarted process was ready (or after the fault's start, without a restart). */
    public Duration catchingUp() {
        Duration ready = restart.map(r -> r.launchedAfterFault().plus(r.processStart())).orElse(Duration.ZERO);
        return total.compareTo(ready) > 0 ? total.minus(ready) : Duration.ZERO;
    }

    /** e.g. {@code 6.1 s (restart of chaos-relay-2 launched after 2.0 s, process start 1.3 s, catching up 2.8 s)}. */
    public String describe() {
        return seconds(total) + " s " + restart.map(r -> String.format(Locale.ROOT,
                        "(%s launched after %s s, process start %s s, catching up %s s)", r.service(),
                        seconds(r.launchedAfterFault()), seconds(r.processStart()), seconds(catchingUp())))
                .orElse("(no service restarted: catching up " + seconds(catchingUp()) + " s)");
    }

    static String seconds(Duration duration) {
        return String.format(Locale.ROOT, "%.1f", duration.toMillis() / 1000.0);
    }
}
