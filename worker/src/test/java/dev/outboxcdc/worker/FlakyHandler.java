package dev.outboxcdc.worker;

import dev.outboxcdc.consumer.ReceivedEvent;
import dev.outboxcdc.consumer.Transaction;
import dev.outboxcdc.worker.handler.MessageHandler;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A real handler for a test event type: it fails the first {@code failures} times it sees a message
 * (every time, for a message marked {@link #alwaysFail}), then records the same effect
 * CustomerCreated does. It remembers when each attempt came.
 */
final class FlakyHandler implements MessageHandler {
    private final int failures;
    private final Map<String, List<Instant>> attempts = new ConcurrentHashMap<>();
    private final Set<String> poison = ConcurrentHashMap.newKeySet();

    FlakyHandler(int failures) {
        this.failures = failures;
    }

    @Override
    public String type() {
        return "FlakyThing";
    }

    @Override
    public void handle(ReceivedEvent event, Transaction transaction) {
        String messageId = event.id();
        List<Instant> seen = attempts.computeIfAbsent(messageId, id -> new CopyOnWriteArrayList<>());
        seen.add(Instant.now());
        if (seen.size() <= failures || poison.contains(messageId)) {
            throw new IllegalStateException("downstream unavailable (attempt " + seen.size() + ")");
        }
        transaction
                .handle()
                .createUpdate(
                        "INSERT INTO welcome_emails (customer_id, email, name, message_id) VALUES (:id, 'f@example.com', 'F', :messageId)")
                .bind("id", event.data().get("id").asText())
                .bind("messageId", messageId)
                .execute();
    }

    /** The message fails on every attempt, as if its downstream never came back. */
    void alwaysFail(String messageId) {
        poison.add(messageId);
    }

    List<Instant> attemptsOf(String messageId) {
        return attempts.getOrDefault(messageId, List.of());
    }
}
