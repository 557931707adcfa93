package dev.outboxcdc.loadtest.bench;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.ConcurrentSkipListSet;
import java.util.concurrent.Semaphore;

/**
 * The ceiling the broker sets: persistent 500-byte publishes to one durable queue, with async
 * publisher confirms (at most 1,000 outstanding), on one channel.
 */
final class RawBrokerBaseline {
    private static final int OUTSTANDING = 1_000;

    private RawBrokerBaseline() {
    }

    static double confirmedPerSecond(ConnectionFactory factory, Duration duration) throws Exception {
        String queue = "bench.raw-broker." + UUID.randomUUID();
        byte[] body = new byte[500];
        try (Connection connection = factory.newConnection("bench-raw-broker"); Channel channel = connection.createChannel()) {
            channel.queueDeclare(queue, true, false, false, null);
            channel.confirmSelect();
            Semaphore window = new Semaphore(OUTSTANDING);
            ConcurrentSkipListSet<Long> outstanding = new ConcurrentSkipListSet<>();
            channel.addConfirmListener((tag, multiple) -> settle(outstanding, window, tag, multiple),
                    (tag, multiple) -> settle(outstanding, window, tag, multiple));
            AMQP.BasicProperties persistent = new AMQP.BasicProperties.Builder().deliveryMode(2).build();
            long started = System.nanoTime();
            long deadline = started + duration.toNanos();
            long published = 0;
            while (System.nanoTime() < deadline) {
                window.acquire();
                outstanding.add(channel.getNextPublishSeqNo());
                channel.basicPublish("", queue, persistent, body);
                published++;
            }
            window.acquire(OUTSTANDING);
            double seconds = (System.nanoTime() - started) / 1e9;
            channel.queueDelete(queue);
            return published / seconds;
        }
    }

    private static void settle(ConcurrentSkipListSet<Long> outstanding, Semaphore window, long tag, boolean multiple) {
        int settled = 0;
        if (multiple) {
            var head = outstanding.headSet(tag, true);
            settled = head.size();
            head.clear();
        } else if (outstanding.remove(tag)) {
            settled = 1;
        }
        window.release(settled);
    }
}
