package dev.outboxcdc.loadtest.bench;

import static org.awaitility.Awaitility.await;

import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import dev.outboxcdc.testsupport.ScratchDatabase;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.PreparedBatch;

/**
 * Relay catch-up: with the relay stopped, write a backlog of outbox rows, start the relay, and count
 * confirmed deliveries on a queue bound to its exchange until all have arrived.
 */
final class CatchUp {
    record Result(long rows, double eventsPerSecond, double secondsFromStart, long relayPeakRssMegabytes) {
    }

    private CatchUp() {
    }

    static void writeBacklog(Jdbi admin, ScratchDatabase database, int rows) {
        admin.useHandle(handle -> {
            for (int written = 0; written < rows; written += 5_000) {
                PreparedBatch batch = handle.prepareBatch("INSERT INTO " + database.table("outbox") + " (id, aggregatetype, aggregateid, type, payload)"
                        + " VALUES (UUID(), 'catchup', 'backlog', 'Bulk', :payload)");
                for (int i = written; i < Math.min(rows, written + 5_000); i++) {
                    batch.bind("payload", "{\"n\":" + i + ",\"pad\":\"" + "x".repeat(400) + "\"}").add();
                }
                batch.execute();
            }
        });
    }

    /** Binds a counting queue, runs {@code startRelay}, and waits until {@code rows} messages have arrived. */
    static Result measure(ConnectionFactory factory, ServiceStack stack, int rows) throws Exception {
        String exchange = stack.exchange;
        AtomicLong arrived = new AtomicLong();
        AtomicLong firstArrival = new AtomicLong();
        AtomicLong lastArrival = new AtomicLong();
        try (Connection connection = factory.newConnection("bench-catch-up"); Channel channel = connection.createChannel();
             RssSampler rss = new RssSampler(stack)) {
            // The exchange is the stack's (declared by its relay and worker, with their arguments).
            String queue = channel.queueDeclare().getQueue();
            channel.queueBind(queue, exchange, "catchup.#");
            channel.basicQos(2_000);
            channel.basicConsume(queue, false, (tag, delivery) -> {
                long now = System.nanoTime();
                firstArrival.compareAndSet(0, now);
                lastArrival.set(now);
                arrived.incrementAndGet();
                channel.basicAck(delivery.getEnvelope().getDeliveryTag(), false);
            }, tag -> { });
            long started = System.nanoTime();
            stack.startRelay();
            await().atMost(Duration.ofMinutes(10)).pollInterval(Duration.ofMillis(100)).until(() -> arrived.get() >= rows);
            double streaming = (lastArrival.get() - firstArrival.get()) / 1e9;
            return new Result(arrived.get(), rows / Math.max(streaming, 0.001), (lastArrival.get() - started) / 1e9,
                    rss.peakMegabytes());
        }
    }
}
