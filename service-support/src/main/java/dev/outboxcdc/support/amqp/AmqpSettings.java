package dev.outboxcdc.support.amqp;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.BuiltinExchangeType;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import com.rabbitmq.client.ShutdownSignalException;
import dev.outboxcdc.support.config.ConfigException;
import dev.outboxcdc.support.config.Env;
import java.io.IOException;
import java.net.URI;
import java.security.NoSuchAlgorithmException;
import java.util.concurrent.TimeoutException;
import javax.net.ssl.SSLContext;

/**
 * The broker, shared by relay and worker: {@code AMQP_URI} (or {@code AMQP_URI_FILE}: it holds the
 * password), e.g. {@code amqp://guest:guest@127.0.0.1:5672/%2F}, the local default with
 * {@code OUTBOX_ENV=dev}. {@code amqps://} connects with TLS, verifying the broker's certificate and
 * host name against the JVM's trust store ({@code -Djavax.net.ssl.trustStore=…} for a private CA). Both services declare the
 * event exchange the same way: a plain durable topic exchange, with no alternate exchange, so an
 * event no queue is bound for is returned to the relay, which sets it aside with a warning (its
 * {@code RELAY_UNROUTABLE_QUEUE}) instead of the broker diverting it silently.
 */
public record AmqpSettings(URI uri) {
    public static final String DEFAULT_URI = "amqp://guest:guest@127.0.0.1:5672/%2F";

    public static AmqpSettings fromEnv(Env env) {
        String raw = env.secret("AMQP_URI", DEFAULT_URI);
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
        if ("amqps".equals(uri.getScheme())) {
            // setUri alone would trust any certificate; verify it and the host name instead.
            try {
                factory.useSslProtocol(SSLContext.getDefault());
            } catch (NoSuchAlgorithmException e) {
                throw new ConfigException(
                        "AMQP_URI is amqps://, but this JVM has no default TLS context: " + e.getMessage());
            }
            factory.enableHostnameVerification();
        }
        factory.setAutomaticRecoveryEnabled(false);
        factory.setConnectionTimeout(5_000);
        factory.setRequestedHeartbeat(10);
        return factory;
    }

    /**
     * Declares the durable topic exchange of the events. An exchange of that name declared
     * otherwise (e.g. with the {@code alternate-exchange} argument that earlier versions' {@code
     * make run} set) stops the service with a line saying how to replace it.
     */
    public void declareEventExchange(Channel channel, String exchange) throws IOException {
        try {
            channel.exchangeDeclare(exchange, BuiltinExchangeType.TOPIC, true);
        } catch (IOException e) {
            if (e.getCause() instanceof ShutdownSignalException signal
                    && !signal.isHardError()
                    && signal.getReason() instanceof AMQP.Channel.Close close
                    && close.getReplyCode() == AMQP.PRECONDITION_FAILED) {
                throw new ConfigException(
                        "The exchange " + exchange + " exists with other settings (" + close.getReplyText()
                                + "). Delete it once (rabbitmqctl delete_exchange " + exchange
                                + "); relay and worker declare it and their bindings again at start-up");
            }
            throw e;
        }
    }

    /**
     * At start-up: declares the event exchange once, so that one declared otherwise stops the
     * service now ({@link ConfigException}) instead of in its reconnect loop. A broker that does not
     * answer yet is left to that loop, which waits for it and logs it once.
     */
    public void declareEventExchangeAtStartup(String exchange) {
        try (Connection connection = connectionFactory().newConnection("startup-check")) {
            declareEventExchange(connection.createChannel(), exchange);
        } catch (IOException | TimeoutException brokerNotAnsweringYet) {
            // reported by the service's reconnect loop
        }
    }

    /** The URI without its password, for logs. */
    public String redacted() {
        return uri.getScheme() + "://" + uri.getHost() + ":" + (uri.getPort() < 0 ? 5672 : uri.getPort())
                + (uri.getRawPath() == null ? "" : uri.getRawPath());
    }
}
