package dev.outboxcdc.consumer.internal.amqp;

import dev.outboxcdc.consumer.internal.ConsumerSettings;
import dev.outboxcdc.support.amqp.AmqpSettings;
import dev.outboxcdc.support.amqp.Subscription;
import java.net.URI;
import java.time.Duration;
import java.util.List;

/** Settings of a consumer on {@code queue} for tests that connect to nothing. */
final class Settings {
    private Settings() {}

    static ConsumerSettings of(String queue, List<Duration> retryDelays) {
        return new ConsumerSettings(
                "test",
                new AmqpSettings(URI.create("amqp://guest:guest@127.0.0.1:5672/%2F")),
                "outbox.events",
                new Subscription(queue, "customer.*"),
                queue,
                10,
                1,
                10,
                Duration.ofMillis(2),
                Duration.ofMillis(10),
                3,
                2,
                retryDelays,
                Duration.ofHours(1));
    }
}
