-- Owned by the worker. Timestamps are UTC (every connection sets time_zone = '+00:00').

-- The idempotent receiver's log: one row per (consumer, message id) handled, written in the same
-- transaction as the handler's effect. The primary key is what rejects a second effect.
CREATE TABLE processed_messages (
    consumer     VARCHAR(100) NOT NULL,
    message_id   VARCHAR(64)  NOT NULL,
    processed_at TIMESTAMP(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6),
    -- How many more times the message arrived after it was handled (redeliveries, re-publishes).
    duplicates   INT          NOT NULL DEFAULT 0,
    PRIMARY KEY (consumer, message_id),
    KEY ix_processed_messages_processed_at (processed_at)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_bin;

-- The effect of CustomerCreated: a welcome email a mailer would send. Deliberately no unique key on
-- customer_id: the idempotent receiver alone must keep a redelivered event from adding a second row,
-- and the load test's "duplicate effects" count checks exactly that.
CREATE TABLE welcome_emails (
    id          BIGINT       NOT NULL AUTO_INCREMENT,
    customer_id CHAR(36)     NOT NULL,
    email       VARCHAR(254) NOT NULL,
    name        VARCHAR(200) NOT NULL,
    message_id  VARCHAR(64)  NOT NULL,
    created_at  TIMESTAMP(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6),
    PRIMARY KEY (id),
    KEY ix_welcome_emails_customer (customer_id),
    KEY ix_welcome_emails_message (message_id)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_unicode_ci;
