-- Idempotency-Key of POST /customers: each key with its request's fingerprint and the response it
-- got, written in the same transaction as the customer and its outbox row. Keys expire after
-- API_IDEMPOTENCY_KEY_TTL_HOURS; the api deletes expired ones in bounded batches.
CREATE TABLE idempotency_keys (
    idempotency_key   VARCHAR(255) CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
    -- SHA-256 (hex) of method, path and canonical body: a retry matches, another request does not.
    fingerprint       CHAR(64)     CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
    response_status   SMALLINT     NOT NULL,
    response_location VARCHAR(255) NULL,
    response_body     MEDIUMTEXT   NOT NULL,
    created_at        TIMESTAMP(6) NOT NULL,
    expires_at        TIMESTAMP(6) NOT NULL,
    PRIMARY KEY (idempotency_key),
    KEY ix_idempotency_keys_expires_at (expires_at)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_unicode_ci;
