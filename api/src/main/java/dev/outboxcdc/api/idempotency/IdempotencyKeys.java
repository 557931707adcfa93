package dev.outboxcdc.api.idempotency;

import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.Optional;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.statement.StatementException;

/**
 * The {@code idempotency_keys} table: each key with its request's fingerprint and the response it
 * got. A key is claimed in the transaction that writes the request's effect (the customer and its
 * outbox row), so the key exists exactly when the effect does: a transaction that rolls back
 * leaves no key behind, and a retry simply runs again. Thread-safe.
 */
public final class IdempotencyKeys {
    static final String TABLE = "idempotency_keys";
    private static final int DUPLICATE_KEY = 1062;
    private static final int LOCK_WAIT_TIMEOUT = 1205;
    private static final int DEADLOCK = 1213;

    private final Duration timeToLive;
    private final Duration inFlightWait;
    private final Clock clock;

    /**
     * @param timeToLive   how long a key is remembered; after that, a request with it is a new request
     * @param inFlightWait how long a request waits for another one holding its key to finish before
     *                     it is answered "in flight" (whole seconds, at least 1: InnoDB's lock wait)
     */
    public IdempotencyKeys(Duration timeToLive, Duration inFlightWait, Clock clock) {
        this.timeToLive = timeToLive;
        this.inFlightWait = inFlightWait;
        this.clock = clock;
    }

    public Duration timeToLive() {
        return timeToLive;
    }

    /**
     * Claims the request's key in the caller's transaction, with the response the request gets if
     * that transaction commits. Empty: the key is new (or had expired) and is now this request's.
     * Present: the response of the earlier request with this key, which the caller returns instead
     * of writing anything.
     *
     * @throws IdempotencyKeyReusedException   the key belongs to a request with another fingerprint
     * @throws IdempotencyKeyInFlightException another request with the key has not finished within the wait
     */
    public Optional<StoredResponse> claim(Handle handle, IdempotentRequest request, StoredResponse response) {
        Instant now = clock.instant();
        handle.execute("SET SESSION innodb_lock_wait_timeout = " + Math.max(1, inFlightWait.toSeconds()));
        try {
            for (int attempt = 1; ; attempt++) {
                if (tryInsert(handle, request, response, now)) {
                    return Optional.empty();
                }
                Optional<Stored> earlier = find(handle, request.key());
                if (earlier.isPresent() && earlier.get().expiresAt().isAfter(now)) {
                    if (!earlier.get().fingerprint().equals(request.fingerprint())) {
                        throw new IdempotencyKeyReusedException(request.key());
                    }
                    return Optional.of(earlier.get().response());
                }
                if (attempt == 2) {
                    throw new IdempotencyKeyInFlightException(request.key());
                }
                // expired (or removed by the expiry job meanwhile): the key is free for this request
                handle.createUpdate("DELETE FROM " + TABLE + " WHERE idempotency_key = :key AND expires_at <= :now")
                        .bind("key", request.key().value())
                        .bind("now", utc(now))
                        .execute();
            }
        } catch (StatementException e) {
            if (hasErrorCode(e, LOCK_WAIT_TIMEOUT) || hasErrorCode(e, DEADLOCK)) {
                throw new IdempotencyKeyInFlightException(request.key());
            }
            throw e;
        } finally {
            handle.execute("SET SESSION innodb_lock_wait_timeout = DEFAULT");
        }
    }

    /** Deletes up to {@code limit} keys expired before now, oldest first; returns how many. */
    int deleteExpired(Handle handle, int limit) {
        return handle.createUpdate("DELETE FROM " + TABLE + " WHERE expires_at < :now ORDER BY expires_at LIMIT :limit")
                .bind("now", utc(clock.instant()))
                .bind("limit", limit)
                .execute();
    }

    /** False when the key exists already (committed, or by now committed by the request that held it). */
    private boolean tryInsert(Handle handle, IdempotentRequest request, StoredResponse response, Instant now) {
        try {
            handle.createUpdate("INSERT INTO " + TABLE
                            + " (idempotency_key, fingerprint, response_status, response_location,"
                            + " response_body, created_at, expires_at) VALUES (:key, :fingerprint, :status, :location, :body,"
                            + " :createdAt, :expiresAt)")
                    .bind("key", request.key().value())
                    .bind("fingerprint", request.fingerprint())
                    .bind("status", response.status())
                    .bind("location", response.location())
                    .bind("body", response.body())
                    .bind("createdAt", utc(now))
                    .bind("expiresAt", utc(now.plus(timeToLive)))
                    .execute();
            return true;
        } catch (StatementException e) {
            if (hasErrorCode(e, DUPLICATE_KEY)) {
                return false;
            }
            throw e;
        }
    }

    /** The stored key, read with a shared lock: the latest committed row, not the transaction's snapshot. */
    private static Optional<Stored> find(Handle handle, IdempotencyKey key) {
        return handle.createQuery(
                        "SELECT fingerprint, response_status, response_location, response_body, expires_at FROM "
                                + TABLE + " WHERE idempotency_key = :key LOCK IN SHARE MODE")
                .bind("key", key.value())
                .map((row, ctx) -> new Stored(
                        row.getString("fingerprint"),
                        new StoredResponse(
                                row.getInt("response_status"),
                                row.getString("response_location"),
                                row.getString("response_body")),
                        row.getObject("expires_at", LocalDateTime.class).toInstant(ZoneOffset.UTC)))
                .findOne();
    }

    private static LocalDateTime utc(Instant instant) {
        return LocalDateTime.ofInstant(instant, ZoneOffset.UTC);
    }

    private static boolean hasErrorCode(Throwable error, int code) {
        for (Throwable cause = error; cause != null; cause = cause.getCause()) {
            if (cause instanceof SQLException sql && sql.getErrorCode() == code) {
                return true;
            }
        }
        return false;
    }

    private record Stored(String fingerprint, StoredResponse response, Instant expiresAt) {}
}
