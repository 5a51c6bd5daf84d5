package io.smartspec.slo.micrometer;

import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.distribution.DistributionStatisticConfig;
import io.smartspec.slo.SloSet;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static io.smartspec.slo.Quantity.percent;
import static org.assertj.core.api.Assertions.assertThat;

class SloMeterFilterTest {

    private static Meter.Id timer(String name, String... tags) {
        return new Meter.Id(name, Tags.of(tags), null, null, Meter.Type.TIMER);
    }

    private final SloSet slos = SloSet.named("checkout")
            .slo("p99", s -> s.metric("latency", "http.server.requests{uri=/checkout} p99").below(Duration.ofSeconds(1)))
            .slo("fast", s -> s.latency("latency", "http.server.requests{uri=/checkout}")
                    .fasterThan(Duration.ofMillis(200)).target(percent(99)))
            .build();

    @Test
    void aMatchingTimerGetsItsPercentileWithPrecisionAndACumulativeBoundaryKeepingTheUsersSettings() {
        // given
        DistributionStatisticConfig users = DistributionStatisticConfig.builder().percentiles(0.5)
                .serviceLevelObjectives(Duration.ofMillis(500).toNanos()).build();

        // when
        DistributionStatisticConfig c = SloMeterFilter.of(slos)
                .configure(timer("http.server.requests", "uri", "/checkout"), users);

        // then
        assertThat(c.getPercentiles()).containsExactly(0.5, 0.99);
        assertThat(c.getPercentilePrecision()).isEqualTo(SloMeterFilter.PERCENTILE_PRECISION);
        assertThat(c.getServiceLevelObjectiveBoundaries()).containsExactly(2e8, 5e8);
        assertThat(c.getExpiry()).isEqualTo(Duration.ofDays(1825));
    }

    @Test
    void otherMetersAreLeftAlone() {
        // given
        DistributionStatisticConfig users = DistributionStatisticConfig.builder().percentiles(0.5).build();

        // when
        DistributionStatisticConfig c = SloMeterFilter.of(slos)
                .configure(timer("http.server.requests", "uri", "/other"), users);

        // then
        assertThat(c).isSameAs(users);
    }

    @Test
    void aMeterReadByAPercentileAndALatencyRatioIsWarnedAbout() {
        // then
        assertThat(SloMeterFilter.of(slos).problems()).singleElement()
                .satisfies(p -> assertThat(p.message()).contains("percentiles cover the meter's lifetime"));
    }
}
