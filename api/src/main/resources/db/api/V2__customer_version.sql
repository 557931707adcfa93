-- Each change of a customer increments its version, carried by its events (1 = created), so that
-- consumers apply them in commit order.
ALTER TABLE customers ADD COLUMN version BIGINT NOT NULL DEFAULT 1;
