package dev.outboxcdc.consumer.internal.amqp;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import dev.outboxcdc.contract.events.MessageHeaders;
import dev.outboxcdc.support.amqp.ConfirmedPublish;
import java.io.IOException;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends a failed message to its next delay queue, or to the parking lot after the last attempt.
 * The copy is confirmed by the broker before the caller acks the original, so a crash in between
 * leaves a duplicate (harmless: the receiver is idempotent), never a loss. A copy the broker
 * returns (its queue is gone) is confirmed but stored nowhere: that fails the send, so the
 * original is not acked. One per channel consumer.
 */
final class FailureRouter {
    private static final Logger log = LoggerFactory.getLogger(FailureRouter.class);
    private static final Duration CONFIRM_TIMEOUT = Duration.ofSeconds(10);

    private final ConfirmedPublish copies;
    private final RetryPolicy policy;

    FailureRouter(Channel confirmChannel, RetryPolicy policy) throws IOException {
        this.copies = new ConfirmedPublish(confirmChannel, CONFIRM_TIMEOUT);
        this.policy = policy;
    }

    void retryOrPark(IncomingMessage message, String error) throws IOException, InterruptedException {
        RetryPolicy.Hop hop = policy.afterFailure(message.attempt(), message.waits());
        if (hop.parked()) {
            park(message, "failed " + message.attempt() + " times; last error: " + error);
            return;
        }
        send(hop.queue(), message, hop.attempt(), hop.waits(), error);
        log.info(
                "Retrying message {} later via {} (attempt {} of {} failed)",
                message.messageId(),
                hop.queue(),
                message.attempt(),
                policy.maxAttempts());
    }

    /**
     * An event whose predecessor is not applied yet waits in the shortest delay queue, again and
     * again, without spending an attempt (its predecessor is usually a moment away); after
     * {@code maxWaits} waits (its predecessor parked, or lost) it is parked too, so the customer's
     * sequence stops there, visibly.
     */
    void holdOrPark(IncomingMessage message, String reason) throws IOException, InterruptedException {
        RetryPolicy.Hop hop = policy.whileWaiting(message.attempt(), message.waits());
        if (hop.parked()) {
            park(message, "its predecessor was not applied after " + policy.maxWaits() + " waits: " + reason);
            return;
        }
        send(hop.queue(), message, hop.attempt(), hop.waits(), reason);
        // Common while consumers compete (a customer's next event can reach a consumer first): counted
        // in outbox_worker_messages_held_total, logged at debug.
        log.debug(
                "Holding message {} via {} until its predecessor is applied (wait {} of {}): {}",
                message.messageId(),
                hop.queue(),
                hop.waits(),
                policy.maxWaits(),
                reason);
    }

    void park(IncomingMessage message, String reason) throws IOException, InterruptedException {
        String parkingLot = policy.topology().parkingLot();
        send(parkingLot, message, message.attempt(), message.waits(), reason);
        log.warn("Parked message {} (type {}) in {}: {}", message.messageId(), message.type(), parkingLot, reason);
    }

    private void send(String queue, IncomingMessage message, int attempt, int waits, String error)
            throws IOException, InterruptedException {
        AMQP.BasicProperties original = message.properties();
        Map<String, Object> headers = new HashMap<>(original.getHeaders() == null ? Map.of() : original.getHeaders());
        headers.put(MessageHeaders.ATTEMPT, attempt);
        headers.put(MessageHeaders.WAITS, waits);
        headers.put(MessageHeaders.LAST_ERROR, error.length() > 1000 ? error.substring(0, 1000) : error);
        AMQP.BasicProperties copy =
                original.builder().headers(headers).deliveryMode(2).build();
        Optional<String> returned = copies.publish(policy.topology().copiesExchange(), queue, copy, message.rawBody());
        if (returned.isPresent()) {
            throw new IOException("the copy of message " + message.messageId() + " to " + queue + " was returned ("
                    + returned.get() + "): the queue is missing; the original stays unacked");
        }
    }
}
