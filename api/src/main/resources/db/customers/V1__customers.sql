-- Owned by the api, applied after the contract's outbox table (classpath:db/outbox). Timestamps are
-- UTC (every connection sets time_zone = '+00:00').
--
-- IF NOT EXISTS: a database created by an earlier release got these tables, in this shape, from
-- the api's former migrations (db/api V1 to V4), which the api brings to their end first.
CREATE TABLE IF NOT EXISTS customers (
    id         CHAR(36)     NOT NULL,
    email      VARCHAR(254) NOT NULL,
    name       VARCHAR(200) NOT NULL,
    created_at TIMESTAMP(6) NOT NULL,
    -- Each change of a customer increments its version, carried by its events (1 = created), so that
    -- consumers apply them in commit order.
    version    BIGINT       NOT NULL DEFAULT 1,
    -- The customer's language (BCP 47), carried by CustomerCreated v2; none for customers registered
    -- before it existed.
    locale     VARCHAR(35)  NULL,
    PRIMARY KEY (id),
    -- Case-insensitive collation: Test@Example.com and test@example.com are one customer.
    UNIQUE KEY uq_customers_email (email)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_unicode_ci;

-- Idempotency-Key of POST /customers: each key with its request's fingerprint and the response it
-- got, written in the same transaction as the customer and its outbox row. Keys expire after
-- API_IDEMPOTENCY_KEY_TTL_HOURS; the api deletes expired ones in bounded batches.
CREATE TABLE IF NOT EXISTS idempotency_keys (
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
