package io.smartspec.slo.evaluation;

import io.smartspec.slo.Windows;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static io.smartspec.slo.evaluation.BurnRatePolicy.Severity.PAGE;
import static io.smartspec.slo.evaluation.BurnRatePolicy.Severity.TICKET;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class BurnRatePolicyTest {

    private final BurnRatePolicy google = BurnRatePolicy.google();

    @Test
    void theWorkbookFactorsFor30Days() {
        assertThat(google.alerts()).extracting(a -> a.factor(Duration.ofDays(30)))
                .containsExactly(14.4, 6.0, 3.0, 1.0);
    }

    @Test
    void theFactorsScaleTo28Days() {
        // Sloth's google-28d windows: 13.44, 5.6, 2.8, 0.9333
        double[] factors = google.alerts().stream().mapToDouble(a -> a.factor(Duration.ofDays(28))).toArray();
        assertThat(factors[0]).isCloseTo(13.44, within(1e-9));
        assertThat(factors[1]).isCloseTo(5.6, within(1e-9));
        assertThat(factors[2]).isCloseTo(2.8, within(1e-9));
        assertThat(factors[3]).isCloseTo(0.9333, within(1e-4));
    }

    @Test
    void pagesOn1hAnd6hAndTicketsOn1dAnd3d() {
        assertThat(google.alerts()).extracting(BurnRatePolicy.Alert::severity)
                .containsExactly(PAGE, PAGE, TICKET, TICKET);
        assertThat(google.alerts()).extracting(a -> Windows.format(a.longWindow()) + "/" + Windows.format(a.shortWindow()))
                .containsExactly("1h/5m", "6h/30m", "1d/2h", "3d/6h");
        assertThat(google.windows()).extracting(Windows::format)
                .containsExactly("5m", "30m", "1h", "2h", "6h", "1d", "3d");
    }

    @Test
    void aBurnRateIsTheErrorRatioOverTheBudget() {
        // 0.5% errors against a 99.9% target burns the budget five times too fast
        BurnRate burn = BurnRate.of(Duration.ofHours(1), 0.005, 0.999);
        assertThat(burn.rate()).isCloseTo(5.0, within(1e-9));
        assertThat(burn).hasToString("5x over 1h");
    }
}
