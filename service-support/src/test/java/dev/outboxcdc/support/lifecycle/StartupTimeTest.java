package dev.outboxcdc.support.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

class StartupTimeTest {
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();

    private double gauge() {
        return registry.get(StartupTime.METER).gauge().value();
    }

    @Test
    void theGaugeIsUnknownUntilTheServiceIsReady() {
        StartupTime startup = new StartupTime("api", registry);

        assertThat(startup.isReady()).isFalse();
        assertThat(gauge()).isNaN();
    }

    @Test
    void recordsTheTimeFromTheJvmStartTheFirstTimeOnly() {
        StartupTime startup = new StartupTime("api", registry);

        startup.ready("listening");
        double first = gauge();
        startup.ready("listening again");

        assertThat(first)
                .isPositive()
                .isLessThanOrEqualTo(StartupTime.sinceJvmStart().toMillis() / 1000.0);
        assertThat(gauge()).isEqualTo(first);
    }

    @Test
    void readyWhenRecordsOnceTheServiceSaysWhatItIsDoing() {
        StartupTime startup = new StartupTime("relay", registry);
        AtomicBoolean streaming = new AtomicBoolean();

        startup.readyWhen(() -> streaming.get() ? Optional.of("streaming") : Optional.empty());
        assertThat(startup.isReady()).isFalse();
        double before = StartupTime.sinceJvmStart().toMillis() / 1000.0;
        streaming.set(true);

        await().atMost(Duration.ofSeconds(5)).until(startup::isReady);
        assertThat(gauge()).isGreaterThanOrEqualTo(before);
    }

    @Test
    void aWatchThatCannotTellLeavesTheTimeUnknownInsteadOfDyingSilently() {
        StartupTime startup = new StartupTime("worker", registry);
        AtomicBoolean asked = new AtomicBoolean();

        startup.readyWhen(() -> {
            asked.set(true);
            throw new IllegalStateException("no MBean server");
        });

        await().atMost(Duration.ofSeconds(5)).untilTrue(asked);
        assertThat(startup.isReady()).isFalse();
        assertThat(gauge()).isNaN();
    }

    @Test
    void theReadyTimeIsReadBackFromTheServicesOutput() {
        String output =
                "12:00:01.042 INFO  [main] d.o.s.l.StartupTime - api ready 1.08 s after its JVM started: listening on port 3000\n";

        assertThat(StartupTime.readyTimeIn(output)).contains(Duration.ofMillis(1080));
        assertThat(StartupTime.readyTimeIn("12:00:00.500 INFO  [main] d.o.api.Main - api starting\n"))
                .isEmpty();
    }

    @Test
    void formatsSecondsWithTwoDecimals() {
        assertThat(StartupTime.format(Duration.ofMillis(1234))).isEqualTo("1.23");
    }
}
