package dev.outboxcdc.contract.outbox;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class UnixTimeTest {
    @Test
    void anInstantBecomesSecondsWithMicrosecondsAndBack() {
        Instant instant = Instant.parse("2026-11-28T10:04:56.123456Z");

        BigDecimal seconds = UnixTime.seconds(instant);

        assertThat(seconds.toPlainString()).isEqualTo("1795860296.123456");
        assertThat(UnixTime.instant(seconds)).isEqualTo(instant);
    }

    @Test
    void instantsBeforeTheEpochRoundDown() {
        assertThat(UnixTime.instant(new BigDecimal("-1.5"))).isEqualTo(Instant.parse("1969-12-31T23:59:58.500Z"));
    }
}
