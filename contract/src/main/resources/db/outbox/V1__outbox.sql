-- The outbox table, owned by the contract: every service that appends events to it applies this
-- location (classpath:db/outbox, history table outbox_schema_history) before its own migrations.
-- Timestamps are UTC (every connection sets time_zone = '+00:00').
--
-- IF NOT EXISTS: a database created by an earlier release got this table, in this shape, from the
-- api's migrations (db/api V1 and V4); this location then starts its history without changing it.
--
-- Column names follow Debezium's Outbox Event Router defaults (id, aggregatetype, aggregateid,
-- type, payload), so Debezium Server or Kafka Connect can replace the relay by configuration.
CREATE TABLE IF NOT EXISTS outbox (
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
    -- The version of the event's schema (contracts/<type>/v<N>.json) its payload was written in: the
    -- relay publishes that schema's id as the cloudEvents:dataschema attribute. Rows of writers that
    -- do not set it are version 1.
    schemaversion      SMALLINT     NOT NULL DEFAULT 1,
    PRIMARY KEY (seq),
    UNIQUE KEY uq_outbox_id (id),
    KEY ix_outbox_unpublished (published_at, seq),
    CONSTRAINT ck_outbox_payload_json CHECK (JSON_VALID(payload))
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_unicode_ci;
