package dev.outboxcdc.consumer.internal.receive;

import dev.outboxcdc.consumer.InvalidEventException;
import dev.outboxcdc.consumer.PredecessorMissingException;
import dev.outboxcdc.consumer.internal.amqp.IncomingMessage;
import dev.outboxcdc.support.errors.ErrorMessages;
import java.util.Optional;

/**
 * What became of one delivery of a batch: its effect committed (or it was a duplicate, skipped in a
 * committed transaction), or it goes to a delay queue to be retried, to wait for its predecessor
 * (held), or to the parking lot. The channel acts on these; nothing else is decided there.
 */
public sealed interface Decision {
    IncomingMessage message();

    /** Why the message was not handled; empty for a commit. */
    Optional<String> failure();

    /** The effect and the message's record committed; {@code duplicate}: it was recorded before, nothing done. */
    record Commit(IncomingMessage message, boolean duplicate) implements Decision {
        @Override
        public Optional<String> failure() {
            return Optional.empty();
        }
    }

    /** The handler failed: try again after the next delay (or park, when the attempts are spent). */
    record Retry(IncomingMessage message, String reason) implements Decision {
        @Override
        public Optional<String> failure() {
            return Optional.of(reason);
        }
    }

    /** The predecessor is not applied yet: wait without spending an attempt. */
    record Hold(IncomingMessage message, String reason) implements Decision {
        @Override
        public Optional<String> failure() {
            return Optional.of(reason);
        }
    }

    /** It can never be handled: the parking lot, at once. */
    record Park(IncomingMessage message, String reason) implements Decision {
        @Override
        public Optional<String> failure() {
            return Optional.of(reason);
        }
    }

    /** What a handler's exception, thrown while the message was handled alone, means for it. */
    static Decision afterFailure(IncomingMessage message, RuntimeException failure) {
        if (failure instanceof PredecessorMissingException) {
            return new Hold(message, ErrorMessages.of(failure));
        }
        if (failure instanceof InvalidEventException) {
            return new Park(message, ErrorMessages.of(failure));
        }
        return new Retry(message, failure.getClass().getSimpleName() + ": " + failure.getMessage());
    }
}
