package dev.outboxcdc.examples.loyalty;

import dev.outboxcdc.consumer.ReceivedEvent;
import dev.outboxcdc.consumer.Transaction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The loyalty programme: {@value #WELCOME} points for joining, {@value #PROFILE_UPDATE} for each
 * profile update. A credit is a ledger row and the account's new balance, written in the transaction
 * the library records the event in: an event credits once, however often it is delivered.
 */
final class Points {
    static final int WELCOME = 100;
    static final int PROFILE_UPDATE = 10;
    private static final Logger log = LoggerFactory.getLogger(Points.class);

    /** CustomerCreated, v1 and v2 alike. */
    void welcome(ReceivedEvent event, Transaction transaction) {
        credit(event, transaction, WELCOME, "welcome");
    }

    /** CustomerUpdated. */
    void profileUpdated(ReceivedEvent event, Transaction transaction) {
        credit(
                event,
                transaction,
                PROFILE_UPDATE,
                "profile updated to version " + event.data().path("version"));
    }

    private static void credit(ReceivedEvent event, Transaction transaction, int points, String reason) {
        String customer = event.data().get("id").asText();
        transaction
                .handle()
                .createUpdate("INSERT INTO points_accounts (customer_id, points) VALUES (:customer, :points)"
                        + " ON DUPLICATE KEY UPDATE points = points + :points")
                .bind("customer", customer)
                .bind("points", points)
                .execute();
        transaction
                .handle()
                .createUpdate("INSERT INTO points_ledger (customer_id, points, reason, message_id)"
                        + " VALUES (:customer, :points, :reason, :id)")
                .bind("customer", customer)
                .bind("points", points)
                .bind("reason", reason)
                .bind("id", event.id())
                .execute();
        log.info("{} points for customer {} ({} {})", points, customer, event.type(), event.id());
    }
}
