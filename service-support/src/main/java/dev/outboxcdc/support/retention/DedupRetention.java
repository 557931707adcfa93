package dev.outboxcdc.support.retention;

import dev.outboxcdc.support.config.Env;
import dev.outboxcdc.support.config.variables.ServiceVariables;
import java.time.Duration;

/**
 * How long consumers remember the ids of processed messages ({@code WORKER_RETENTION_HOURS}), in one
 * place because two services need it: the worker deletes older records, and the relay refuses an
 * outbox retention or binlog expiry under which an event could be published again after its
 * record is gone (a second effect). Give both services the same value.
 */
public final class DedupRetention {
    public static final String VARIABLE = ServiceVariables.WORKER_RETENTION_HOURS.name();
    /** {@code WORKER_RETENTION_HOURS}'s default. */
    public static final Duration DEFAULT =
            ServiceVariables.WORKER_RETENTION_HOURS.defaultValue().orElseThrow();

    private DedupRetention() {}

    public static Duration fromEnv(Env env) {
        return env.get(ServiceVariables.WORKER_RETENTION_HOURS);
    }
}
