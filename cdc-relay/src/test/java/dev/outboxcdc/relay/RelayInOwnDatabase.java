package dev.outboxcdc.relay;

import static org.awaitility.Awaitility.await;

import dev.outboxcdc.harness.ScratchDatabase;
import dev.outboxcdc.harness.ServiceProcess;
import dev.outboxcdc.harness.TestEnvironment;
import dev.outboxcdc.support.amqp.EventTopology;
import java.time.Duration;
import java.util.Map;

/** A CDC relay process in a scratch database of its own, for tests that change the outbox table's schema or fill it. */
final class RelayInOwnDatabase {
    private RelayInOwnDatabase() {}

    /** Starts the relay named {@code name} and returns once its engine starts. */
    static ServiceProcess start(ScratchDatabase database, String name, String exchange, int serverId) throws Exception {
        ServiceProcess relay = ServiceProcess.start(
                "dev.outboxcdc.relay.Main",
                TestEnvironment.get()
                        .variables(Map.of(
                                "DB_NAME",
                                database.name(),
                                "RELAY_NAME",
                                name,
                                EventTopology.EXCHANGE_VARIABLE,
                                exchange,
                                "RELAY_SERVER_ID",
                                Integer.toString(serverId))),
                name);
        await().atMost(Duration.ofSeconds(60)).until(() -> relay.output().contains("CDC engine starting"));
        return relay;
    }
}
