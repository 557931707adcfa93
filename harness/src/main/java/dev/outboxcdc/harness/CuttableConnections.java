package dev.outboxcdc.harness;

import dev.outboxcdc.support.config.Env;
import dev.outboxcdc.support.config.variables.DatabaseVariables;
import java.io.IOException;
import java.net.URI;
import java.util.Map;

/**
 * Proxies to the test database and broker that a test can cut, and the environment variables that
 * point a service at them instead of at the servers.
 */
public final class CuttableConnections implements AutoCloseable {
    private final TcpProxy database;
    private final TcpProxy broker;
    private final URI amqp;

    private CuttableConnections(TcpProxy database, TcpProxy broker, URI amqp) {
        this.database = database;
        this.broker = broker;
        this.amqp = amqp;
    }

    public static CuttableConnections open() throws IOException {
        Env env = TestEnvironment.get().env(Map.of());
        URI amqp = TestEnvironment.get().amqp().uri();
        TcpProxy database = new TcpProxy(env.get(DatabaseVariables.DB_HOST), env.get(DatabaseVariables.DB_PORT));
        return new CuttableConnections(
                database, new TcpProxy(amqp.getHost(), amqp.getPort() < 0 ? 5672 : amqp.getPort()), amqp);
    }

    public TcpProxy database() {
        return database;
    }

    public TcpProxy broker() {
        return broker;
    }

    /** {@code DB_PORT} and {@code AMQP_URI} through the proxies. */
    public Map<String, String> environment() {
        return Map.of(
                "DB_PORT",
                Integer.toString(database.port()),
                "AMQP_URI",
                amqp.getScheme() + "://" + amqp.getRawUserInfo() + "@127.0.0.1:" + broker.port() + amqp.getRawPath());
    }

    @Override
    public void close() throws IOException {
        database.close();
        broker.close();
    }
}
