package dev.outboxcdc.tools.chaos;

import com.rabbitmq.client.Address;
import dev.outboxcdc.harness.LocalTls;
import dev.outboxcdc.harness.ServiceStack;
import dev.outboxcdc.harness.TcpProxy;
import dev.outboxcdc.harness.TestEnvironment;
import dev.outboxcdc.support.amqp.AmqpSettings;
import dev.outboxcdc.support.config.Env;
import dev.outboxcdc.support.config.variables.DatabaseVariables;
import java.io.IOException;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The chaos stack's network: each service reaches the database and the broker through a {@link
 * TcpProxy} of its own per link (and per broker node), so that a scenario can make one link slow or
 * half-open while the others stay as they were. The proxies only forward until a scenario says
 * otherwise; the suite's own checks connect directly.
 */
final class ServiceLinks implements AutoCloseable {
    enum Link {
        API_DATABASE("api", "database"),
        RELAY_DATABASE("relay", "database"),
        RELAY_BROKER("relay", "broker"),
        WORKER_BROKER("worker", "broker"),
        WORKER_DATABASE("worker", "database");

        final String service;
        final String server;

        Link(String service, String server) {
            this.service = service;
            this.server = server;
        }

        String label() {
            return service + "→" + server;
        }
    }

    private final Map<Link, List<TcpProxy>> proxies = new EnumMap<>(Link.class);

    private ServiceLinks() {}

    /** A proxy per link in front of the database and every broker node the environment names. */
    static ServiceLinks open() throws IOException {
        Env env = new Env(TestEnvironment.get().variables(Map.of()));
        String databaseHost = env.get(DatabaseVariables.DB_HOST);
        int databasePort = env.get(DatabaseVariables.DB_PORT);
        List<Address> brokers = AmqpSettings.fromEnv(env).addresses();
        ServiceLinks links = new ServiceLinks();
        for (Link link : Link.values()) {
            List<TcpProxy> forLink = new ArrayList<>();
            if (link.server.equals("database")) {
                forLink.add(new TcpProxy(databaseHost, databasePort));
            } else {
                for (Address broker : brokers) {
                    forLink.add(new TcpProxy(broker.getHost(), broker.getPort()));
                }
            }
            links.proxies.put(link, List.copyOf(forLink));
        }
        return links;
    }

    /**
     * Points each of the stack's services at its proxies, by the name the servers' certificate holds
     * when the links are TLS ({@link LocalTls}).
     */
    ServiceStack route(ServiceStack stack) {
        String host = LocalTls.requested() ? "localhost" : "127.0.0.1";
        for (String service : List.of("api", "relay", "worker")) {
            Map<String, String> settings = new HashMap<>();
            for (Link link : Link.values()) {
                if (!link.service.equals(service)) {
                    continue;
                }
                if (link.server.equals("database")) {
                    settings.put("DB_HOST", host);
                    settings.put("DB_PORT", Integer.toString(of(link).get(0).port()));
                } else {
                    settings.put(
                            AmqpSettings.ADDRESSES_VARIABLE,
                            of(link).stream()
                                    .map(proxy -> host + ":" + proxy.port())
                                    .collect(Collectors.joining(",")));
                }
            }
            stack.withSettings(service, settings);
        }
        return stack;
    }

    /** The proxies of {@code link}: one for the database, one per node for the broker. */
    List<TcpProxy> of(Link link) {
        List<TcpProxy> of = proxies.get(link);
        if (of == null) {
            throw new IllegalArgumentException("no proxies on " + link);
        }
        return of;
    }

    /** Every link as it was: nothing slowed, capped, frozen or held. */
    void healAll() {
        proxies.values().forEach(list -> list.forEach(TcpProxy::heal));
    }

    @Override
    public void close() throws IOException {
        for (List<TcpProxy> list : proxies.values()) {
            for (TcpProxy proxy : list) {
                proxy.close();
            }
        }
    }
}
