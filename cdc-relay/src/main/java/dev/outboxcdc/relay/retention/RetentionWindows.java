package dev.outboxcdc.relay.retention;

import dev.outboxcdc.support.config.ConfigException;
import dev.outboxcdc.support.config.Env;
import dev.outboxcdc.support.config.variables.RelayVariables;
import dev.outboxcdc.support.retention.DedupRetention;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * The windows that decide whether an event can be applied twice, and the invariant between them:
 * <b>anything the relay may publish again is still covered by the consumers' dedup records.</b>
 * <ul>
 *   <li>outbox retention ({@code OUTBOX_RETENTION_HOURS}, 72 h): rows older than this, and already
 *       passed by the relay, are deleted — so a relay that lost its stored position re-publishes at
 *       most this much;</li>
 *   <li>binlog expiry (the server's {@code binlog_expire_logs_seconds}, 7 days in mysql-config): a
 *       relay down for less resumes from its stored position and re-publishes at most its last,
 *       unconfirmed batch, published before the outage;</li>
 *   <li>dedup retention ({@code WORKER_RETENTION_HOURS}, 240 h): how long consumers remember an id.</li>
 * </ul>
 * Both of the first two, plus {@link #MARGIN}, must fit in the third; the relay refuses to start otherwise.
 */
public record RetentionWindows(Duration outbox, Duration dedup) {
    public static final String OUTBOX_VARIABLE = RelayVariables.OUTBOX_RETENTION_HOURS.name();
    /** Room for the retention job's period and for transactions that commit long after their insert. */
    public static final Duration MARGIN = Duration.ofHours(1);
    /**
     * An outbox row's {@code created_at} is taken at its INSERT, before its commit: a row counts as
     * passed by the relay only once the relay's position is this much later.
     */
    public static final Duration LONGEST_TRANSACTION = Duration.ofMinutes(10);

    public RetentionWindows {
        if (outbox.plus(MARGIN).compareTo(dedup) > 0) {
            throw new ConfigException(OUTBOX_VARIABLE + "=" + outbox.toHours() + " must be at least " + MARGIN.toHours()
                    + " h shorter than " + DedupRetention.VARIABLE + "=" + dedup.toHours()
                    + ": a relay that lost its binlog position re-publishes the outbox rows still kept, and a consumer"
                    + " that already forgot one would apply it twice");
        }
    }

    /**
     * From which creation time a relay whose stored binlog position was purged re-publishes the
     * outbox, given how far it had got: {@code passedUpTo}, the second of the last outbox event it
     * published (binlog timestamps have whole seconds); empty = every row (no time stored).
     * <ul>
     *   <li>Rows created later were never published, and always are (nothing lost).</li>
     *   <li>Rows created up to {@link #LONGEST_TRANSACTION} before it were published too, unless
     *       their transaction ran that long: re-published while the consumers still remember that
     *       time (they deduplicate), skipped once they no longer do, from the end of that second on,
     *       because a second effect is certain for those published then and a gap only possible
     *       for one committed in the same second after the position.</li>
     * </ul>
     */
    public Optional<Instant> republishFrom(Optional<Instant> passedUpTo, Instant now) {
        return passedUpTo.map(passed -> now.isBefore(passed.plus(dedup).minus(MARGIN))
                ? passed.minus(LONGEST_TRANSACTION)
                : passed.plusSeconds(1));
    }

    public static RetentionWindows fromEnv(Env env) {
        return new RetentionWindows(env.get(RelayVariables.OUTBOX_RETENTION_HOURS), DedupRetention.fromEnv(env));
    }

    /** CDC: the server's binlog expiry must fit in the dedup window too; 0 (never expires) always fits. */
    public void checkBinlogExpiry(Duration binlogExpiry) {
        if (!binlogExpiry.isZero() && binlogExpiry.plus(MARGIN).compareTo(dedup) > 0) {
            throw new ConfigException("the server's binlog_expire_logs_seconds=" + binlogExpiry.toSeconds() + " ("
                    + binlogExpiry.toHours() + " h) must be at least " + MARGIN.toHours() + " h shorter than "
                    + DedupRetention.VARIABLE + "=" + dedup.toHours() + ": a relay down almost that long resumes"
                    + " and re-publishes its last batch after the consumers forgot it; raise "
                    + DedupRetention.VARIABLE + " (worker and relay) or lower the server's binlog expiry");
        }
    }
}
