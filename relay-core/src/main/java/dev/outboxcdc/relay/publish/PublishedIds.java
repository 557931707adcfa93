package dev.outboxcdc.relay.publish;

import dev.outboxcdc.contract.outbox.OutboxMessage;
import java.util.List;
import java.util.stream.Collectors;

/** The seed's log format {@code [id1 id2]}, shortened for long batches. */
final class PublishedIds {
    private static final int SHOWN = 5;

    private PublishedIds() {}

    static String summary(List<OutboxMessage> batch) {
        String shown = batch.stream().limit(SHOWN).map(OutboxMessage::id).collect(Collectors.joining(", "));
        int hidden = batch.size() - SHOWN;
        return "[" + shown + (hidden > 0 ? ", ... +" + hidden + " more (" + batch.size() + " total)" : "") + "]";
    }
}
