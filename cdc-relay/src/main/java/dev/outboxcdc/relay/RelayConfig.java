package dev.outboxcdc.relay;

import dev.outboxcdc.support.amqp.AmqpSettings;
import dev.outboxcdc.support.config.Env;
import dev.outboxcdc.support.db.DatabaseSettings;
import java.time.Duration;

/**
 * The relay's settings, read from the environment; see the README's configuration table.
 *
 * @param pollInterval        CDC: how often the engine hands over captured rows (latency knob,
 *                            no database load); polling: how often the outbox table is queried
 * @param offsetFlushInterval how often binlog offsets are written; 0 (default) writes them at the end of
 *                            every confirmed batch: one small transaction per batch, amortised
 *                            as batches grow with load. With a longer interval the engine has no
 *                            timer: offsets stay unwritten through idle periods and even a clean
 *                            stop re-publishes the last batches.
 * @param serverId            the replica id the relay uses on the binlog stream; unique per server
 */
public record RelayConfig(RelayMode mode, DatabaseSettings database, AmqpSettings amqp, String exchange,
                          int batchSize, Duration pollInterval, Duration offsetFlushInterval, int serverId,
                          String name) {

    public static RelayConfig fromEnv(Env env) {
        RelayMode mode = env.choice("RELAY_MODE", RelayMode.CDC);
        Duration defaultPoll = mode == RelayMode.CDC ? Duration.ofMillis(10) : Duration.ofMillis(100);
        return new RelayConfig(
                mode,
                DatabaseSettings.fromEnv(env, "outbox_relay", "relay-secret"),
                AmqpSettings.fromEnv(env),
                env.string("RELAY_EXCHANGE", "outbox.events"),
                env.integer("RELAY_BATCH_SIZE", 2048, 1, 65_536),
                env.millis("RELAY_POLL_INTERVAL_MS", defaultPoll, Duration.ofMillis(1), Duration.ofMinutes(10)),
                env.millis("RELAY_OFFSET_FLUSH_INTERVAL_MS", Duration.ZERO, Duration.ZERO, Duration.ofMinutes(10)),
                env.integer("RELAY_SERVER_ID", 5400, 1, Integer.MAX_VALUE),
                env.string("RELAY_NAME", "outbox-relay"));
    }
}
