package io.smartspec.slo.junit.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class MeasuredSlosTest {

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "200ms   | < 200 ms",
            "1.5 s   | < 1.5 s",
            "<= 800us| <= 800 us",
            "< 2s    | < 2 s"})
    void latencyBoundsReadAsStrictUpperBoundsUnlessAnOperatorIsGiven(String text, String objective) {
        assertThat(MeasuredSlos.parseLatency(text)).hasToString(objective);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "0.1%    | <= 0.1 %",
            "0.001   | <= 0.001",
            "< 1%    | < 1 %",
            "0%      | <= 0 %"})
    void errorRatesReadAsInclusiveUpperBoundsUnlessAnOperatorIsGiven(String text, String objective) {
        assertThat(MeasuredSlos.parseErrorRate(text)).hasToString(objective);
    }

    @Test
    void latencyBoundsMustBeDurations() {
        assertThatThrownBy(() -> MeasuredSlos.parseLatency("5%"))
                .hasMessage("'5%' is not a duration; expected e.g. 200ms, 1.5s, 800us");
        assertThatThrownBy(() -> MeasuredSlos.parseLatency("-3ms")).hasMessage("'-3ms' must not be negative");
    }

    @Test
    void errorRatesMustBeSharesOfInvocations() {
        assertThatThrownBy(() -> MeasuredSlos.parseErrorRate("5"))
                .hasMessage("'5' is not a share of invocations; expected a percentage like 0.1% or a fraction like 0.001");
        assertThatThrownBy(() -> MeasuredSlos.parseErrorRate("150%")).hasMessage("'150%' must be between 0% and 100%");
    }
}
