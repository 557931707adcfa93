package dev.outboxcdc.relay.state;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class MariaDbGtidsTest {

    @Test
    void aPositionInsideTheServersBinlogsIsCoveredWhateverServerWroteIt() {
        assertThat(MariaDbGtids.coveredFrom("0-1-500", "0-1-100", "0-2-900")).isTrue();
        assertThat(MariaDbGtids.coveredFrom("0-1-100", "0-1-100", "0-1-100"))
                .as("at the very start and end")
                .isTrue();
    }

    @Test
    void aPositionBeforeTheOldestBinlogIsPurged() {
        assertThat(MariaDbGtids.coveredFrom("0-1-99", "0-1-100", "0-1-900")).isFalse();
    }

    @Test
    void aPositionBeyondTheServersEndOrInADomainItNeverSawIsAnotherHistory() {
        assertThat(MariaDbGtids.coveredFrom("0-1-901", "0-1-100", "0-1-900")).isFalse();
        assertThat(MariaDbGtids.coveredFrom("0-1-500,7-3-10", "0-1-100", "0-1-900"))
                .isFalse();
    }

    @Test
    void aServerWhoseBinlogsStartEmptyHoldsADomainFromItsFirstTransaction() {
        assertThat(MariaDbGtids.coveredFrom("0-1-1", "", "0-1-900")).isTrue();
    }

    @Test
    void anEmptyPositionIsNotCoveredAndAMalformedOneIsRefused() {
        assertThat(MariaDbGtids.coveredFrom("", "", "0-1-900")).isFalse();
        assertThatThrownBy(() -> MariaDbGtids.sequenceByDomain("0-1")).hasMessageContaining("'0-1'");
    }
}
