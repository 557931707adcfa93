package dev.outboxcdc.support.amqp;

import com.rabbitmq.client.Channel;
import dev.outboxcdc.contract.events.CustomerEvents;
import dev.outboxcdc.contract.events.EventRouting;
import dev.outboxcdc.support.config.Env;
import java.io.IOException;

/**
 * A subscriber of the events: its durable queue and the binding key on the event exchange
 * ({@code WORKER_QUEUE}, {@code WORKER_BINDING_KEY}). Declared by the worker, and by the relay
 * before it publishes, so that no event published before the worker's first start is routed
 * elsewhere (set aside as unroutable) instead of to its queue.
 */
public record Subscription(String queue, String bindingKey) {
    public static final String QUEUE_VARIABLE = "WORKER_QUEUE";
    public static final String DEFAULT_QUEUE = "worker.customer-events";
    public static final String BINDING_KEY_VARIABLE = "WORKER_BINDING_KEY";

    public static Subscription fromEnv(Env env) {
        return new Subscription(
                env.string(QUEUE_VARIABLE, DEFAULT_QUEUE),
                env.string(BINDING_KEY_VARIABLE, EventRouting.allOf(CustomerEvents.AGGREGATE_TYPE)));
    }

    public void declare(Channel channel, String exchange) throws IOException {
        channel.queueDeclare(queue, true, false, false, null);
        channel.queueBind(queue, exchange, bindingKey);
    }
}
