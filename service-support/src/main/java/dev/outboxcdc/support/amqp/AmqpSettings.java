package dev.outboxcdc.support.amqp;

import com.rabbitmq.client.BuiltinExchangeType;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.ConnectionFactory;
import dev.outboxcdc.support.config.ConfigException;
import dev.outboxcdc.support.config.Env;
import java.io.IOException;
import java.net.URI;
import java.util.Map;

/**
 * The broker, shared by relay and worker: {@code AMQP_URI}, e.g.
 * {@code amqp://guest:guest@127.0.0.1:5672/%2F} (the local default), and
 * {@code EVENTS_ALTERNATE_EXCHANGE}: empty (default) means an event no queue is bound for is
 * returned to the relay, which sets it aside in its {@code RELAY_UNROUTABLE_QUEUE} (or holds it
 * back until a queue is bound, with {@code none}); a name means the broker itself routes such
 * events to a fanout exchange and a queue of that name. Both services declare the event exchange
 * the same way.
 */
public record AmqpSettings(URI uri, String alternateExchange) {
    public static final String DEFAULT_URI = "amqp://guest:guest@127.0.0.1:5672/%2F";

    public static AmqpSettings fromEnv(Env env) {
        String raw = env.string("AMQP_URI", DEFAULT_URI);
        try {
            URI uri = URI.create(raw);
            if (!"amqp".equals(uri.getScheme()) && !"amqps".equals(uri.getScheme())) {
                throw new IllegalArgumentException("scheme must be amqp or amqps");
            }
            return new AmqpSettings(uri, env.string("EVENTS_ALTERNATE_EXCHANGE", ""));
        } catch (IllegalArgumentException e) {
            throw new ConfigException("Invalid AMQP_URI: " + e.getMessage());
        }
    }

    /**
     * A factory with automatic connection and topology recovery off: each service reconnects
     * itself so that it knows which unconfirmed or unacked messages a lost connection took along.
     */
    public ConnectionFactory connectionFactory() {
        ConnectionFactory factory = new ConnectionFactory();
        try {
            factory.setUri(uri);
        } catch (Exception e) {
            throw new ConfigException("Invalid AMQP_URI: " + e.getMessage());
        }
        factory.setAutomaticRecoveryEnabled(false);
        factory.setConnectionTimeout(5_000);
        factory.setRequestedHeartbeat(10);
        return factory;
    }

    /** Declares the durable topic exchange of the events (and its alternate exchange, if configured). */
    public void declareEventExchange(Channel channel, String exchange) throws IOException {
        if (alternateExchange.isEmpty()) {
            channel.exchangeDeclare(exchange, BuiltinExchangeType.TOPIC, true);
            return;
        }
        channel.exchangeDeclare(alternateExchange, BuiltinExchangeType.FANOUT, true);
        channel.queueDeclare(alternateExchange, true, false, false, null);
        channel.queueBind(alternateExchange, alternateExchange, "");
        channel.exchangeDeclare(exchange, BuiltinExchangeType.TOPIC, true, false, Map.of("alternate-exchange", alternateExchange));
    }

    /** The URI without its password, for logs. */
    public String redacted() {
        return uri.getScheme() + "://" + uri.getHost() + ":" + (uri.getPort() < 0 ? 5672 : uri.getPort())
                + (uri.getRawPath() == null ? "" : uri.getRawPath());
    }
}
