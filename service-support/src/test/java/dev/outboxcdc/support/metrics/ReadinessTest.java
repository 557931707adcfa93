package dev.outboxcdc.support.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ReadinessTest {
    @Test
    void whatAServiceAnswersIsReadBackAsItsStatusAndReason() {
        Readiness readOnly = Readiness.down("READ_ONLY", "the database is read-only (read_only=ON)");

        assertThat(Readiness.read(503, readOnly.json())).isEqualTo(readOnly);
        assertThat(Readiness.read(200, Readiness.up().json())).isEqualTo(Readiness.up());
    }

    @Test
    void aBodyThatIsNotReadinessIsKeptWholeAsTheReason() {
        assertThat(Readiness.read(502, "<html>Bad Gateway</html>"))
                .isEqualTo(new Readiness(false, "UNKNOWN", "<html>Bad Gateway</html>"));
        assertThat(Readiness.read(503, "{\"error\":\"x\"}").status()).isEqualTo("UNKNOWN");
    }
}
