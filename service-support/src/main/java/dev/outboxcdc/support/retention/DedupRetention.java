package dev.outboxcdc.support.retention;

import dev.outboxcdc.support.config.Env;
import java.time.Duration;

/**
 * How long consumers remember the ids of processed messages ({@code WORKER_RETENTION_HOURS}), in one
 * place because two services need it: the worker deletes older records, and the relay refuses an
 * outbox retention or binlog expiry under which an event could be published again after its
 * record is gone (a second effect). Give both services the same value.
 */
public final class DedupRetention {
    public static final String VARIABLE = "WORKER_RETENTION_HOURS";
    /** 10 days: longer than the 7-day binlog expiry and the 3-day outbox retention, with a margin. */
    public static final int DEFAULT_HOURS = 240;

    private DedupRetention() {}

    public static Duration fromEnv(Env env) {
        return Duration.ofHours(env.integer(VARIABLE, DEFAULT_HOURS, 1, 24 * 365 * 10));
    }
}
