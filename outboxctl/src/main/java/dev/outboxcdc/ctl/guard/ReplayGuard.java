package dev.outboxcdc.ctl.guard;

import dev.outboxcdc.support.config.Env;
import dev.outboxcdc.support.retention.DedupRetention;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * Refuses to send an event again once its consumers may have forgotten it. A consumer remembers
 * the id of every event it handled for its dedup window ({@code WORKER_RETENTION_HOURS}, {@link
 * DedupRetention}, the window the relay checks its own retention against), counted from when it
 * handled it, which is after the event was created; an event created longer ago than the window
 * may have been handled and forgotten, and would be applied a second time. Younger ones are
 * deduplicated by every consumer that handled them.
 */
public record ReplayGuard(Duration dedupWindow) {
    public static ReplayGuard fromEnv(Env env) {
        return new ReplayGuard(DedupRetention.fromEnv(env));
    }

    /** Whether an event created at {@code createdAt} may have been forgotten at {@code now}. */
    public boolean outsideWindow(Instant createdAt, Instant now) {
        return createdAt.isBefore(now.minus(dedupWindow));
    }

    /** An event of unknown age (no creation time in its headers) counts as outside: it may be. */
    public boolean outsideWindow(Optional<Instant> createdAt, Instant now) {
        return createdAt.map(at -> outsideWindow(at, now)).orElse(true);
    }

    /** Why {@code count} selected events are refused, and how to send them anyway ({@code override}). */
    public String refusal(long count, String override) {
        return count + " of the selected events were created more than " + DedupRetention.VARIABLE + "="
                + dedupWindow.toHours() + " h ago (or carry no creation time): a consumer may have handled one and"
                + " forgotten it since, and would apply it a second time. Nothing was sent. " + override
                + " sends them anyway, audited as forced";
    }
}
