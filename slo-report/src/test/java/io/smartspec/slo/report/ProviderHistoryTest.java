package io.smartspec.slo.report;

import io.smartspec.slo.history.GeneratedHistory;
import io.smartspec.slo.source.Measurement;
import io.smartspec.slo.source.MetricQuery;
import io.smartspec.slo.source.MetricSource;
import io.smartspec.slo.Quantity;
import io.smartspec.slo.SloSet;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ProviderHistoryTest {

    static final SloSet SLOS = SloSet.named("checkout").slo(GeneratedHistory.P99).build();
    static final ReportPeriod DAY = ReportPeriod.day(LocalDate.of(2026, 3, 10), ZoneOffset.UTC);

    /** Answers for any past instant: p99 is 250 ms from 10:00 to 10:30, else 150 ms. */
    static class PastSource implements MetricSource {
        @Override
        public String name() {
            return "past";
        }

        @Override
        public Measurement query(MetricQuery q) {
            Instant at = q.at();
            boolean slow = !at.isBefore(Instant.parse("2026-03-10T10:00:00Z"))
                    && at.isBefore(Instant.parse("2026-03-10T10:30:00Z"));
            return Measurement.of(Quantity.millis(slow ? 250 : 150));
        }

        @Override
        public boolean supportsPastInstants() {
            return true;
        }
    }

    @Test
    void aReportFromTheProviderEvaluatesEveryStepOfThePeriod() {
        // when
        SloReport report = SloReport.forSpec("checkout").over(DAY)
                .from(ProviderHistory.read(SLOS, new PastSource(), DAY, Duration.ofMinutes(5)),
                        ProviderHistory.read(SLOS, new PastSource(), DAY.previous(), Duration.ofMinutes(5)))
                .build();

        // then 288 steps, 6 of them (10:00 ... 10:25) breached
        SloReport.SloSection p99 = report.slo("p99").orElseThrow();
        assertThat(p99.rounds()).isEqualTo(288);
        assertThat(p99.compliance()).isEqualTo(282.0 / 288);
        assertThat(p99.breaches()).singleElement().satisfies(b -> {
            assertThat(b.start()).isEqualTo(Instant.parse("2026-03-10T10:00:00Z"));
            assertThat(b.duration()).isEqualTo(Duration.ofMinutes(30));
            assertThat(b.worst()).isEqualTo(250);
        });
        assertThat(p99.trend().direction()).isEqualTo(SloReport.Direction.WORSENED);
    }

    @Test
    void aSourceThatOnlyKnowsTheCurrentValueIsRefused() {
        // given
        MetricSource nowOnly = new PastSource() {
            @Override
            public boolean supportsPastInstants() {
                return false;
            }
        };

        // then
        assertThatThrownBy(() -> ProviderHistory.read(SLOS, nowOnly, DAY, Duration.ofHours(1)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'past' cannot answer for past instants");
    }
}
