package dev.outboxcdc.relay;

import dev.outboxcdc.harness.TestDatabase;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Writes test outbox rows the way the api does, from several threads at once. Each thread owns one
 * aggregate and numbers its events, so a consumer can check the order per aggregate.
 */
final class OutboxRows {
    private final TestDatabase db;
    private final String aggregateType;

    OutboxRows(TestDatabase db, String aggregateType) {
        this.db = db;
        this.aggregateType = aggregateType;
    }

    String aggregateType() {
        return aggregateType;
    }

    /** {@code aggregates} threads, each committing {@code transactions} transactions of {@code rowsPerTransaction} rows. */
    List<String> insertConcurrently(int aggregates, int transactions, int rowsPerTransaction) throws Exception {
        ExecutorService threads = Executors.newFixedThreadPool(aggregates);
        try {
            List<Future<List<String>>> results = new ArrayList<>();
            for (int a = 0; a < aggregates; a++) {
                String aggregateId = UUID.randomUUID().toString();
                results.add(threads.submit(() -> insertSequence(aggregateId, transactions, rowsPerTransaction)));
            }
            List<String> ids = new ArrayList<>();
            for (Future<List<String>> result : results) {
                ids.addAll(result.get());
            }
            return Collections.unmodifiableList(ids);
        } finally {
            threads.shutdownNow();
        }
    }

    private List<String> insertSequence(String aggregateId, int transactions, int rowsPerTransaction) {
        List<String> ids = new ArrayList<>();
        int sequence = 0;
        for (int t = 0; t < transactions; t++) {
            List<String> batch = new ArrayList<>();
            int first = sequence;
            db.jdbi().useTransaction(handle -> {
                for (int r = 0; r < rowsPerTransaction; r++) {
                    String id = UUID.randomUUID().toString();
                    handle.createUpdate("INSERT INTO outbox.outbox (id, aggregatetype, aggregateid, type, payload)"
                                    + " VALUES (:id, :type, :aggregate, 'ItemAdded', :payload)")
                            .bind("id", id)
                            .bind("type", aggregateType)
                            .bind("aggregate", aggregateId)
                            .bind("payload", "{\"aggregate\":\"" + aggregateId + "\",\"n\":" + (first + r) + "}")
                            .execute();
                    batch.add(id);
                }
            });
            ids.addAll(batch);
            sequence += rowsPerTransaction;
        }
        return ids;
    }

    /** A CustomerCreated row of this aggregate type, written in schema version {@code schemaVersion}; its id. */
    String insertCustomerCreated(int schemaVersion) {
        return insert(UUID.randomUUID().toString(), "CustomerCreated", "{}", schemaVersion);
    }

    /** A row of this aggregate type as the api writes one; its id. */
    String insert(String aggregateId, String type, String payload, int schemaVersion) {
        String id = UUID.randomUUID().toString();
        db.execute(
                "INSERT INTO outbox.outbox (id, aggregatetype, aggregateid, type, payload, schemaversion)"
                        + " VALUES (?, ?, ?, ?, ?, ?)",
                id,
                aggregateType,
                aggregateId,
                type,
                payload,
                schemaVersion);
        return id;
    }

    void deleteAll() {
        db.execute("DELETE FROM outbox.outbox WHERE aggregatetype = ?", aggregateType);
    }
}
