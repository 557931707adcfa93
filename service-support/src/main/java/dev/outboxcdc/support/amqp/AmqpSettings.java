package dev.outboxcdc.support.amqp;

import com.rabbitmq.client.ConnectionFactory;
import dev.outboxcdc.support.config.ConfigException;
import dev.outboxcdc.support.config.Env;
import java.net.URI;

/** {@code AMQP_URI}, e.g. {@code amqp://guest:guest@127.0.0.1:5672/%2F} (the local default). */
public record AmqpSettings(URI uri) {
    public static final String DEFAULT_URI = "amqp://guest:guest@127.0.0.1:5672/%2F";

    public static AmqpSettings fromEnv(Env env) {
        String raw = env.string("AMQP_URI", DEFAULT_URI);
        try {
            URI uri = URI.create(raw);
            if (!"amqp".equals(uri.getScheme()) && !"amqps".equals(uri.getScheme())) {
                throw new IllegalArgumentException("scheme must be amqp or amqps");
            }
            return new AmqpSettings(uri);
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

    /** The URI without its password, for logs. */
    public String redacted() {
        return uri.getScheme() + "://" + uri.getHost() + ":" + (uri.getPort() < 0 ? 5672 : uri.getPort())
                + (uri.getRawPath() == null ? "" : uri.getRawPath());
    }
}
