package dev.outboxcdc.api;

import dev.outboxcdc.contract.outbox.OutboxTable;
import dev.outboxcdc.support.db.SchemaMigrations.Location;
import java.util.List;

/**
 * The api's tables as its start migrates them, in this order: the outbox table, the contract's
 * ({@link OutboxTable#MIGRATIONS}); then its own, the customers and the idempotency keys ({@code
 * db/customers}). Before them, on a database an earlier release created, the api's former location
 * ({@code db/api} V1 to V4, which created the outbox table too), brought to its end: its files stay
 * as they were applied, never edited, and a new database never runs them.
 */
public final class ApiSchema {
    public static final List<Location> LOCATIONS = List.of(
            Location.former("classpath:db/api", "api_schema_history"),
            Location.of(OutboxTable.MIGRATIONS, OutboxTable.MIGRATION_HISTORY),
            Location.of("classpath:db/customers", "customers_schema_history"));

    private ApiSchema() {}
}
