package dev.outboxcdc.support.amqp;

import dev.outboxcdc.support.config.Env;
import dev.outboxcdc.support.config.variables.BrokerVariables;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * The type of every durable queue the services declare ({@code QUEUE_TYPE}): {@code quorum} (the
 * default) replicates each message to a majority of the cluster's nodes before the broker confirms
 * it, and keeps serving while a minority is down; {@code classic} keeps a queue on one node (the
 * setups before quorum queues; mirrored classic queues are gone from RabbitMQ 4). On a single node
 * both keep the messages on that node's disk.
 */
public enum QueueType {
    QUORUM,
    CLASSIC;

    public static QueueType fromEnv(Env env) {
        return env.get(BrokerVariables.QUEUE_TYPE);
    }

    /**
     * {@code arguments} with this type's: {@code x-queue-type} for a quorum queue; none for a classic
     * one, so that a classic queue declared by an earlier version, without the argument, still matches.
     */
    public Map<String, Object> arguments(Map<String, Object> arguments) {
        Map<String, Object> all = new HashMap<>(arguments);
        if (this == QUORUM) {
            all.put("x-queue-type", "quorum");
        }
        return all;
    }

    /**
     * Arguments that dead-letter a message to {@code queue} on the default exchange. A quorum queue
     * does so at least once (the message stays until the target queue has it); a classic one at
     * most once, as RabbitMQ offers it there.
     */
    public Map<String, Object> deadLetterTo(String queue) {
        Map<String, Object> arguments =
                new HashMap<>(Map.of("x-dead-letter-exchange", "", "x-dead-letter-routing-key", queue));
        if (this == QUORUM) {
            arguments.put("x-dead-letter-strategy", "at-least-once");
            arguments.put("x-overflow", "reject-publish");
        }
        return arguments;
    }

    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}
