package dev.outboxcdc.worker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.outboxcdc.support.config.Env;
import dev.outboxcdc.testsupport.TcpProxy;
import dev.outboxcdc.testsupport.TestEnvironment;
import dev.outboxcdc.worker.handler.CustomerCreatedHandler;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The worker behind connections the test can cut: outages hold messages unacked, nothing is lost or doubled. */
class WorkerOutageIT {
    private TcpProxy database;
    private TcpProxy broker;
    private WorkerFixture fixture;

    @BeforeEach
    void start() throws Exception {
        Env env = TestEnvironment.get().env(Map.of());
        database = new TcpProxy(env.string("DB_HOST", "127.0.0.1"), env.integer("DB_PORT", 3307, 1, 65535));
        URI amqp = TestEnvironment.get().amqp().uri();
        broker = new TcpProxy(amqp.getHost(), amqp.getPort() < 0 ? 5672 : amqp.getPort());
        fixture = new WorkerFixture(Map.of(
                "DB_PORT", Integer.toString(database.port()),
                "AMQP_URI", amqp.getScheme() + "://" + amqp.getRawUserInfo() + "@127.0.0.1:" + broker.port() + amqp.getRawPath()));
        fixture.startWorker(List.of(new CustomerCreatedHandler()));
    }

    @AfterEach
    void stop() throws Exception {
        fixture.close();
        database.close();
        broker.close();
    }

    private List<String> publishCustomers(int count) throws Exception {
        List<String> customers = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            String customerId = UUID.randomUUID().toString();
            customers.add(customerId);
            fixture.publish(UUID.randomUUID().toString(), "CustomerCreated",
                    WorkerFixture.customerPayload(customerId, customerId + "@example.com"));
        }
        return customers;
    }

    private long effects(List<String> customers) {
        return customers.stream().mapToLong(fixture::effects).sum();
    }

    @Test
    void aDatabaseOutageHoldsMessagesUnackedUntilItIsBack() throws Exception {
        database.cut();
        List<String> customers = publishCustomers(50);
        await().during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(3)).until(() -> effects(customers) == 0);

        database.restore();

        await().atMost(Duration.ofSeconds(30)).until(() -> effects(customers) == customers.size());
        customers.forEach(customer -> assertThat(fixture.effects(customer)).isEqualTo(1));
    }

    @Test
    void aBrokerOutageIsFollowedByAReconnectWithoutLossOrSecondEffects() throws Exception {
        List<String> before = publishCustomers(20);
        await().atMost(Duration.ofSeconds(30)).until(() -> effects(before) == before.size());

        broker.cut();
        broker.restore();
        List<String> after = publishCustomers(20);

        await().atMost(Duration.ofSeconds(60)).until(() -> effects(after) == after.size());
        assertThat(effects(before)).isEqualTo(before.size());
    }
}
