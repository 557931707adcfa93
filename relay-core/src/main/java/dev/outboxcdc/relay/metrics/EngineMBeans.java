package dev.outboxcdc.relay.metrics;

import java.lang.management.ManagementFactory;
import java.util.Optional;
import java.util.Set;
import javax.management.JMException;
import javax.management.MBeanServer;
import javax.management.ObjectName;

/**
 * The metrics the embedded Debezium engine registers in the JVM's own MBean server (as Debezium
 * documents them for JMX), read by name: its streaming reader's binlog position, how far behind
 * the source it is, whether a snapshot runs. Empty while no engine runs (standby, polling mode).
 */
public final class EngineMBeans {
    private static final MBeanServer JMX = ManagementFactory.getPlatformMBeanServer();

    private EngineMBeans() {}

    public static Optional<Object> streaming(String attribute) {
        return read("debezium.*:type=connector-metrics,context=streaming,*", attribute);
    }

    public static Optional<Object> snapshot(String attribute) {
        return read("debezium.*:type=connector-metrics,context=snapshot,*", attribute);
    }

    private static Optional<Object> read(String pattern, String attribute) {
        try {
            Set<ObjectName> names = JMX.queryNames(new ObjectName(pattern), null);
            return names.isEmpty()
                    ? Optional.empty()
                    : Optional.ofNullable(JMX.getAttribute(names.iterator().next(), attribute));
        } catch (JMException e) {
            // Registered and unregistered by the engine as it starts and stops: "not there now".
            return Optional.empty();
        }
    }
}
