-- The worker's read model of the customers, built from CustomerCreated and CustomerUpdated in each
-- customer's version order (an event whose predecessor is not applied yet waits, see the README).
CREATE TABLE customer_directory (
    id         CHAR(36)     NOT NULL,
    email      VARCHAR(254) NOT NULL,
    name       VARCHAR(200) NOT NULL,
    version    BIGINT       NOT NULL,
    updated_at TIMESTAMP(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6) ON UPDATE CURRENT_TIMESTAMP(6),
    PRIMARY KEY (id)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_unicode_ci;

-- Every version the read model took, in the order it took them (seq): the audit of the ordering
-- guarantee, written in the same transaction as the change.
CREATE TABLE customer_directory_changes (
    seq         BIGINT      NOT NULL AUTO_INCREMENT,
    customer_id CHAR(36)    NOT NULL,
    version     BIGINT      NOT NULL,
    message_id  VARCHAR(64) NOT NULL,
    applied_at  TIMESTAMP(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6),
    PRIMARY KEY (seq),
    UNIQUE KEY uq_customer_directory_changes (customer_id, version)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_unicode_ci;
