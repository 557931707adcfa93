package dev.outboxcdc.support.lifecycle;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * How long a service took from its JVM's start to ready (api: listening; relay: streaming, or
 * standby behind another relay's lease; worker: consuming): logged once, and exposed as the gauge
 * {@code application.ready.time} in seconds (Spring Boot's name for the same figure), so that a slow
 * start shows on a dashboard and {@code make chaos} can split a recovery into process start and
 * catching up. The first time counts; a relay that restarts its engine later does not move it.
 */
public final class StartupTime {
    public static final String METER = "application.ready.time";
    /** How often {@link #readyWhen} asks: the resolution of the ready time it records. */
    static final Duration WATCH_INTERVAL = Duration.ofMillis(10);

    private static final Logger log = LoggerFactory.getLogger(StartupTime.class);
    /** The line {@link #ready} logs, as {@link #readyTimeIn} reads it back from a service's output. */
    private static final Pattern READY_LINE = Pattern.compile(" ready (\\d+\\.\\d+) s after its JVM started: ");

    private final String service;
    private final AtomicReference<Duration> ready = new AtomicReference<>();

    public StartupTime(String service, MeterRegistry registry) {
        this.service = service;
        Gauge.builder(METER, this, StartupTime::seconds)
                .description("time from the JVM's start until the service was ready (NaN before)")
                .baseUnit("seconds")
                .register(registry);
    }

    /** Time since this JVM started. */
    public static Duration sinceJvmStart() {
        return Duration.ofMillis(ManagementFactory.getRuntimeMXBean().getUptime());
    }

    /** Records (the first time only) that the service is ready, doing {@code what}, and logs it. */
    public void ready(String what) {
        Duration sinceStart = sinceJvmStart();
        if (ready.compareAndSet(null, sinceStart)) {
            log.info("{} ready {} s after its JVM started: {}", service, format(sinceStart), what);
        }
    }

    /**
     * Asks {@code started} every {@link #WATCH_INTERVAL} on a daemon thread of its own until it
     * answers what the service is doing, then records that as {@link #ready}; for a service whose
     * readiness comes from threads it does not own (the CDC engine's binlog reader, a consumer).
     */
    public void readyWhen(Supplier<Optional<String>> started) {
        ScheduledExecutorService watch = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, service + "-start-watch");
            thread.setDaemon(true);
            return thread;
        });
        // the task catches what it throws (below): the future has nothing else to tell
        ScheduledFuture<?> unused = watch.scheduleWithFixedDelay(
                () -> {
                    try {
                        started.get().ifPresent(what -> {
                            ready(what);
                            watch.shutdown();
                        });
                    } catch (RuntimeException e) {
                        log.warn(
                                "{}: cannot tell whether it has started, its ready time stays unknown: {}",
                                service,
                                e.toString());
                        watch.shutdown();
                    }
                },
                0,
                WATCH_INTERVAL.toMillis(),
                TimeUnit.MILLISECONDS);
    }

    /** The ready time a service logged in {@code output}; empty until it logged it. */
    public static Optional<Duration> readyTimeIn(String output) {
        Matcher ready = READY_LINE.matcher(output);
        return ready.find()
                ? Optional.of(Duration.ofMillis(Math.round(Double.parseDouble(ready.group(1)) * 1000)))
                : Optional.empty();
    }

    public boolean isReady() {
        return ready.get() != null;
    }

    private double seconds() {
        Duration time = ready.get();
        return time == null ? Double.NaN : time.toMillis() / 1000.0;
    }

    static String format(Duration duration) {
        return String.format(Locale.ROOT, "%.2f", duration.toMillis() / 1000.0);
    }
}
