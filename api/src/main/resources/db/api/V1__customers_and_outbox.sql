-- Owned by the api. Timestamps are UTC (every connection sets time_zone = '+00:00').

CREATE TABLE customers (
    id         CHAR(36)     NOT NULL,
    email      VARCHAR(254) NOT NULL,
    name       VARCHAR(200) NOT NULL,
    created_at TIMESTAMP(6) NOT NULL,
    PRIMARY KEY (id),
    -- Case-insensitive collation: Test@Example.com and test@example.com are one customer.
    UNIQUE KEY uq_customers_email (email)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_unicode_ci;

-- Column names follow Debezium's Outbox Event Router defaults (id, aggregatetype, aggregateid,
-- type, payload), so Debezium Server or Kafka Connect can replace the relay by configuration.
CREATE TABLE outbox (
    -- Append-only clustered key: inserts stay sequential, and polling mode reads in insert order.
    seq                BIGINT       NOT NULL AUTO_INCREMENT,
    id                 CHAR(36)     NOT NULL,
    aggregatetype      VARCHAR(255) NOT NULL,
    aggregateid        VARCHAR(255) NOT NULL,
    type               VARCHAR(255) NOT NULL,
    -- Text, not JSON: MySQL's JSON type rewrites the document, and consumers get it byte for byte.
    payload            MEDIUMTEXT   NOT NULL,
    created_at         TIMESTAMP(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6),
    tracingspancontext VARCHAR(512) NULL,
    -- Only the polling relay sets it; the CDC relay never writes to this table.
    published_at       TIMESTAMP(6) NULL,
    PRIMARY KEY (seq),
    UNIQUE KEY uq_outbox_id (id),
    KEY ix_outbox_unpublished (published_at, seq),
    CONSTRAINT ck_outbox_payload_json CHECK (JSON_VALID(payload))
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_unicode_ci;
