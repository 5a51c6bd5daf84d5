package io.smartspec.slo.prometheus;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.smartspec.slo.CalendarPeriod;
import io.smartspec.slo.Quantity;
import io.smartspec.slo.Slo;
import io.smartspec.slo.SloSet;
import io.smartspec.slo.SloWindow;
import io.smartspec.slo.Unit;
import io.smartspec.slo.evaluation.ErrorBudget;
import io.smartspec.slo.evaluation.SloEvaluator;
import io.smartspec.slo.evaluation.SloResult;
import io.smartspec.slo.micrometer.MicrometerSource;
import io.smartspec.slo.source.Measurement;
import io.smartspec.slo.source.MetricQuery;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A threshold counted in time slices, evaluated three ways on the same two days of a p99 gauge (one sample a minute,
 * at :30): in-process from a Micrometer gauge read at each sample's instant, by {@link PrometheusSource} on a real
 * Prometheus with the samples backfilled, and by hand. They agree slice for slice, over a rolling day and over the
 * calendar day in Europe/Berlin; and the generated recording rule's expression counts the same slices.
 */
class TimeSliceAgreementIT {

    private static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");
    private static final int MINUTES = 2 * 24 * 60;
    /** Two days of data ending an hour before now (recent enough for the server, old enough to be in blocks). */
    private static final Instant T0 = Instant.now().truncatedTo(ChronoUnit.HOURS).minus(Duration.ofHours(49));

    @TempDir
    Path dir;

    /** 300 ms in every 7th minute (3, 10, 17, ...) and for an hour from minute 1500; 120 ms otherwise. */
    static boolean bad(int minute) {
        return minute % 7 == 3 || minute >= 1500 && minute < 1560;
    }

    static Instant sampleAt(int minute) {
        return T0.plusSeconds(minute * 60L + 30);
    }

    static SloSet slos(String query) {
        return SloSet.named("checkout")
                .slo("p99-rolling", s -> s.metric("api_latency_p99", query).unit(Unit.SECONDS)
                        .below(Duration.ofMillis(200)).timeslices(Duration.ofMinutes(1)).target(Quantity.percent(99))
                        .over(Duration.ofDays(1)))
                .slo("p99-berlin-day", s -> s.metric("api_latency_p99", query).unit(Unit.SECONDS)
                        .below(Duration.ofMillis(200)).timeslices(Duration.ofMinutes(1)).target(Quantity.percent(99))
                        .over(SloWindow.calendar(CalendarPeriod.DAY, BERLIN)))
                .build();
    }

    /** By hand: the samples whose slice (ending at the next whole minute) ended in {@code (from, at]}. */
    static long[] byHand(Instant from, Instant at) {
        long all = 0;
        long badSlices = 0;
        for (int minute = 0; minute < MINUTES; minute++) {
            Instant sliceEnd = T0.plusSeconds((minute + 1) * 60L);
            if (sliceEnd.isAfter(from) && !sliceEnd.isAfter(at)) {
                all++;
                badSlices += bad(minute) ? 1 : 0;
            }
        }
        return new long[] {all, badSlices};
    }

    @Test
    void inProcessPrometheusAndHandCountTheSameSlices() throws Exception {
        // given the samples, backfilled into a real Prometheus
        StringBuilder om = new StringBuilder("# TYPE api_latency_p99_seconds gauge\n");
        for (int minute = 0; minute < MINUTES; minute++) {
            om.append("api_latency_p99_seconds{job=\"api\"} ").append(bad(minute) ? "0.3" : "0.12").append(' ')
                    .append(sampleAt(minute).getEpochSecond()).append('\n');
        }
        om.append("# EOF\n");
        SloSet inPrometheus = slos("api_latency_p99_seconds{job=\"api\"}");
        SloEvaluator evaluator = SloEvaluator.withDefaults();
        Instant at = sampleAt(MINUTES - 1);

        // and the same values read in-process, at each sample's instant, as a monitor's rounds would
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        AtomicReference<Double> p99 = new AtomicReference<>(0.12);
        Gauge.builder("api.latency.p99", p99, AtomicReference::get).baseUnit("seconds").register(registry);
        MicrometerSource micrometer = MicrometerSource.builder(registry).countingSince(T0).build();
        SloSet inProcess = slos("api.latency.p99");
        List<SloResult> local = null;
        for (int minute = 0; minute < MINUTES; minute++) {
            p99.set(bad(minute) ? 0.3 : 0.12);
            local = evaluator.evaluate(inProcess, micrometer, sampleAt(minute)).results();
        }

        try (LocalServers.Server server = LocalServers.prometheus(dir, om.toString(), List.of());
             PrometheusSource prometheus = PrometheusSource.at(server.url()).timeout(Duration.ofSeconds(20)).build()) {
            // when
            List<SloResult> remote = evaluator.evaluate(inPrometheus, prometheus, at).results();

            // then, over the rolling day and the calendar day in Berlin
            Instant berlinMidnight = at.atZone(BERLIN).toLocalDate().atStartOfDay(BERLIN).toInstant();
            long[][] hand = {byHand(at.minus(Duration.ofDays(1)), at), byHand(berlinMidnight, at)};
            for (int i = 0; i < 2; i++) {
                ErrorBudget fromPrometheus = remote.get(i).errorBudget().orElseThrow(() -> new AssertionError(remote));
                ErrorBudget fromMicrometer = local.get(i).errorBudget().orElseThrow();
                String which = remote.get(i).name();
                assertThat(fromPrometheus.totalEvents()).as(which + " slices").isEqualTo(hand[i][0]);
                assertThat(fromPrometheus.badEvents()).as(which + " bad slices").isEqualTo(hand[i][1]);
                assertThat(fromMicrometer.totalEvents()).as(which + " slices in-process").isEqualTo(hand[i][0]);
                assertThat(fromMicrometer.badEvents()).as(which + " bad slices in-process").isEqualTo(hand[i][1]);
                assertThat(local.get(i).observed()).isEqualTo(remote.get(i).observed());
                assertThat(local.get(i).status()).isEqualTo(remote.get(i).status());
            }
            // the rolling day's 1440 slices hold the hour from minute 1500: the SLI is below 99%
            assertThat(hand[0][0]).isEqualTo(1440);
            assertThat(remote.get(0).status()).isEqualTo(io.smartspec.slo.evaluation.Status.BREACHED);

            // and the recording rule's expression for the day's bad slices counts them too
            SloSet rolling = SloSet.of("checkout", List.of(inPrometheus.find("p99-rolling").orElseThrow()));
            String badDay = PrometheusRules.forSpec(rolling).build().recordings().stream()
                    .filter(r -> r.record().equals("slo:sli_error:increase1d")
                            && r.labels().get("slo").equals("p99-rolling"))
                    .findFirst().orElseThrow().expr();
            Measurement recorded = prometheus.query(MetricQuery.value("api_latency_p99", badDay, at));
            assertThat(recorded).isEqualTo(Measurement.of(hand[0][1], Unit.NUMBER));
        }
    }
}
