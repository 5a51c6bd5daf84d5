package io.smartspec.slo.spring.boot.actuate;

import io.smartspec.slo.Priority;
import io.smartspec.slo.Quantity;
import io.smartspec.slo.Slo;
import io.smartspec.slo.SloSet;
import io.smartspec.slo.monitor.SloMonitor;
import io.smartspec.slo.source.GroupedMeasurement;
import io.smartspec.slo.source.Measurement;
import io.smartspec.slo.source.MetricQuery;
import io.smartspec.slo.source.MetricSource;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/** The health of a per-label SLO is its instances': one breached route makes the application's SLOs breached. */
class PerLabelHealthTest {

    /** p99 per route: /pay at 250 ms, /cart at 150 ms. */
    static final class PerRoute implements MetricSource {
        @Override
        public String name() {
            return "fixed";
        }

        @Override
        public Measurement query(MetricQuery query) {
            return Measurement.failed("asked without its labels");
        }

        @Override
        public GroupedMeasurement queryGrouped(MetricQuery query, List<String> labels) {
            return GroupedMeasurement.perLabels(Map.of(Map.of("route", "/pay"), Measurement.of(Quantity.millis(250)),
                    Map.of("route", "/cart"), Measurement.of(Quantity.millis(150))));
        }
    }

    @Test
    void eachInstanceIsAnEntryAndOneBreachedRouteBreachesTheHealth() {
        // given
        SloSet slos = SloSet.named("checkout").slo(Slo.named("p99").metric("api_latency_p99")
                .below(Duration.ofMillis(200)).priority(Priority.P1).per("route").build()).build();

        // when
        SloHealth health;
        try (SloMonitor monitor = SloMonitor.builder().slos(slos, new PerRoute()).build()) {
            monitor.runOnce();
            health = SloHealth.of(monitor, Set.of(Priority.P1));
        }

        // then
        assertThat(health.state()).isEqualTo(SloHealth.State.BREACHED);
        assertThat(health.details().get("slos")).isEqualTo(Map.of("p99{route=\"/pay\"}", "BREACHED",
                "p99{route=\"/cart\"}", "MET"));
        assertThat(health.details().get("breached")).isEqualTo(List.of("p99{route=\"/pay\"}"));
    }
}
