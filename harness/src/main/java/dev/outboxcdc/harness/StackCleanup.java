package dev.outboxcdc.harness;

import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import dev.outboxcdc.support.amqp.AmqpSettings;
import java.time.Duration;
import java.util.List;
import java.util.function.Supplier;

/**
 * What a {@link ServiceStack} leaves behind, removed: its processes stopped (killed if they will not
 * stop), its queues and exchange deleted, its database dropped, also when the JVM exits first
 * (Ctrl-C, SIGTERM to Maven), through a shutdown hook.
 */
final class StackCleanup implements AutoCloseable {
    private final String name;
    private final Supplier<List<ServiceProcess>> processes;
    private final ScratchDatabase database;
    private final String exchange;
    private final Supplier<List<String>> queues;
    private final Supplier<AmqpSettings> broker;
    private final Thread atExit = new Thread(this::closeAtExit, "service-stack-cleanup");
    private boolean closed;

    StackCleanup(
            String name,
            Supplier<List<ServiceProcess>> processes,
            ScratchDatabase database,
            String exchange,
            Supplier<List<String>> queues,
            Supplier<AmqpSettings> broker) {
        this.broker = broker;
        this.name = name;
        this.processes = processes;
        this.database = database;
        this.exchange = exchange;
        this.queues = queues;
        Runtime.getRuntime().addShutdownHook(atExit);
    }

    /**
     * Stops every process, then deletes the queues, the exchange and the database, also when a
     * process would not stop (it is killed, and the first such error is thrown after the clean-up).
     */
    @Override
    public synchronized void close() throws Exception {
        if (closed) {
            return;
        }
        closed = true;
        if (Thread.currentThread() != atExit) {
            try {
                Runtime.getRuntime().removeShutdownHook(atExit);
            } catch (IllegalStateException shutdownInProgress) {
                // the hook runs too, and finds the stack closed
            }
        }
        AssertionError notStopped = null;
        for (ServiceProcess process : processes.get()) {
            if (process.isAlive()) {
                try {
                    process.terminate(Duration.ofSeconds(15));
                } catch (AssertionError e) {
                    process.kill();
                    notStopped = notStopped == null ? e : notStopped;
                }
            }
        }
        try {
            deleteBrokerObjects();
        } finally {
            database.close();
        }
        if (notStopped != null) {
            throw notStopped;
        }
    }

    private void closeAtExit() {
        try {
            close();
        } catch (Exception | AssertionError e) {
            System.err.println("cleaning up the service stack " + name + " at exit failed: " + e);
        }
    }

    /** The stack's queues and exchange are its own; leave nothing behind on the shared broker. */
    private void deleteBrokerObjects() throws Exception {
        try (Connection connection = broker.get().connect("stack-cleanup");
                Channel channel = connection.createChannel()) {
            for (String queue : queues.get()) {
                channel.queueDelete(queue);
            }
            channel.exchangeDelete(exchange);
        }
    }
}
