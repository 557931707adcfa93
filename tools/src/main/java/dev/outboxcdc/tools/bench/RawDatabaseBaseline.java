package dev.outboxcdc.tools.bench;

import dev.outboxcdc.contract.outbox.OutboxStore;
import dev.outboxcdc.contract.outbox.OutboxTable;
import dev.outboxcdc.harness.ScratchDatabase;
import java.sql.Types;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.LongAdder;
import org.jdbi.v3.core.Jdbi;

/**
 * The ceiling the database sets: transactions/s of "insert a customer + insert its outbox row",
 * straight over JDBC at the load test's concurrency (no HTTP, no relay, no worker), in a scratch
 * database that is dropped afterwards.
 */
final class RawDatabaseBaseline {
    private RawDatabaseBaseline() {}

    /** Writes for {@code warmup} unmeasured (JIT, buffer pool), then measures for {@code duration}. */
    static double measure(Jdbi jdbi, int concurrency, Duration warmup, Duration duration) throws InterruptedException {
        try (ScratchDatabase database = ScratchDatabase.create("rawdb").withApiSchema()) {
            transactionsPerSecond(jdbi, database, concurrency, warmup);
            return transactionsPerSecond(jdbi, database, concurrency, duration);
        }
    }

    private static double transactionsPerSecond(Jdbi jdbi, ScratchDatabase database, int concurrency, Duration duration)
            throws InterruptedException {
        String run = "rawdb" + UUID.randomUUID().toString().substring(0, 8);
        LongAdder committed = new LongAdder();
        long deadline = System.nanoTime() + duration.toNanos();
        List<Thread> threads = new ArrayList<>();
        long started = System.nanoTime();
        for (int t = 0; t < concurrency; t++) {
            int thread = t;
            Thread writer = new Thread(() -> {
                for (long n = 0; System.nanoTime() < deadline; n++) {
                    String customerId = UUID.randomUUID().toString();
                    String email = run + "-" + thread + "-" + n + "@bench.example.com";
                    jdbi.useTransaction(handle -> {
                        handle.createUpdate(
                                        "INSERT INTO " + database.table("customers") + " (id, email, name, created_at)"
                                                + " VALUES (:id, :email, 'Bench', CURRENT_TIMESTAMP(6))")
                                .bind("id", customerId)
                                .bind("email", email)
                                .execute();
                        handle.createUpdate(OutboxStore.appendInto(database.table(OutboxTable.NAME)))
                                .bind(0, UUID.randomUUID().toString())
                                .bind(1, "bench")
                                .bind(2, customerId)
                                .bind(3, "BenchRow")
                                .bind(4, "{\"id\":\"" + customerId + "\",\"email\":\"" + email + "\"}")
                                .bindNull(5, Types.VARCHAR)
                                .bind(6, 1)
                                .execute();
                    });
                    committed.increment();
                }
            });
            writer.start();
            threads.add(writer);
        }
        for (Thread writer : threads) {
            writer.join();
        }
        double seconds = (System.nanoTime() - started) / 1e9;
        return committed.sum() / seconds;
    }
}
