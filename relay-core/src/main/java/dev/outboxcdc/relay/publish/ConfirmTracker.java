package dev.outboxcdc.relay.publish;

import dev.outboxcdc.contract.outbox.OutboxMessage;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentNavigableMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;

/**
 * Tracks the publisher confirms of one batch: which message ids the broker acked, nacked or
 * returned. Confirms arrive on the connection's thread; the publishing thread waits here.
 * A return for a message always arrives before its ack, so an acked-but-returned id counts
 * as failed.
 */
final class ConfirmTracker {
    private final ConcurrentNavigableMap<Long, String> outstanding = new ConcurrentSkipListMap<>();
    private final Set<String> confirmed = new HashSet<>();
    private final Set<String> failed = new HashSet<>();
    private final Set<String> returned = new HashSet<>();
    private @Nullable String failureReason;
    private int nacked;

    synchronized void start() {
        nacked = 0;
        outstanding.clear();
        confirmed.clear();
        failed.clear();
        returned.clear();
        failureReason = null;
    }

    /** Published, neither confirmed nor failed yet; read by the metrics' scrape thread. */
    int outstanding() {
        return outstanding.size();
    }

    void sent(long sequenceNumber, String messageId) {
        outstanding.put(sequenceNumber, messageId);
    }

    void acked(long deliveryTag, boolean multiple) {
        settle(deliveryTag, multiple, true, null);
    }

    void nacked(long deliveryTag, boolean multiple) {
        settle(deliveryTag, multiple, false, "nacked by the broker");
    }

    synchronized void returned(String messageId, String replyText) {
        failed.add(messageId);
        returned.add(messageId);
        failureReason = "returned as unroutable (" + replyText + ")";
    }

    /** Of {@code sent}, those the broker returned as unroutable and then acked (stored nowhere). */
    synchronized List<OutboxMessage> returnedAndAcked(List<OutboxMessage> sent) {
        return sent.stream()
                .filter(message -> returned.contains(message.id()) && confirmed.contains(message.id()))
                .toList();
    }

    synchronized void channelLost(String reason) {
        // A channel closed after a nack (the publisher recycles it) keeps the nack as the reason.
        failureReason = failureReason == null ? "channel closed: " + reason : failureReason;
        outstanding.values().forEach(failed::add);
        outstanding.clear();
        notifyAll();
    }

    /** Waits until every sent message is settled or the timeout passes; returns the confirmed ids. */
    synchronized Set<String> awaitConfirmed(List<OutboxMessage> sent, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!outstanding.isEmpty()) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                failureReason = "no confirm within " + timeout.toMillis() + " ms";
                break;
            }
            TimeUnit.NANOSECONDS.timedWait(this, left);
        }
        Set<String> result = new HashSet<>();
        for (OutboxMessage message : sent) {
            if (confirmed.contains(message.id()) && !failed.contains(message.id())) {
                result.add(message.id());
            }
        }
        return result;
    }

    /** Of this batch: how many the broker nacked. */
    synchronized int nackedCount() {
        return nacked;
    }

    /** Of this batch: how many the broker returned as unroutable. */
    synchronized int returnedCount() {
        return returned.size();
    }

    synchronized String failureReason() {
        return failureReason == null ? "not confirmed" : failureReason;
    }

    private synchronized void settle(long deliveryTag, boolean multiple, boolean ack, @Nullable String reason) {
        ConcurrentNavigableMap<Long, String> settled = multiple
                ? outstanding.headMap(deliveryTag, true)
                : outstanding.subMap(deliveryTag, true, deliveryTag, true);
        for (String messageId : settled.values()) {
            if (ack) {
                confirmed.add(messageId);
            } else {
                failed.add(messageId);
                failureReason = reason;
                nacked++;
            }
        }
        settled.clear();
        notifyAll();
    }
}
