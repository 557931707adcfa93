package dev.outboxcdc.consumer;

import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * The RabbitMQ broker the events come from.
 *
 * <pre>{@code
 * Broker.at("amqps://loyalty:secret@rabbit.internal:5671/%2F")
 *       .cluster(List.of("rabbit-1:5671", "rabbit-2:5671", "rabbit-3:5671"))
 *       .trusting(Path.of("/etc/loyalty/ca.pem"));
 * }</pre>
 *
 * @param uri           {@code amqp://} or {@code amqps://} (TLS, the broker's certificate and host name
 *                      verified): user, password, virtual host, and the node when there is one
 * @param addresses     a cluster's nodes as {@code host:port}; each connection goes to the first that
 *                      answers from a random one on; empty: the URI's host
 * @param tlsCaFile     a PEM file of the CA that signed the broker's certificate; empty: the JVM's trust store
 * @param tlsCaSetting  what the service calls the setting that gave {@code tlsCaFile} (an environment
 *                      variable, a property), named in the error messages of a refused TLS link
 * @param classicQueues true to declare classic queues instead of quorum queues (for a broker without
 *                      quorum queues; must match what the other services of the broker declare)
 */
public record Broker(
        URI uri, List<String> addresses, Optional<Path> tlsCaFile, String tlsCaSetting, boolean classicQueues) {
    private static final String CA_FILE = "the broker's TLS CA file";

    public Broker {
        if (!"amqp".equals(uri.getScheme()) && !"amqps".equals(uri.getScheme())) {
            throw new IllegalArgumentException("Broker URI must be amqp:// or amqps://, not " + uri.getScheme());
        }
        if (uri.getHost() == null) {
            throw new IllegalArgumentException("Broker URI has no host");
        }
        addresses = List.copyOf(addresses);
        for (String address : addresses) {
            int colon = address.lastIndexOf(':');
            if (colon < 1 || !address.substring(colon + 1).matches("[0-9]{1,5}")) {
                throw new IllegalArgumentException("Broker address '" + address + "' is not host:port");
            }
        }
        if (tlsCaFile.isPresent() && !"amqps".equals(uri.getScheme())) {
            throw new IllegalArgumentException("a TLS CA file is given, but the broker URI is not amqps://");
        }
    }

    /** One broker at {@code uri}, quorum queues, the JVM's trust store. */
    public static Broker at(String uri) {
        return new Broker(URI.create(uri), List.of(), Optional.empty(), CA_FILE, false);
    }

    /** The same broker reached through these nodes ({@code host:port}). */
    public Broker cluster(List<String> hostsAndPorts) {
        return new Broker(uri, hostsAndPorts, tlsCaFile, tlsCaSetting, classicQueues);
    }

    /** The same broker, its certificate verified against this CA (PEM). */
    public Broker trusting(Path caFile) {
        return trusting(caFile, CA_FILE);
    }

    /** {@link #trusting(Path)}, the file named {@code setting} in error messages (e.g. its environment variable). */
    public Broker trusting(Path caFile, String setting) {
        return new Broker(uri, addresses, Optional.of(caFile), setting, classicQueues);
    }

    /** The same broker, with classic queues declared instead of quorum queues. */
    public Broker withClassicQueues() {
        return new Broker(uri, addresses, tlsCaFile, tlsCaSetting, true);
    }

    @Override
    public String toString() {
        return "Broker[" + uri.getScheme() + "://" + uri.getHost() + (uri.getPort() > 0 ? ":" + uri.getPort() : "")
                + (addresses.isEmpty() ? "" : " " + addresses) + "]";
    }
}
