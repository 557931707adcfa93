package dev.outboxcdc.support.amqp;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Address;
import com.rabbitmq.client.BuiltinExchangeType;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import com.rabbitmq.client.ShutdownSignalException;
import dev.outboxcdc.support.config.ConfigException;
import dev.outboxcdc.support.config.Env;
import dev.outboxcdc.support.config.variables.BrokerVariables;
import dev.outboxcdc.support.tls.TrustedCa;
import java.io.IOException;
import java.net.URI;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;
import javax.net.ssl.SSLContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The broker, shared by relay and worker: {@code AMQP_URI} (or {@code AMQP_URI_FILE}: it holds the
 * password), e.g. {@code amqp://guest:guest@127.0.0.1:5672/%2F}, the local default with
 * {@code OUTBOX_ENV=dev}. For a cluster, {@code AMQP_ADDRESSES} lists its nodes
 * ({@code host:port,host:port,...}; user, password, virtual host and TLS still come from the URI):
 * each connection goes to the first node that answers, starting at a random one, and a service
 * that lost its connection reconnects to another. {@code amqps://} connects with TLS, verifying the broker's certificate and
 * host name against the JVM's trust store ({@code -Djavax.net.ssl.trustStore=…} for a private CA). Both services declare the
 * event exchange the same way: a plain durable topic exchange, with no alternate exchange, so an
 * event no queue is bound for is returned to the relay, which sets it aside with a warning (its
 * {@code RELAY_UNROUTED_QUEUE}) instead of the broker diverting it silently.
 */
public record AmqpSettings(URI uri, List<Address> addresses, QueueType queueType, Optional<TrustedCa> tlsCa) {
    /** The AMQP heartbeat the services ask for: a silent connection is given up after twice this. */
    public static final int HEARTBEAT_SECONDS = 5;

    public static final String DEFAULT_URI =
            BrokerVariables.AMQP_URI.defaultValue().orElseThrow();
    public static final String ADDRESSES_VARIABLE = BrokerVariables.AMQP_ADDRESSES.name();
    public static final String URI_VARIABLE = BrokerVariables.AMQP_URI.name();
    public static final String TLS_CA_VARIABLE = BrokerVariables.AMQP_TLS_CA_FILE.name();
    private static final Logger log = LoggerFactory.getLogger(AmqpSettings.class);

    public AmqpSettings {
        addresses = List.copyOf(addresses);
        if (addresses.isEmpty()) {
            throw new IllegalArgumentException("no broker address");
        }
        if (tlsCa.isPresent() && !"amqps".equals(uri.getScheme())) {
            throw new ConfigException(TLS_CA_VARIABLE + " is set, but " + URI_VARIABLE
                    + " is not amqps://: use amqps:// to connect with TLS");
        }
    }

    /** The JVM's trust store for {@code amqps://}. */
    public AmqpSettings(URI uri, List<Address> addresses, QueueType queueType) {
        this(uri, addresses, queueType, Optional.empty());
    }

    /** One broker: the URI's host and port, quorum queues. */
    public AmqpSettings(URI uri) {
        this(uri, List.of(uriAddress(uri)), QueueType.QUORUM);
    }

    public static AmqpSettings fromEnv(Env env) {
        String raw = env.get(BrokerVariables.AMQP_URI);
        URI uri;
        try {
            uri = URI.create(raw);
            if (!"amqp".equals(uri.getScheme()) && !"amqps".equals(uri.getScheme())) {
                throw new IllegalArgumentException("scheme must be amqp or amqps");
            }
            if (uri.getHost() == null) {
                throw new IllegalArgumentException("no host");
            }
        } catch (IllegalArgumentException e) {
            throw new ConfigException("Invalid AMQP_URI: " + e.getMessage());
        }
        String list = env.get(BrokerVariables.AMQP_ADDRESSES);
        List<Address> addresses = list.isBlank() ? List.of(uriAddress(uri)) : parseAddresses(list, uri);
        return new AmqpSettings(
                uri, addresses, QueueType.fromEnv(env), TrustedCa.fromEnv(env, BrokerVariables.AMQP_TLS_CA_FILE));
    }

    /** {@code host:port,host:port}; a host without port takes the URI scheme's (5672, or 5671 for amqps). */
    static List<Address> parseAddresses(String list, URI uri) {
        List<Address> addresses = new ArrayList<>();
        for (String entry : list.split(",")) {
            String address = entry.strip();
            int colon = address.lastIndexOf(':');
            String host = colon < 0 ? address : address.substring(0, colon);
            int port;
            try {
                port = colon < 0 ? port(uri, -1) : Integer.parseInt(address.substring(colon + 1));
            } catch (NumberFormatException e) {
                port = 0;
            }
            if (host.isEmpty() || port < 1 || port > 65_535) {
                throw new ConfigException("Invalid " + ADDRESSES_VARIABLE + "='" + list + "': '" + address
                        + "' is not host:port; expected e.g. 10.0.0.1:5672,10.0.0.2:5672");
            }
            addresses.add(new Address(host, port));
        }
        return addresses;
    }

    private static Address uriAddress(URI uri) {
        return new Address(uri.getHost(), port(uri, uri.getPort()));
    }

    private static int port(URI uri, int port) {
        return port > 0 ? port : "amqps".equals(uri.getScheme()) ? 5671 : 5672;
    }

    /**
     * A connection to the first node that answers, trying every address once, from a random one
     * on; the nodes that did not answer are logged (once per connection) when another did.
     */
    public Connection connect(ConnectionFactory factory, String name) throws IOException, TimeoutException {
        int first = ThreadLocalRandom.current().nextInt(addresses.size());
        List<String> notAnswering = new ArrayList<>();
        Exception last = null;
        for (int i = 0; i < addresses.size(); i++) {
            Address address = addresses.get((first + i) % addresses.size());
            try {
                Connection connection = factory.newConnection(List.of(address), name);
                if (!notAnswering.isEmpty()) {
                    log.warn("{}: broker node(s) {} did not answer; connected to {}", name, notAnswering, address);
                }
                return connection;
            } catch (IOException | TimeoutException e) {
                notAnswering.add(address + " (" + e.getMessage() + ")");
                last = e;
            }
        }
        if (addresses.size() == 1 && last instanceof IOException io) {
            throw io;
        }
        if (addresses.size() == 1 && last instanceof TimeoutException timeout) {
            throw timeout;
        }
        throw new IOException("no broker node answered: " + notAnswering, last);
    }

    /** {@link #connect(ConnectionFactory, String)} with this broker's {@link #connectionFactory()}. */
    public Connection connect(String name) throws IOException, TimeoutException {
        return connect(connectionFactory(), name);
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
                factory.useSslProtocol(tlsCa.isPresent() ? tlsCa.get().sslContext() : SSLContext.getDefault());
            } catch (NoSuchAlgorithmException e) {
                throw new ConfigException(
                        "AMQP_URI is amqps://, but this JVM has no default TLS context: " + e.getMessage());
            }
            factory.enableHostnameVerification();
        }
        factory.setAutomaticRecoveryEnabled(false);
        factory.setConnectionTimeout(5_000);
        // A connection a NAT or load balancer forgot stays open and carries nothing: only the missing
        // heartbeats tell, after two intervals; the services then connect again (RelayOutageIT and
        // WorkerOutageIT print how long it took). The cost: a frame each way every 2.5 s.
        factory.setRequestedHeartbeat(HEARTBEAT_SECONDS);
        return factory;
    }

    /**
     * Declares a durable queue of {@link #queueType()} with {@code arguments}. One that exists with
     * other settings (another type, another TTL) stops the service with a line naming it and the
     * command that removes it, as for the exchange.
     */
    public void declareQueue(Channel channel, String queue, Map<String, Object> arguments) throws IOException {
        try {
            channel.queueDeclare(queue, true, false, false, queueType.arguments(arguments));
        } catch (IOException e) {
            Optional<String> refused = preconditionFailed(e);
            if (refused.isPresent()) {
                throw new ConfigException("The queue " + queue
                        + " exists with other settings than these services declare ("
                        + refused.get() + "; " + BrokerVariables.QUEUE_TYPE.name() + "=" + queueType.label()
                        + "). Keep it with the"
                        + " setting it was declared with, or replace it: stop the services, move its messages if it holds"
                        + " any (rabbitmqctl list_queues name messages), delete it (rabbitmqctl delete_queue " + queue
                        + ") and start them again; they declare it anew");
            }
            throw e;
        }
    }

    /** The broker's reply text when it refused a declaration because the object exists otherwise. */
    private static Optional<String> preconditionFailed(IOException e) {
        return e.getCause() instanceof ShutdownSignalException signal
                        && !signal.isHardError()
                        && signal.getReason() instanceof AMQP.Channel.Close close
                        && close.getReplyCode() == AMQP.PRECONDITION_FAILED
                ? Optional.of(close.getReplyText())
                : Optional.empty();
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
            Optional<String> refused = preconditionFailed(e);
            if (refused.isPresent()) {
                throw new ConfigException("The exchange " + exchange + " exists with other settings (" + refused.get()
                        + "). Delete it once (rabbitmqctl delete_exchange " + exchange
                        + "); relay and worker declare it and their bindings again at start-up");
            }
            throw e;
        }
    }

    /**
     * Declares the event exchange unless it exists. A subscriber needs the exchange to bind its queue
     * to, not the right to configure it: one that exists is found with a passive declare (on a
     * channel of its own, which the broker closes when the exchange is missing), which needs no
     * permission; only a missing one is declared, and where the user may not ({@link
     * EventExchangeMissingException}) the subscriber waits for the relay to declare it.
     */
    public void ensureEventExchange(Channel channel, String exchange) throws IOException {
        Channel probe = channel.getConnection().createChannel();
        try {
            probe.exchangeDeclarePassive(exchange);
        } catch (IOException missing) {
            try {
                declareEventExchange(channel, exchange);
            } catch (IOException refused) {
                if (StartupRefusal.accessRefused(refused).isPresent()) {
                    throw new EventExchangeMissingException(exchange);
                }
                throw refused;
            }
            return;
        }
        try {
            probe.close();
        } catch (TimeoutException e) {
            throw new IOException("closing the channel that found the exchange " + exchange + " timed out", e);
        }
    }

    /**
     * At start-up: declares the event exchange once, so that one declared otherwise stops the
     * service now ({@link ConfigException}) instead of in its reconnect loop. A broker that does not
     * answer yet is left to that loop, which waits for it and logs it once.
     */
    public void declareEventExchangeAtStartup(String exchange) {
        declareAtStartup(channel -> declareEventExchange(channel, exchange));
    }

    /** What a service declares, on a channel. */
    @FunctionalInterface
    public interface Declarations {
        void declare(Channel channel) throws IOException;
    }

    /**
     * At start-up: runs the service's declarations once, so that an exchange or queue that exists
     * otherwise, or a user the broker refuses, stops the service now ({@link ConfigException})
     * instead of in its reconnect loop, which would retry what no retry mends. A broker that does
     * not answer yet is left to that loop, which waits for it and logs it once.
     */
    public void declareAtStartup(Declarations declarations) {
        try (Connection connection = connect("startup-check")) {
            declarations.declare(connection.createChannel());
        } catch (IOException | TimeoutException e) {
            StartupRefusal.explain(this, e).ifPresent(line -> {
                throw new ConfigException(line);
            });
            // otherwise the service's reconnect loop waits for the broker and logs it once
        }
    }

    /** The URI without its password, with every node, for logs. */
    public String redacted() {
        return uri.getScheme() + "://"
                + addresses.stream().map(Address::toString).collect(Collectors.joining(","))
                + (uri.getRawPath() == null ? "" : uri.getRawPath());
    }
}
