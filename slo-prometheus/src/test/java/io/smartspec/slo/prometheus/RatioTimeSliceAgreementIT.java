package io.smartspec.slo.prometheus;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.smartspec.slo.Quantity;
import io.smartspec.slo.Slo;
import io.smartspec.slo.SloSet;
import io.smartspec.slo.evaluation.ErrorBudget;
import io.smartspec.slo.evaluation.SloEvaluator;
import io.smartspec.slo.evaluation.SloResult;
import io.smartspec.slo.evaluation.Status;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A ratio SLO counted in time slices, on a real Prometheus with three hours of request counters backfilled (four
 * samples a minute, at :05, :20, :35 and :50), against a count by hand: with {@code timeslices(1m, 90%)} a slice is
 * good when its own share of good requests is at least 90%, and the SLI is the share of good slices; with
 * {@code ratioTimeslices(1m)} (OpenSLO's RatioTimeslices) the SLI is the mean of the slices' shares. Minutes without
 * requests count neither way. Each minute's requests arrive evenly within it, so the share Prometheus sees between
 * the minute's own samples is the minute's share.
 */
class RatioTimeSliceAgreementIT {

    private static final int MINUTES = 3 * 60;
    /** Three hours of data ending an hour before now. */
    private static final Instant T0 = Instant.now().truncatedTo(ChronoUnit.HOURS).minus(Duration.ofHours(4));
    private static final Duration WINDOW = Duration.ofHours(2);

    @TempDir
    Path dir;

    /** Requests per 15 s in a minute: {ok, failed}. No requests in every 11th minute from 4; 80% ok in every 7th
     * minute from 3 and for ten minutes from 100; 95% in every 5th minute from 1; else all ok. */
    static int[] perStep(int minute) {
        if (minute % 11 == 4) {
            return new int[] {0, 0};
        }
        if (minute % 7 == 3 || minute >= 100 && minute < 110) {
            return new int[] {8, 2};
        }
        if (minute % 5 == 1) {
            return new int[] {19, 1};
        }
        return new int[] {10, 0};
    }

    static Instant sample(int minute, int step) {
        return T0.plusSeconds(minute * 60L + 5 + 15L * step);
    }

    static SloSet slos() {
        String ok = "requests_total{job=\"api\",outcome=\"ok\"}";
        String failed = "requests_total{job=\"api\",outcome=\"failed\"}";
        String all = "requests_total{job=\"api\"}";
        return SloSet.named("checkout")
                .slo("good-minutes", s -> s.ratio(Slo.good(ok), Slo.total(all)).target(Quantity.percent(95))
                        .timeslices(Duration.ofMinutes(1), Quantity.percent(90)).over(WINDOW))
                .slo("mean-of-minutes", s -> s.ratio(Slo.bad(failed), Slo.total(all)).target(Quantity.percent(99))
                        .ratioTimeslices(Duration.ofMinutes(1)).over(WINDOW))
                .build();
    }

    @Test
    void prometheusCountsTheSlicesOfARatioAsCountedByHand() throws Exception {
        // given the counters, backfilled (starting high, so that no extrapolation stops at zero)
        StringBuilder om = new StringBuilder("# TYPE requests counter\n");
        long okCount = 1_000_000;
        long failedCount = 1_000_000;
        StringBuilder failedLines = new StringBuilder();
        for (int minute = 0; minute < MINUTES; minute++) {
            int[] step = perStep(minute);
            for (int k = 0; k < 4; k++) {
                okCount += step[0];
                failedCount += step[1];
                long t = sample(minute, k).getEpochSecond();
                om.append("requests_total{job=\"api\",outcome=\"ok\"} ").append(okCount).append(' ').append(t)
                        .append('\n');
                failedLines.append("requests_total{job=\"api\",outcome=\"failed\"} ").append(failedCount).append(' ')
                        .append(t).append('\n');
            }
        }
        om.append(failedLines).append("# EOF\n");
        Instant at = sample(MINUTES - 1, 3);

        // and by hand: the minutes whose slice (ending at the next whole minute) ended in (at - 2h, at]
        Instant from = at.minus(WINDOW);
        long slices = 0;
        long badSlices = 0;
        double sumOfShares = 0;
        for (int minute = 0; minute < MINUTES; minute++) {
            Instant end = T0.plusSeconds((minute + 1) * 60L);
            int[] step = perStep(minute);
            if (!end.isAfter(from) || end.isAfter(at) || step[0] + step[1] == 0) {
                continue;
            }
            double share = (double) step[0] / (step[0] + step[1]);
            slices++;
            badSlices += share < 0.9 ? 1 : 0;
            sumOfShares += share;
        }

        try (LocalServers.Server server = LocalServers.prometheus(dir, om.toString(), List.of());
             PrometheusSource prometheus = PrometheusSource.at(server.url()).timeout(Duration.ofSeconds(20)).build()) {
            // when
            List<SloResult> results = SloEvaluator.withDefaults().evaluate(slos(), prometheus, at).results();

            // then: 120 slices, of which the idle ones have no value
            assertThat(slices).isEqualTo(120 - 11);
            ErrorBudget counted = results.get(0).errorBudget().orElseThrow(() -> new AssertionError(results));
            assertThat(counted.totalEvents()).as("slices with requests").isEqualTo(slices);
            assertThat(counted.badEvents()).as("slices under 90%").isEqualTo(badSlices);
            // a slice in five or so is under 90%: far from 95% good slices
            assertThat(results.get(0).status()).isEqualTo(Status.BREACHED);

            ErrorBudget mean = results.get(1).errorBudget().orElseThrow(() -> new AssertionError(results));
            assertThat(mean.totalEvents()).as("slices with requests").isEqualTo(slices);
            assertThat(mean.sli()).as("mean of the slices' shares").isCloseTo(sumOfShares / slices, within(1e-9));
            assertThat(results.get(1).status()).isEqualTo(Status.BREACHED);
        }
    }
}
