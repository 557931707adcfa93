package dev.outboxcdc.harness;

import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import dev.outboxcdc.contract.events.EventRouting;
import dev.outboxcdc.contract.outbox.OutboxStore;
import dev.outboxcdc.contract.outbox.OutboxTable;
import java.sql.Types;
import java.time.Duration;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Proves a relay streams: writes a probe outbox row and waits until it is published on the
 * exchange. A relay that logged its start may not yet have fixed its binlog position; once a row
 * written after the start arrives, every later row will too.
 */
final class StreamingProbe {
    /** The aggregate type of the probe rows: no subscriber of the stack binds it. */
    private static final String PROBE_TYPE = "probe";

    private StreamingProbe() {}

    static void awaitPublished(ServiceStack stack, Duration timeout) throws Exception {
        ScratchDatabase database = stack.database;
        String exchange = stack.exchange;
        Set<String> arrived = ConcurrentHashMap.newKeySet();
        try (Connection connection = stack.amqp().connect("streaming-probe");
                Channel channel = connection.createChannel();
                TestDatabase admin = new TestDatabase(stack.admin())) {
            // Declared as the stack's services declare it: the relay may not have published yet.
            stack.amqp().declareEventExchange(channel, exchange);
            String queue = channel.queueDeclare().getQueue();
            channel.queueBind(queue, exchange, EventRouting.allOf(PROBE_TYPE));
            String outbox = database.table(OutboxTable.NAME);
            channel.basicConsume(
                    queue,
                    true,
                    (tag, delivery) -> arrived.add(delivery.getProperties().getMessageId()),
                    tag -> {});
            try {
                // A probe written before the relay fixed its position is skipped: write another until one arrives.
                Polling.until("a probe event relayed", timeout, Duration.ofMillis(500), () -> {
                    if (arrived.isEmpty()) {
                        admin.jdbi()
                                .useHandle(handle -> handle.createUpdate(OutboxStore.appendInto(outbox))
                                        .bind(0, UUID.randomUUID().toString())
                                        .bind(1, PROBE_TYPE)
                                        .bind(2, "probe")
                                        .bind(3, "Probe")
                                        .bind(4, "{}")
                                        .bindNull(5, Types.VARCHAR)
                                        .bind(6, 1)
                                        .execute());
                    }
                    return !arrived.isEmpty();
                });
            } finally {
                admin.execute("DELETE FROM " + outbox + " WHERE " + OutboxTable.AGGREGATE_TYPE + " = ?", PROBE_TYPE);
            }
        }
    }
}
