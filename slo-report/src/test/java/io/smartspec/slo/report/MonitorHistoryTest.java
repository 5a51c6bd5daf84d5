package io.smartspec.slo.report;

import io.smartspec.slo.history.GeneratedHistory;
import io.smartspec.slo.history.HistoryReading;
import io.smartspec.slo.history.HistorySample;
import io.smartspec.slo.history.SloHistory;
import io.smartspec.slo.source.Measurement;
import io.smartspec.slo.source.MetricQuery;
import io.smartspec.slo.source.MetricSource;
import io.smartspec.slo.Quantity;
import io.smartspec.slo.monitor.SloMonitor;
import io.smartspec.slo.SloSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

import static org.assertj.core.api.Assertions.assertThat;

class MonitorHistoryTest {

    static final class SteppingClock extends Clock {
        Instant now;

        SteppingClock(Instant start) {
            this.now = start;
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }

    static final class Fixed implements MetricSource {
        @Override
        public String name() {
            return "fixed";
        }

        @Override
        public Measurement query(MetricQuery query) {
            return Measurement.of(Quantity.millis(150));
        }
    }

    @Test
    void aMonitorFeedsTheHistoryAndTheSchedulerThroughOnRound(@TempDir Path dir) throws Exception {
        // given a monitor whose rounds go to the history and then to the report scheduler
        SloSet slos = SloSet.named("checkout").slo(GeneratedHistory.P99).build();
        SteppingClock clock = new SteppingClock(Instant.parse("2026-03-10T23:58:00Z"));
        SloHistory history = SloHistory.in(dir.resolve("history"));
        ReportScheduler reports = ReportScheduler.builder(history).zone(ZoneOffset.UTC)
                .sink(ReportSink.directory(dir.resolve("reports"), ReportFormat.JSON))
                .kinds(ReportPeriod.Kind.DAILY).build();

        // when four one-minute rounds run across midnight
        try (SloMonitor monitor = SloMonitor.builder().slos(slos, new Fixed()).clock(clock)
                .onRound(history::append).onRound(reports).build()) {
            for (int i = 0; i < 4; i++) {
                monitor.runOnce();
                clock.now = clock.now.plus(Duration.ofMinutes(1));
            }
        }

        // then
        HistoryReading r = history.read("checkout", Instant.parse("2026-03-10T00:00:00Z"),
                Instant.parse("2026-03-12T00:00:00Z"));
        assertThat(r.samples("p99")).extracting(HistorySample::last).containsExactly(150.0, 150.0, 150.0, 150.0);
        assertThat(dir.resolve("reports/checkout/checkout-daily-2026-03-10.json")).exists();
        assertThat(Files.readString(dir.resolve("reports/checkout/checkout-daily-2026-03-10.json")))
                .contains("\"rounds\" : 2");
    }
}
