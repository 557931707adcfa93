package dev.outboxcdc.support.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class DurationTextTest {

    @Test
    void aNumberAndAUnitFromMillisecondsToDays() {
        assertThat(DurationText.parse("500ms")).isEqualTo(Duration.ofMillis(500));
        assertThat(DurationText.parse("30s")).isEqualTo(Duration.ofSeconds(30));
        assertThat(DurationText.parse("15m")).isEqualTo(Duration.ofMinutes(15));
        assertThat(DurationText.parse("2H")).isEqualTo(Duration.ofHours(2));
        assertThat(DurationText.parse("7d")).isEqualTo(Duration.ofDays(7));
    }

    @Test
    void aBareNumberIsSeconds() {
        assertThat(DurationText.parse(" 45 ")).isEqualTo(Duration.ofSeconds(45));
    }

    @Test
    void anythingElseIsRefusedSayingWhatADurationLooksLike() {
        for (String bad : new String[] {"", "1.5h", "-3s", "2w", "ten minutes", "m"}) {
            assertThatThrownBy(() -> DurationText.parse(bad))
                    .as(bad)
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("a whole number and ms, s, m, h or d");
        }
    }
}
