-- The loyalty service's own tables, in its own database (loyalty).

-- A points account per customer.
CREATE TABLE points_accounts (
    customer_id CHAR(36) NOT NULL,
    points      BIGINT   NOT NULL,
    PRIMARY KEY (customer_id)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_bin;

-- Every credit, one per event. Deliberately no unique key on message_id: only the idempotent
-- receiver keeps a redelivered event from crediting twice, and the fan-out checks count exactly that.
CREATE TABLE points_ledger (
    id          BIGINT       NOT NULL AUTO_INCREMENT,
    customer_id CHAR(36)     NOT NULL,
    points      INT          NOT NULL,
    reason      VARCHAR(100) NOT NULL,
    message_id  VARCHAR(64)  NOT NULL,
    created_at  TIMESTAMP(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6),
    PRIMARY KEY (id),
    KEY ix_points_ledger_message (message_id)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_bin;
