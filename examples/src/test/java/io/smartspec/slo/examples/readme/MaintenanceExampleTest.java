package io.smartspec.slo.examples.readme;

import static org.assertj.core.api.Assertions.assertThat;

import io.smartspec.slo.Quantity;
import io.smartspec.slo.Slo;
import io.smartspec.slo.SloSet;
import io.smartspec.slo.evaluation.SloResult;
import io.smartspec.slo.evaluation.Status;
import io.smartspec.slo.monitor.SloMonitor;
import io.smartspec.slo.source.Measurement;
import io.smartspec.slo.source.MetricQuery;
import io.smartspec.slo.source.MetricSource;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;

class MaintenanceExampleTest {

    private static final MetricSource SLOW = new MetricSource() {
        @Override
        public String name() {
            return "slow";
        }

        @Override
        public Measurement query(MetricQuery query) {
            return Measurement.of(Quantity.millis(900));
        }
    };

    private static final SloSet SLOS = SloSet.of("checkout", List.of(
            Slo.named("p99-latency").metric("checkout_p99", "p99").below(Duration.ofMillis(250)).build()));

    @Test
    void theAnnouncedDeploySuppressesTheBreachAndTheWeeklyWindowDoesNotHoldOnAWednesday() {
        Instant wednesday = Instant.parse("2026-11-25T12:00:00Z");
        try (SloMonitor monitor = MaintenanceExample.monitorWithMaintenance(SLOS, SLOW,
                Clock.fixed(wednesday, ZoneOffset.UTC))) {
            SloResult r = monitor.runOnce().results().get(0);
            assertThat(r.status()).isEqualTo(Status.BREACHED);
            assertThat(r.detail()).startsWith("suppressed: maintenance deploy of 4.2");
            assertThat(monitor.maintenance().activeAt("checkout", "p99-latency", wednesday.plus(Duration.ofHours(1))))
                    .isEmpty();
            // Sunday 29 November, 02:30 in Berlin
            assertThat(monitor.maintenance().activeAt("checkout", "p99-latency",
                    Instant.parse("2026-11-29T01:30:00Z"))).get().extracting(w -> w.reason())
                    .isEqualTo("weekly database upkeep");
        }
    }
}
