package io.smartspec.slo.cli.internal;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

class WatchScreenTest {

    @Test
    void aSparklineScalesEachValueBetweenTheLowestAndTheHighestShown() {
        // 150 is the lowest, 210 the highest: 180 is half-way, bar 4 of 8 (rounded from 3.5)
        assertThat(WatchScreen.sparkline(List.of(Optional.of(150.0), Optional.of(180.0), Optional.of(210.0))))
                .isEqualTo("▁▅█");
    }

    @Test
    void aRoundWithoutValueIsAGapAndConstantValuesAMiddleBar() {
        assertThat(WatchScreen.sparkline(List.of(Optional.of(5.0), Optional.empty(), Optional.of(5.0))))
                .isEqualTo("▅ ▅");
    }

    @Test
    void theBudgetBarShowsTheShareLeftAndNothingBelowZero() {
        assertThat(WatchScreen.budgetBar(0.62)).isEqualTo("[######----] 62%");
        assertThat(WatchScreen.budgetBar(-0.5)).isEqualTo("[----------] -50%");
        assertThat(WatchScreen.budgetBar(1)).isEqualTo("[##########] 100%");
    }
}
