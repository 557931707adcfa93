package dev.outboxcdc.tools.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class WarmUpTest {
    @Test
    void threeWindowsWithin5PercentAreSteady() {
        assertThat(ModeMeasurement.steady(List.of(3.1, 2.4, 2.00, 2.05, 2.09))).isTrue();
    }

    @Test
    void aFallingCostIsNotSteadyYet() {
        assertThat(ModeMeasurement.steady(List.of(3.1, 2.6, 2.3))).isFalse();
        assertThat(ModeMeasurement.steady(List.of(2.0, 2.1, 1.9)))
                .as("2.1 is 10.5 % above 1.9")
                .isFalse();
    }

    @Test
    void fewerThanThreeWindowsAreNeverSteady() {
        assertThat(ModeMeasurement.steady(List.of(2.0, 2.0))).isFalse();
    }
}
