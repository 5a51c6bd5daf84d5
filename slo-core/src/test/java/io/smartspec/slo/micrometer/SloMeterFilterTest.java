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
        // 200 ms of the latency ratio, 1 s of "p99 < 1s" (for servers' histogram_quantile), 500 ms of the user
        assertThat(c.getServiceLevelObjectiveBoundaries()).containsExactly(2e8, 5e8, 1e9);
        assertThat(c.isPercentileHistogram()).isTrue();
        assertThat(c.getExpiry()).isEqualTo(Duration.ofDays(1825));
    }

    @Test
    void aPercentileThresholdTimerPublishesHistogramBucketsWithItsThresholdAndKeepsItsPercentilesWindowed() {
        // given a timer read only by "p99 < 250ms"
        SloSet p99 = SloSet.named("checkout").slo("p99", s -> s.metric("latency", "checkout.latency p99")
                .below(Duration.ofMillis(250))).build();

        // when
        DistributionStatisticConfig c = SloMeterFilter.of(p99)
                .configure(timer("checkout.latency"), DistributionStatisticConfig.NONE);

        // then: _bucket series for Prometheus (histogram_quantile), with a bucket bound at the threshold
        assertThat(c.isPercentileHistogram()).isTrue();
        assertThat(c.getServiceLevelObjectiveBoundaries()).containsExactly(2.5e8);
        // and the client-side p99 still decays as Micrometer's percentiles do
        assertThat(c.getExpiry()).isNotEqualTo(Duration.ofDays(1825));
    }

    @Test
    void anSloTimerCountsRequestsAtEachThresholdAmongItsHistogramBuckets() {
        // given
        SloSet slos = SloSet.named("checkout")
                .slo("p99", s -> s.metric("latency", "checkout.latency p99").below(Duration.ofMillis(250)))
                .slo("fast", s -> s.latency("latency", "checkout.latency").fasterThan(Duration.ofMillis(100))
                        .target(percent(99)))
                .build();
        io.micrometer.core.instrument.simple.SimpleMeterRegistry registry =
                new io.micrometer.core.instrument.simple.SimpleMeterRegistry();
        registry.config().meterFilter(SloMeterFilter.of(slos));

        // when
        io.micrometer.core.instrument.Timer timer = registry.timer("checkout.latency");
        timer.record(Duration.ofMillis(50));
        timer.record(Duration.ofMillis(200));

        // then: the threshold buckets count exactly the requests at or under them
        java.util.Map<Double, Double> buckets = new java.util.HashMap<>();
        for (io.micrometer.core.instrument.distribution.CountAtBucket b : timer.takeSnapshot().histogramCounts()) {
            buckets.put(b.bucket(java.util.concurrent.TimeUnit.MILLISECONDS), b.count());
        }
        // (a registry that publishes aggregable histograms, as Prometheus's, adds the percentile buckets)
        assertThat(buckets).containsEntry(100.0, 1.0).containsEntry(250.0, 2.0);
    }

    @Test
    void metersOfAnotherNameAreLeftAlone() {
        // given
        DistributionStatisticConfig users = DistributionStatisticConfig.builder().percentiles(0.5).build();

        // when
        DistributionStatisticConfig c = SloMeterFilter.of(slos).configure(timer("jvm.gc.pause"), users);

        // then
        assertThat(c).isSameAs(users);
    }

    @Test
    void otherMetersOfTheSameNameGetHistogramBucketsOnlySoPrometheusSeesOneType() {
        // given: Prometheus gives every series of a name one type; a histogram on /checkout alone and a
        // summary on /other make the whole scrape fail (Spring Boot's /actuator/prometheus answers 500)
        DistributionStatisticConfig users = DistributionStatisticConfig.builder().percentiles(0.5).build();

        // when
        DistributionStatisticConfig c = SloMeterFilter.of(slos)
                .configure(timer("http.server.requests", "uri", "/other"), users);

        // then
        assertThat(c.isPercentileHistogram()).isTrue();
        assertThat(c.getPercentiles()).containsExactly(0.5);
        assertThat(c.getServiceLevelObjectiveBoundaries()).isNull();
        assertThat(c.getExpiry()).isEqualTo(users.getExpiry());
    }

    @Test
    void aMeterReadByAPercentileAndALatencyRatioIsWarnedAbout() {
        // then
        assertThat(SloMeterFilter.of(slos).problems()).singleElement()
                .satisfies(p -> assertThat(p.message()).contains("percentiles cover the meter's lifetime"));
    }
}
