package dev.outboxcdc.relay.cdc;

import io.debezium.storage.jdbc.offset.JdbcOffsetBackingStore;
import java.nio.ByteBuffer;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Future;
import org.apache.kafka.connect.runtime.WorkerConfig;
import org.apache.kafka.connect.util.Callback;
import org.jspecify.annotations.Nullable;

/**
 * Debezium's JDBC offset store, storing only while this relay still holds its lease: the one place
 * every offset write passes (the periodic flush after a batch and the final flush of a stopping
 * engine alike), so the lease is checked exactly where it protects something, once per store
 * rather than once per batch. A refused store leaves the offsets where they were; the relay that
 * lost its lease then stops at its next publish check ({@link OutboxChangeConsumer}).
 *
 * <p>Debezium creates the store from its class name, so the relay registers its {@link Fence}
 * under the offsets table's name before it starts an engine, and the store looks it up in
 * {@link #configure}. Thread-safe.
 */
public final class FencedOffsetStore extends JdbcOffsetBackingStore {
    static final String TABLE_PROPERTY = "offset.storage.jdbc.table.name";
    private static final Map<String, Fence> FENCES = new ConcurrentHashMap<>();

    /** What the store asks before each write, and tells after each successful one. */
    interface Fence {
        boolean leaseHeld();

        void stored();

        void refused();
    }

    /** A registered fence; closing it removes it. */
    interface Registration extends AutoCloseable {
        @Override
        void close();
    }

    private volatile @Nullable Fence fence;

    /** Makes {@code fence} the one the store of {@code offsetsTable} asks, until the registration is closed. */
    static Registration register(String offsetsTable, Fence fence) {
        FENCES.put(offsetsTable, fence);
        return () -> FENCES.remove(offsetsTable, fence);
    }

    @Override
    public void configure(WorkerConfig config) {
        super.configure(config);
        Object table = config.originals().get(TABLE_PROPERTY);
        fence = FENCES.get(String.valueOf(table));
        if (fence == null) {
            throw new IllegalStateException("no relay lease registered for the offsets table " + table);
        }
    }

    @Override
    public Future<Void> set(Map<ByteBuffer, ByteBuffer> values, Callback<Void> callback) {
        Fence fence = this.fence;
        if (fence == null) {
            throw new IllegalStateException("offsets stored before the store was configured");
        }
        if (!fence.leaseHeld()) {
            fence.refused();
            LeaseLostException refused = new LeaseLostException("the relay lease was lost (its database session ended):"
                    + " offsets not stored; the relay holding the lease goes on from its own");
            if (callback != null) {
                callback.onCompletion(refused, null);
            }
            return CompletableFuture.failedFuture(refused);
        }
        return super.set(values, (error, result) -> {
            if (error == null) {
                fence.stored();
            }
            if (callback != null) {
                callback.onCompletion(error, null);
            }
        });
    }
}
