package io.smartspec.slo.report;

import io.smartspec.slo.Priority;
import io.smartspec.slo.Quantity;
import io.smartspec.slo.Slo;
import io.smartspec.slo.SloSet;
import io.smartspec.slo.history.SloHistory;
import io.smartspec.slo.monitor.SloMonitor;
import io.smartspec.slo.source.GroupedMeasurement;
import io.smartspec.slo.source.Measurement;
import io.smartspec.slo.source.MetricQuery;
import io.smartspec.slo.source.MetricSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** A report of a per-label SLO has a section per label value, named with it. */
class PerLabelReportTest {

    /** p99 per route: /pay at 250 ms, /cart at 150 ms, every round. */
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
    void eachRouteIsASectionOfTheReportNamedWithItsLabelValue(@TempDir Path dir) {
        // given: ten one-minute rounds of a p99 SLO per route
        SloSet slos = SloSet.named("checkout").slo(Slo.named("p99").metric("api_latency_p99")
                .below(Duration.ofMillis(200)).priority(Priority.P1).per("route").build()).build();
        MonitorHistoryTest.SteppingClock clock = new MonitorHistoryTest.SteppingClock(
                Instant.parse("2026-03-10T10:00:00Z"));
        SloHistory history = SloHistory.in(dir);
        try (SloMonitor monitor = SloMonitor.builder().slos(slos, new PerRoute()).clock(clock)
                .onRound(history::append).build()) {
            for (int i = 0; i < 10; i++) {
                monitor.runOnce();
                clock.now = clock.now.plus(Duration.ofMinutes(1));
            }
        }

        // when
        SloReport report = SloReport.forSpec("checkout")
                .over(ReportPeriod.day(LocalDate.parse("2026-03-10"), ZoneOffset.UTC))
                .from(history).expecting(slos).build();

        // then
        assertThat(report.slos()).extracting(s -> s.info().name() + " " + s.verdict()).containsExactlyInAnyOrder(
                "p99{route=\"/pay\"} BREACHED", "p99{route=\"/cart\"} MET");
        assertThat(report.slo("p99{route=\"/pay\"}").orElseThrow().rounds()).isEqualTo(10);
        assertThat(ReportFormat.MARKDOWN.render(report)).contains("p99{route=\"/pay\"}", "p99{route=\"/cart\"}");
    }
}
