-- The consumer library's table, in the consuming service's own database: Flyway location
-- classpath:db/consumer, history table consumer_schema_history; or run this file as it is. IF NOT
-- EXISTS: a database where the worker's own migration created the table before the library existed
-- keeps it as it is.

-- The idempotent receiver's log: one row per (consumer, message id) handled, written in the same
-- transaction as the handler's effect. The primary key is what rejects a second effect.
CREATE TABLE IF NOT EXISTS processed_messages (
    consumer     VARCHAR(100) NOT NULL,
    message_id   VARCHAR(64)  NOT NULL,
    processed_at TIMESTAMP(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6),
    -- How many more times the message arrived after it was handled (redeliveries, re-publishes).
    duplicates   INT          NOT NULL DEFAULT 0,
    PRIMARY KEY (consumer, message_id),
    KEY ix_processed_messages_processed_at (processed_at)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_bin;
