package io.smartspec.slo.prometheus;

import io.micrometer.core.instrument.Timer;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.smartspec.slo.SloSet;
import io.smartspec.slo.micrometer.SloMeterFilter;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What Prometheus scrapes from a Micrometer Prometheus registry with {@link SloMeterFilter}: histogram
 * buckets, so {@code histogram_quantile()} and the "faster than" bucket of a latency SLO are possible.
 */
class SloMeterFilterBucketsTest {

    @Test
    void anSloTimerIsScrapedWithBucketsIncludingItsThreshold() {
        // given a timer read by "p99 < 250ms"
        SloSet slos = SloSet.named("checkout").slo("p99", s -> s.metric("latency", "checkout.latency p99")
                .below(Duration.ofMillis(250))).build();
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        registry.config().meterFilter(SloMeterFilter.of(slos));

        // when
        Timer timer = registry.timer("checkout.latency");
        timer.record(Duration.ofMillis(100));
        timer.record(Duration.ofMillis(300));
        String scrape = registry.scrape();

        // then: one request at or under 250 ms, two in all, and the buckets around it for interpolation
        assertThat(scrape).contains("checkout_latency_seconds_bucket{le=\"0.25\"} 1")
                .contains("checkout_latency_seconds_bucket{le=\"+Inf\"} 2")
                .contains("checkout_latency_seconds_count 2");
        assertThat(scrape.lines().filter(l -> l.startsWith("checkout_latency_seconds_bucket"))).hasSizeGreaterThan(10);
    }

    @Test
    void aTimerNoSloReadsKeepsMicrometersDefaults() {
        // given
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        registry.config().meterFilter(SloMeterFilter.of(SloSet.named("checkout").slo("p99", s -> s
                .metric("latency", "checkout.latency p99").below(Duration.ofMillis(250))).build()));

        // when
        registry.timer("other.latency").record(Duration.ofMillis(100));

        // then
        assertThat(registry.scrape()).doesNotContain("other_latency_seconds_bucket");
    }
}
