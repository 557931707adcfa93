package dev.outboxcdc.tools.bench;

import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import dev.outboxcdc.contract.outbox.OutboxStore;
import dev.outboxcdc.contract.outbox.OutboxTable;
import dev.outboxcdc.harness.Polling;
import dev.outboxcdc.harness.ScratchDatabase;
import dev.outboxcdc.harness.ServiceStack;
import dev.outboxcdc.support.amqp.AmqpSettings;
import java.sql.Types;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.PreparedBatch;

/**
 * Relay catch-up: with the relay stopped, write a backlog of outbox rows, start the relay, and count
 * confirmed deliveries on a queue bound to its exchange until all have arrived.
 */
final class CatchUp {
    /**
     * @param arrivals deliveries arrived so far, every tenth of a second from the relay's start
     */
    record Result(
            long rows,
            double eventsPerSecond,
            double secondsFromStart,
            long relayPeakRssMegabytes,
            List<Arrived> arrivals) {}

    /** {@code count} deliveries had arrived {@code second} seconds after the relay was started. */
    record Arrived(double second, long count) {}

    private static final int TENTHS = 10 * 600;

    private CatchUp() {}

    static void writeBacklog(Jdbi admin, ScratchDatabase database, int rows) {
        admin.useHandle(handle -> {
            for (int written = 0; written < rows; written += 5_000) {
                PreparedBatch batch = handle.prepareBatch(OutboxStore.appendInto(database.table(OutboxTable.NAME)));
                for (int i = written; i < Math.min(rows, written + 5_000); i++) {
                    String payload = "{\"n\":" + i + ",\"pad\":\"" + "x".repeat(400) + "\"}";
                    batch.bind(0, UUID.randomUUID().toString())
                            .bind(1, "catchup")
                            .bind(2, "backlog")
                            .bind(3, "Bulk")
                            .bind(4, payload)
                            .bindNull(5, Types.VARCHAR)
                            .bind(6, 1)
                            .add();
                }
                batch.execute();
            }
        });
    }

    private static List<Arrived> cumulative(AtomicLongArray perTenth, int lastTenth) {
        List<Arrived> arrivals = new ArrayList<>();
        long count = 0;
        for (int tenth = 0; tenth <= Math.min(lastTenth + 1, TENTHS - 1); tenth++) {
            count += perTenth.get(tenth);
            arrivals.add(new Arrived((tenth + 1) / 10.0, count));
        }
        return arrivals;
    }

    /** Binds a counting queue, runs {@code startRelay}, and waits until {@code rows} messages have arrived. */
    static Result measure(AmqpSettings amqp, ServiceStack stack, int rows) throws Exception {
        String exchange = stack.exchange;
        AtomicLong arrived = new AtomicLong();
        AtomicLong firstArrival = new AtomicLong();
        AtomicLong lastArrival = new AtomicLong();
        AtomicLong started = new AtomicLong(Long.MAX_VALUE);
        AtomicLongArray perTenth = new AtomicLongArray(TENTHS);
        try (Connection connection = amqp.connect("bench-catch-up");
                Channel channel = connection.createChannel();
                RssSampler rss = new RssSampler(stack)) {
            // The exchange is the stack's (declared by its relay and worker, with their arguments).
            String queue = channel.queueDeclare().getQueue();
            channel.queueBind(queue, exchange, "catchup.#");
            channel.basicQos(2_000);
            channel.basicConsume(
                    queue,
                    false,
                    (tag, delivery) -> {
                        long now = System.nanoTime();
                        firstArrival.compareAndSet(0, now);
                        lastArrival.set(now);
                        perTenth.incrementAndGet((int)
                                Math.min(TENTHS - 1, Math.max(0, (now - started.get()) / 100_000_000)));
                        arrived.incrementAndGet();
                        channel.basicAck(delivery.getEnvelope().getDeliveryTag(), false);
                    },
                    tag -> {});
            started.set(System.nanoTime());
            stack.startRelay();
            Polling.until(
                    rows + " events relayed",
                    Duration.ofMinutes(10),
                    Duration.ofMillis(100),
                    () -> arrived.get() >= rows);
            double streaming = (lastArrival.get() - firstArrival.get()) / 1e9;
            return new Result(
                    arrived.get(),
                    rows / Math.max(streaming, 0.001),
                    (lastArrival.get() - started.get()) / 1e9,
                    rss.peakMegabytes(),
                    cumulative(perTenth, (int) ((lastArrival.get() - started.get()) / 100_000_000)));
        }
    }
}
