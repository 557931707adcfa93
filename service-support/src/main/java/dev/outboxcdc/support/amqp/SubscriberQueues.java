package dev.outboxcdc.support.amqp;

import dev.outboxcdc.support.config.ConfigException;
import dev.outboxcdc.support.config.Env;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The queues a subscriber owns, named after its work queue ({@link Subscription}): a delay queue
 * per retry delay ({@value #RETRY_DELAYS_VARIABLE}) and a parking lot. The worker declares them;
 * outboxctl and the load tools find them by these names.
 */
public final class SubscriberQueues {
    public static final String RETRY_DELAYS_VARIABLE = "WORKER_RETRY_DELAYS_MS";
    public static final List<Duration> DEFAULT_RETRY_DELAYS =
            List.of(Duration.ofSeconds(1), Duration.ofSeconds(5), Duration.ofSeconds(30));

    private SubscriberQueues() {}

    /** Where messages that cannot be handled wait for an operator. */
    public static String parkingLot(String workQueue) {
        return workQueue + ".parking-lot";
    }

    /** The delay queue of one retry delay; the delay is in the name because a queue's TTL cannot change once declared. */
    public static String retryQueue(String workQueue, Duration delay) {
        return workQueue + ".retry." + delay.toMillis() + "ms";
    }

    /** The work queue, its delay queues, its parking lot. */
    public static List<String> all(String workQueue, List<Duration> retryDelays) {
        List<String> queues = new ArrayList<>();
        queues.add(workQueue);
        retryDelays.stream()
                .distinct()
                .map(delay -> retryQueue(workQueue, delay))
                .forEach(queues::add);
        queues.add(parkingLot(workQueue));
        return queues;
    }

    /** {@value #RETRY_DELAYS_VARIABLE}: the delay before each retry in milliseconds, default 1000,5000,30000. */
    public static List<Duration> retryDelays(Env env) {
        String raw = env.string(RETRY_DELAYS_VARIABLE, "");
        if (raw.isEmpty()) {
            return DEFAULT_RETRY_DELAYS;
        }
        try {
            List<Duration> delays = Arrays.stream(raw.split(","))
                    .map(String::strip)
                    .map(value -> Duration.ofMillis(Long.parseLong(value)))
                    .toList();
            if (delays.stream().anyMatch(delay -> delay.isNegative() || delay.isZero())) {
                throw new NumberFormatException("delays must be positive");
            }
            return delays;
        } catch (NumberFormatException e) {
            throw new ConfigException("Invalid " + RETRY_DELAYS_VARIABLE + "='" + raw
                    + "': expected positive milliseconds separated by commas, e.g. 1000,5000,30000");
        }
    }
}
