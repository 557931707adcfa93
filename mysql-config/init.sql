-- Creates the application database and one user per service, each with the least privilege it
-- needs. Run by the server's initialisation (Docker: /docker-entrypoint-initdb.d) and by
-- scripts/infras.sh on every start, so it must stay idempotent. The passwords are for local development only: change them (and the
-- services' DB_PASSWORD) anywhere else.
--
-- Table-level grants on tables that do not exist yet are only accepted together with CREATE, and
-- Flyway creates the tables after this script. So each grant names its exact tables with CREATE,
-- and for the relay (which must not create tables the api owns) CREATE is revoked right after.

CREATE DATABASE IF NOT EXISTS outbox CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci;

-- api: owns customers, outbox and the idempotency keys (and their migration history); no binlog access.
CREATE USER IF NOT EXISTS 'outbox_api'@'%' IDENTIFIED BY 'api-secret';
GRANT SELECT, INSERT, UPDATE, DELETE, CREATE, ALTER, INDEX, DROP, REFERENCES
  ON outbox.customers TO 'outbox_api'@'%';
GRANT SELECT, INSERT, UPDATE, DELETE, CREATE, ALTER, INDEX, DROP
  ON outbox.outbox TO 'outbox_api'@'%';
GRANT SELECT, INSERT, UPDATE, DELETE, CREATE, ALTER, INDEX, DROP
  ON outbox.idempotency_keys TO 'outbox_api'@'%';
GRANT SELECT, INSERT, UPDATE, DELETE, CREATE, ALTER, INDEX, DROP
  ON outbox.api_schema_history TO 'outbox_api'@'%';

-- relay: reads the binlog; reads outbox rows (first start, purged-binlog recovery, polling mode),
-- marks them published in polling mode and deletes those it has passed once older than
-- OUTBOX_RETENTION_HOURS; owns its offset and schema-history tables.
CREATE USER IF NOT EXISTS 'outbox_relay'@'%' IDENTIFIED BY 'relay-secret';
GRANT REPLICATION SLAVE, REPLICATION CLIENT ON *.* TO 'outbox_relay'@'%';
GRANT SELECT, UPDATE, DELETE, CREATE ON outbox.outbox TO 'outbox_relay'@'%';
REVOKE CREATE ON outbox.outbox FROM 'outbox_relay'@'%';
GRANT SELECT, INSERT, UPDATE, DELETE, CREATE ON outbox.relay_offsets TO 'outbox_relay'@'%';
GRANT SELECT, INSERT, UPDATE, DELETE, CREATE ON outbox.relay_schema_history TO 'outbox_relay'@'%';

-- worker: owns its idempotency log, its effect tables (welcome emails, the customer read model and
-- its change log) and their migration history.
CREATE USER IF NOT EXISTS 'outbox_worker'@'%' IDENTIFIED BY 'worker-secret';
GRANT SELECT, INSERT, UPDATE, DELETE, CREATE, ALTER, INDEX, DROP
  ON outbox.processed_messages TO 'outbox_worker'@'%';
GRANT SELECT, INSERT, UPDATE, DELETE, CREATE, ALTER, INDEX, DROP
  ON outbox.welcome_emails TO 'outbox_worker'@'%';
GRANT SELECT, INSERT, UPDATE, DELETE, CREATE, ALTER, INDEX, DROP
  ON outbox.customer_directory TO 'outbox_worker'@'%';
GRANT SELECT, INSERT, UPDATE, DELETE, CREATE, ALTER, INDEX, DROP
  ON outbox.customer_directory_changes TO 'outbox_worker'@'%';
GRANT SELECT, INSERT, UPDATE, DELETE, CREATE, ALTER, INDEX, DROP
  ON outbox.worker_schema_history TO 'outbox_worker'@'%';

-- outboxctl (the operator's CLI and console): reads the outbox (republish) and the relay's offsets,
-- sees the server's binlog position and who holds the relay's lease (status); writes only its audit
-- log (ops_audit, and that log's migration history), and never deletes from it.
CREATE USER IF NOT EXISTS 'outbox_ctl'@'%' IDENTIFIED BY 'ctl-secret';
GRANT REPLICATION CLIENT, PROCESS ON *.* TO 'outbox_ctl'@'%';
GRANT SELECT, CREATE ON outbox.outbox TO 'outbox_ctl'@'%';
REVOKE CREATE ON outbox.outbox FROM 'outbox_ctl'@'%';
GRANT SELECT, CREATE ON outbox.relay_offsets TO 'outbox_ctl'@'%';
REVOKE CREATE ON outbox.relay_offsets FROM 'outbox_ctl'@'%';
GRANT SELECT, INSERT, UPDATE, CREATE, ALTER, INDEX ON outbox.ops_audit TO 'outbox_ctl'@'%';
GRANT SELECT, INSERT, UPDATE, DELETE, CREATE, ALTER, INDEX, DROP
  ON outbox.ctl_schema_history TO 'outbox_ctl'@'%';

-- replication: what a replica (REPLICA=1 in scripts/infras.sh, or your own) connects as.
CREATE USER IF NOT EXISTS 'outbox_replication'@'%' IDENTIFIED BY 'replication-secret';
GRANT REPLICATION SLAVE ON *.* TO 'outbox_replication'@'%';

-- admin: tests, benchmark and fault injection only (they purge binlogs, read every table and grant
-- a benchmark relay its own offset tables).
CREATE USER IF NOT EXISTS 'outbox_admin'@'%' IDENTIFIED BY 'admin-secret';
GRANT ALL PRIVILEGES ON *.* TO 'outbox_admin'@'%' WITH GRANT OPTION;

FLUSH PRIVILEGES;
