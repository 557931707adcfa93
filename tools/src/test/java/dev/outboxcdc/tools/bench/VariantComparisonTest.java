package dev.outboxcdc.tools.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.outboxcdc.support.config.ConfigException;
import java.util.Map;
import org.junit.jupiter.api.Test;

class VariantComparisonTest {

    @Test
    void eachArgumentIsANameAndTheEnvironmentOfItsServices() {
        var variants = VariantComparison.parse(new String[] {
            "c1=", "c2=_JAVA_OPTIONS:-XX:TieredStopAtLevel=4 -XX:+UseSerialGC;RELAY_OFFSET_FLUSH_INTERVAL_MS:1000"
        });

        assertThat(variants)
                .containsExactly(
                        Map.entry("c1", Map.of()),
                        Map.entry(
                                "c2",
                                Map.of(
                                        "_JAVA_OPTIONS",
                                        "-XX:TieredStopAtLevel=4 -XX:+UseSerialGC",
                                        "RELAY_OFFSET_FLUSH_INTERVAL_MS",
                                        "1000")));
    }

    @Test
    void aVariantWithoutANameOrWithAnAssignmentWithoutValueIsRefusedSayingWhatIsExpected() {
        assertThatThrownBy(() -> VariantComparison.parse(new String[] {"=X:1"}))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("expected name=VAR:value");
        assertThatThrownBy(() -> VariantComparison.parse(new String[] {"a=RELAY_BATCH_SIZE"}))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("'RELAY_BATCH_SIZE' is not VAR:value");
        assertThatThrownBy(() -> VariantComparison.parse(new String[0]))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("no variant given");
    }
}
