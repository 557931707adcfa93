package dev.outboxcdc.support.amqp;

import com.rabbitmq.client.Channel;
import dev.outboxcdc.support.config.Env;
import dev.outboxcdc.support.events.CustomerEvents;
import dev.outboxcdc.support.events.EventRouting;
import java.io.IOException;

/**
 * A subscriber of the events: its durable queue and the binding key on the event exchange
 * ({@code WORKER_QUEUE}, {@code WORKER_BINDING_KEY}). Declared by the worker, and by the relay
 * before it publishes, so that no event published before the worker's first start is routed
 * elsewhere (set aside as unroutable) instead of to its queue.
 */
public record Subscription(String queue, String bindingKey) {

    public static Subscription fromEnv(Env env) {
        return new Subscription(env.string("WORKER_QUEUE", "worker.customer-events"), env.string("WORKER_BINDING_KEY", EventRouting.allOf(CustomerEvents.AGGREGATE_TYPE)));
    }

    public void declare(Channel channel, String exchange) throws IOException {
        channel.queueDeclare(queue, true, false, false, null);
        channel.queueBind(queue, exchange, bindingKey);
    }
}
