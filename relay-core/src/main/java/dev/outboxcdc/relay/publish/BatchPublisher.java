package dev.outboxcdc.relay.publish;

import dev.outboxcdc.contract.outbox.OutboxMessage;
import java.util.List;
import java.util.Set;

/**
 * Publishes a batch of outbox messages and says which the broker took responsibility for. The
 * relay's one seam to a broker: {@link ConfirmingPublisher} is RabbitMQ with publisher confirms;
 * {@link RetryingPublisher} retries whatever an implementation leaves unconfirmed.
 */
public interface BatchPublisher {

    /**
     * Returns the ids of the messages the broker confirmed; the others (nacked, unroutable and not
     * moved to the unrouted queue, lost with the connection, not confirmed in time) must be published again.
     *
     * @throws PublishFailedException when nothing could be published (no connection)
     */
    Set<String> publish(List<OutboxMessage> batch) throws PublishFailedException, InterruptedException;

    /** Why the last {@link #publish} left messages unconfirmed, for the log. */
    String lastFailure();
}
