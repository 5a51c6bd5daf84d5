package io.smartspec.slo.prometheus;

import io.smartspec.slo.Quantity;
import io.smartspec.slo.prometheus.internal.PromQl;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

class PromQlTest {

    @Test
    void aSubqueryRangeIsOneMillisecondShortOfItsWindow() {
        assertThat(PromQl.justUnder(Duration.ofDays(30))).isEqualTo("29d23h59m59s999ms");
        assertThat(PromQl.justUnder(Duration.ofHours(1))).isEqualTo("59m59s999ms");
        assertThat(PromQl.justUnder(Duration.ofMinutes(5))).isEqualTo("4m59s999ms");
    }

    @Test
    void aFullExpressionIsSentAsWrittenWithItsWindow() {
        assertThat(PromQl.events("sum(increase(x_total[{{window}}]))", Duration.ofHours(1)))
                .isEqualTo("sum(increase(x_total[1h]))");
    }

    @Test
    void aRateIsEventsPerSecondAndIsCountedOverItsWindow() {
        // rate() is per second by Prometheus's convention: 2/s over 1h are 7200 events, which min_events counts
        assertThat(PromQl.events("sum(rate(x_total[{{window}}]))", Duration.ofHours(1)))
                .isEqualTo("(sum(rate(x_total[1h]))) * 3600");
        assertThat(PromQl.events("sum(irate(x_total[5m]))", Duration.ofMinutes(5)))
                .isEqualTo("(sum(irate(x_total[5m]))) * 300");
    }

    @Test
    void onlyTheRateFunctionsMakeAQueryPerSecond() {
        assertThat(PromQl.perSecond("sum(rate(x_total[5m]))")).isTrue();
        assertThat(PromQl.perSecond("sum(increase(x_total[5m]))")).isFalse();
        assertThat(PromQl.perSecond("sum(http_rate_total)")).isFalse();
        assertThat(PromQl.perSecond("sum(my:rate(x))")).isFalse();
        assertThat(PromQl.perSecond("sum(increase(a[5m])) + sum(rate(b[5m]))")).isFalse();
    }

    @Test
    void aBareCounterCountsItsIncrease() {
        assertThat(PromQl.events("http_requests_total{code=\"500\"}", Duration.ofMinutes(30)))
                .isEqualTo("sum(increase(http_requests_total{code=\"500\"}[30m]))");
    }

    @Test
    void aBareHistogramCountsItsCount() {
        assertThat(PromQl.events("rpc_duration_seconds", Duration.ofDays(1)))
                .isEqualTo("sum(increase(rpc_duration_seconds_count[1d]))");
    }

    @Test
    void aMillisecondHistogramTakesItsThresholdInMilliseconds() {
        assertThat(PromQl.fasterThan("rpc_duration_milliseconds_bucket", Quantity.seconds(1), Duration.ofMinutes(5)))
                .isEqualTo("sum(increase(rpc_duration_milliseconds_bucket{le=~\"1000(\\\\.0*)?\"}[5m]))");
    }

    @Test
    void aFullExpressionMayPlaceTheThresholdItself() {
        assertThat(PromQl.fasterThan("sum(rate(x_bucket{le=\"{{le}}\"}[{{window}}]))", Quantity.millis(250), Duration.ofMinutes(5)))
                .isEqualTo("(sum(rate(x_bucket{le=\"0.25\"}[5m]))) * 300");
    }

    @Test
    void aFullExpressionWithoutThresholdPlaceholderIsRefusedForLatency() {
        org.assertj.core.api.Assertions.assertThatThrownBy(() ->
                        PromQl.fasterThan("sum(rate(x_count[{{window}}]))", Quantity.millis(250), Duration.ofMinutes(5)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("{{le}}")
                .hasMessageContaining("sum(rate(x_count[{{window}}]))");
    }

    @Test
    void numbersAreWrittenWithoutBinaryNoise() {
        assertThat(PromQl.number(1 - 0.9990000000000001)).isEqualTo("0.001");
        assertThat(PromQl.number(14.4)).isEqualTo("14.4");
        assertThat(PromQl.number(30)).isEqualTo("30");
    }
}
