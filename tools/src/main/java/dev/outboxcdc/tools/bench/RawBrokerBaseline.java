package dev.outboxcdc.tools.bench;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import dev.outboxcdc.support.amqp.AmqpSettings;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.ConcurrentSkipListSet;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.LongAdder;

/**
 * The ceiling the broker sets: persistent 500-byte publishes to one durable queue, with async
 * publisher confirms (at most 1,000 outstanding), on one channel. Only acks count; a nack is not a
 * confirmation and is counted apart.
 */
final class RawBrokerBaseline {
    private static final int OUTSTANDING = 1_000;

    record Result(double confirmedPerSecond, long nacked) {}

    private RawBrokerBaseline() {}

    /** Publishes for {@code warmup} unmeasured, then measures for {@code duration}. */
    static Result measure(AmqpSettings amqp, Duration warmup, Duration duration) throws Exception {
        publish(amqp, warmup);
        return publish(amqp, duration);
    }

    private static Result publish(AmqpSettings amqp, Duration duration) throws Exception {
        String queue = "bench.raw-broker." + UUID.randomUUID();
        byte[] body = new byte[500];
        try (Connection connection = amqp.connect("bench-raw-broker");
                Channel channel = connection.createChannel()) {
            channel.queueDeclare(queue, true, false, false, null);
            channel.confirmSelect();
            Semaphore window = new Semaphore(OUTSTANDING);
            ConcurrentSkipListSet<Long> outstanding = new ConcurrentSkipListSet<>();
            LongAdder acked = new LongAdder();
            LongAdder nacked = new LongAdder();
            channel.addConfirmListener(
                    (tag, multiple) -> acked.add(settle(outstanding, window, tag, multiple)),
                    (tag, multiple) -> nacked.add(settle(outstanding, window, tag, multiple)));
            AMQP.BasicProperties persistent =
                    new AMQP.BasicProperties.Builder().deliveryMode(2).build();
            long started = System.nanoTime();
            long deadline = started + duration.toNanos();
            while (System.nanoTime() < deadline) {
                window.acquire();
                outstanding.add(channel.getNextPublishSeqNo());
                channel.basicPublish("", queue, persistent, body);
            }
            window.acquire(OUTSTANDING);
            double seconds = (System.nanoTime() - started) / 1e9;
            channel.queueDelete(queue);
            return new Result(acked.sum() / seconds, nacked.sum());
        }
    }

    private static int settle(ConcurrentSkipListSet<Long> outstanding, Semaphore window, long tag, boolean multiple) {
        int settled = 0;
        if (multiple) {
            var head = outstanding.headSet(tag, true);
            settled = head.size();
            head.clear();
        } else if (outstanding.remove(tag)) {
            settled = 1;
        }
        window.release(settled);
        return settled;
    }
}
