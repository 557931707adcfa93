package dev.outboxcdc.consumer;

// LIBRARY.md:start
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.Optional;
import javax.sql.DataSource;

/** A CRM's contact list, kept from the customer events: one row per customer, its latest name. */
public final class CustomerContacts implements AutoCloseable {
    private final EventConsumer consumer;

    public CustomerContacts(Broker broker, Subscription subscription, DataSource dataSource) {
        consumer = EventConsumer.builder(broker, subscription, dataSource)
                .on("CustomerCreated", 1, this::created)
                .on("CustomerCreated", 2, this::created)
                .on("CustomerUpdated", 1, this::updated)
                .start();
    }

    /** With plain JDBC, in the transaction that records the event: a redelivery adds nothing. */
    private void created(ReceivedEvent event, Transaction transaction) {
        try (PreparedStatement insert = transaction
                .connection()
                .prepareStatement("INSERT INTO contacts (id, name, version) VALUES (?, ?, 1)")) {
            insert.setString(1, event.data().get("id").asText());
            insert.setString(2, event.data().get("name").asText());
            insert.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException(e); // retried after the next delay, parked when out of attempts
        }
    }

    /** With Jdbi; versions in order: an update ahead of its predecessor waits for it. */
    private void updated(ReceivedEvent event, Transaction transaction) {
        String id = event.data().get("id").asText();
        long version = event.data().get("version").asLong();
        Optional<Long> current = transaction
                .handle()
                .createQuery("SELECT version FROM contacts WHERE id = :id FOR UPDATE")
                .bind("id", id)
                .mapTo(Long.class)
                .findOne();
        if (current.isEmpty() || current.get() < version - 1) {
            throw new PredecessorMissingException("contact " + id + " is at version " + current.orElse(0L));
        }
        if (current.get() == version - 1) {
            transaction
                    .handle()
                    .createUpdate("UPDATE contacts SET name = :name, version = :version WHERE id = :id")
                    .bind("name", event.data().get("name").asText())
                    .bind("version", version)
                    .bind("id", id)
                    .execute();
        }
    }

    /** For a readiness endpoint. */
    public ConsumerHealth health() {
        return consumer.health();
    }

    @Override
    public void close() {
        consumer.close(); // the batches in hand finish first
    }
}
// LIBRARY.md:end
