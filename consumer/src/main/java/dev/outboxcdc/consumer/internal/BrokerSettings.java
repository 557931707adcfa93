package dev.outboxcdc.consumer.internal;

import com.rabbitmq.client.Address;
import dev.outboxcdc.consumer.Broker;
import dev.outboxcdc.support.amqp.AmqpSettings;
import dev.outboxcdc.support.amqp.QueueType;
import dev.outboxcdc.support.tls.TrustedCa;
import java.util.List;

/** The public {@link Broker} as the services' own broker settings, which connect and declare. */
public final class BrokerSettings {
    private BrokerSettings() {}

    public static AmqpSettings of(Broker broker) {
        List<Address> addresses = broker.addresses().stream()
                .map(address -> {
                    int colon = address.lastIndexOf(':');
                    return new Address(address.substring(0, colon), Integer.parseInt(address.substring(colon + 1)));
                })
                .toList();
        return new AmqpSettings(
                broker.uri(),
                addresses.isEmpty() ? new AmqpSettings(broker.uri()).addresses() : addresses,
                broker.classicQueues() ? QueueType.CLASSIC : QueueType.QUORUM,
                broker.tlsCaFile().map(file -> TrustedCa.load(broker.tlsCaSetting(), file)));
    }
}
