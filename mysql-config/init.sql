-- Creates the application database, the user that owns its schema and one user per service, each
-- with the least privilege it needs. Run by the server's initialisation (Docker: /docker-entrypoint-initdb.d) and by
-- scripts/infras.sh on every start, so it must stay idempotent. The passwords are for local development only: change them (and the
-- services' DB_PASSWORD) anywhere else.
--
-- The schema belongs to one user, outbox_migration: every service runs its Flyway migrations (and
-- the relay creates its offset and schema-history tables) as that user at its start
-- (DB_MIGRATION_USER / DB_MIGRATION_PASSWORD), then works as its own user, which may change rows of
-- its own tables and nothing else: no DDL, nobody else's tables.
--
-- Table-level grants on tables that do not exist yet are only accepted together with CREATE, and
-- the tables are created after this script. So each grant names its exact tables with CREATE, and
-- the REVOKE right after takes CREATE back with every other DDL privilege (also from a datadir made
-- by an older version, whose users had them).

CREATE DATABASE IF NOT EXISTS outbox CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci;

-- migration: owns the schema; runs the services' migrations, nothing else.
CREATE USER IF NOT EXISTS 'outbox_migration'@'%' IDENTIFIED BY 'migration-secret';
GRANT SELECT, INSERT, UPDATE, DELETE, CREATE, ALTER, INDEX, DROP, REFERENCES
  ON outbox.* TO 'outbox_migration'@'%';

-- api: writes customers, outbox and the idempotency keys; no binlog access, no migration history.
CREATE USER IF NOT EXISTS 'outbox_api'@'%' IDENTIFIED BY 'api-secret';
GRANT SELECT, INSERT, UPDATE, DELETE, CREATE ON outbox.customers TO 'outbox_api'@'%';
REVOKE CREATE, ALTER, INDEX, DROP, REFERENCES ON outbox.customers FROM 'outbox_api'@'%';
GRANT SELECT, INSERT, UPDATE, DELETE, CREATE ON outbox.outbox TO 'outbox_api'@'%';
REVOKE CREATE, ALTER, INDEX, DROP ON outbox.outbox FROM 'outbox_api'@'%';
GRANT SELECT, INSERT, UPDATE, DELETE, CREATE ON outbox.idempotency_keys TO 'outbox_api'@'%';
REVOKE CREATE, ALTER, INDEX, DROP ON outbox.idempotency_keys FROM 'outbox_api'@'%';
GRANT SELECT, CREATE ON outbox.api_schema_history TO 'outbox_api'@'%';
REVOKE ALL PRIVILEGES ON outbox.api_schema_history FROM 'outbox_api'@'%';

-- relay: reads the binlog; reads outbox rows (first start, purged-binlog recovery, polling mode),
-- marks them published in polling mode and deletes those it has passed once older than
-- OUTBOX_RETENTION_HOURS; keeps its offsets and schema history in its own two tables.
CREATE USER IF NOT EXISTS 'outbox_relay'@'%' IDENTIFIED BY 'relay-secret';
GRANT REPLICATION SLAVE, REPLICATION CLIENT ON *.* TO 'outbox_relay'@'%';
GRANT SELECT, UPDATE, DELETE, CREATE ON outbox.outbox TO 'outbox_relay'@'%';
REVOKE CREATE ON outbox.outbox FROM 'outbox_relay'@'%';
GRANT SELECT, INSERT, UPDATE, DELETE, CREATE ON outbox.relay_offsets TO 'outbox_relay'@'%';
REVOKE CREATE ON outbox.relay_offsets FROM 'outbox_relay'@'%';
GRANT SELECT, INSERT, UPDATE, DELETE, CREATE ON outbox.relay_schema_history TO 'outbox_relay'@'%';
REVOKE CREATE ON outbox.relay_schema_history FROM 'outbox_relay'@'%';

-- worker: its idempotency log and its effect tables (welcome emails, the customer read model and
-- its change log).
CREATE USER IF NOT EXISTS 'outbox_worker'@'%' IDENTIFIED BY 'worker-secret';
GRANT SELECT, INSERT, UPDATE, DELETE, CREATE ON outbox.processed_messages TO 'outbox_worker'@'%';
REVOKE CREATE, ALTER, INDEX, DROP ON outbox.processed_messages FROM 'outbox_worker'@'%';
GRANT SELECT, INSERT, UPDATE, DELETE, CREATE ON outbox.welcome_emails TO 'outbox_worker'@'%';
REVOKE CREATE, ALTER, INDEX, DROP ON outbox.welcome_emails FROM 'outbox_worker'@'%';
GRANT SELECT, INSERT, UPDATE, DELETE, CREATE ON outbox.customer_directory TO 'outbox_worker'@'%';
REVOKE CREATE, ALTER, INDEX, DROP ON outbox.customer_directory FROM 'outbox_worker'@'%';
GRANT SELECT, INSERT, UPDATE, DELETE, CREATE ON outbox.customer_directory_changes TO 'outbox_worker'@'%';
REVOKE CREATE, ALTER, INDEX, DROP ON outbox.customer_directory_changes FROM 'outbox_worker'@'%';
GRANT SELECT, CREATE ON outbox.worker_schema_history TO 'outbox_worker'@'%';
REVOKE ALL PRIVILEGES ON outbox.worker_schema_history FROM 'outbox_worker'@'%';

-- outboxctl (the operator's CLI and console): reads the outbox (republish) and the relay's offsets,
-- sees the server's binlog position and who holds the relay's lease (status); writes only its audit
-- log (ops_audit), and never deletes from it.
CREATE USER IF NOT EXISTS 'outbox_ctl'@'%' IDENTIFIED BY 'ctl-secret';
GRANT REPLICATION CLIENT, PROCESS ON *.* TO 'outbox_ctl'@'%';
GRANT SELECT, CREATE ON outbox.outbox TO 'outbox_ctl'@'%';
REVOKE CREATE ON outbox.outbox FROM 'outbox_ctl'@'%';
GRANT SELECT, CREATE ON outbox.relay_offsets TO 'outbox_ctl'@'%';
REVOKE CREATE ON outbox.relay_offsets FROM 'outbox_ctl'@'%';
GRANT SELECT, INSERT, UPDATE, CREATE ON outbox.ops_audit TO 'outbox_ctl'@'%';
REVOKE CREATE, ALTER, INDEX ON outbox.ops_audit FROM 'outbox_ctl'@'%';
-- Reading its migration history tells it whether the owner must create or change ops_audit first.
GRANT SELECT, CREATE ON outbox.ctl_schema_history TO 'outbox_ctl'@'%';
REVOKE INSERT, UPDATE, DELETE, CREATE, ALTER, INDEX, DROP ON outbox.ctl_schema_history FROM 'outbox_ctl'@'%';

-- loyalty (examples/loyalty, a second subscriber as another team would run it): a database of its
-- own, which its user owns (it runs its own migrations); nothing of the outbox schema.
CREATE DATABASE IF NOT EXISTS loyalty CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci;
CREATE USER IF NOT EXISTS 'outbox_loyalty'@'%' IDENTIFIED BY 'loyalty-secret';
GRANT SELECT, INSERT, UPDATE, DELETE, CREATE, ALTER, INDEX, DROP, REFERENCES ON loyalty.* TO 'outbox_loyalty'@'%';

-- replication: what a replica (REPLICA=1 in scripts/infras.sh, or your own) connects as.
CREATE USER IF NOT EXISTS 'outbox_replication'@'%' IDENTIFIED BY 'replication-secret';
GRANT REPLICATION SLAVE ON *.* TO 'outbox_replication'@'%';

-- admin: tests, benchmark and fault injection only (they purge binlogs, read every table and grant
-- a benchmark relay its own offset tables).
CREATE USER IF NOT EXISTS 'outbox_admin'@'%' IDENTIFIED BY 'admin-secret';
GRANT ALL PRIVILEGES ON *.* TO 'outbox_admin'@'%' WITH GRANT OPTION;

FLUSH PRIVILEGES;
