-- What operators did to messages (outboxctl and its console): one row per action, written when it
-- starts and completed when it ends, so that an action that died half-way stays visible as such.
CREATE TABLE ops_audit (
  id BIGINT AUTO_INCREMENT PRIMARY KEY,
  started_at TIMESTAMP(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6),
  ended_at TIMESTAMP(6) NULL,
  operator VARCHAR(128) NOT NULL,
  via VARCHAR(16) NOT NULL,
  action VARCHAR(64) NOT NULL,
  selection VARCHAR(2000) NOT NULL,
  forced BOOLEAN NOT NULL,
  outcome VARCHAR(16) NOT NULL,
  matched BIGINT NOT NULL DEFAULT 0,
  moved BIGINT NOT NULL DEFAULT 0,
  detail VARCHAR(2000) NULL,
  KEY ops_audit_started (started_at)
) ENGINE=InnoDB;
