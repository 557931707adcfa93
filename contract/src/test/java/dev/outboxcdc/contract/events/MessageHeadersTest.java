package dev.outboxcdc.contract.events;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

class MessageHeadersTest {
    private static final Instant CREATED = Instant.parse("2026-12-03T09:15:02.123456Z");

    @Test
    void theCreationTimeComesFromTheMicrosecondHeaderOrElseFromTheCloudEventsTime() {
        assertThat(MessageHeaders.createdAt(
                        Map.of(MessageHeaders.CREATED_AT_MICROS, MessageHeaders.createdAtMicros(CREATED))))
                .contains(CREATED);
        assertThat(MessageHeaders.createdAt(Map.of(CloudEventAttributes.TIME, CloudEventAttributes.time(CREATED))))
                .contains(CREATED);
        assertThat(MessageHeaders.createdAt(Map.of(CloudEventAttributes.TIME, "yesterday")))
                .isEmpty();
        assertThat(MessageHeaders.createdAt(null)).isEmpty();
    }
}
