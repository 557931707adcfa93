-- The version of the event's schema (contracts/<type>/v<N>.json) its payload was written in: the
-- relay publishes that schema's id as the cloudEvents:dataschema attribute. Rows of earlier
-- releases, and of writers that do not set it, are version 1.
ALTER TABLE outbox ADD COLUMN schemaversion SMALLINT NOT NULL DEFAULT 1;

-- The customer's language (BCP 47), carried by CustomerCreated v2. Customers registered before it
-- existed have none.
ALTER TABLE customers ADD COLUMN locale VARCHAR(35) NULL;
