package io.smartspec.slo.prometheus;

import static org.assertj.core.api.Assertions.assertThat;

import io.smartspec.slo.Quantity;
import io.smartspec.slo.SloSet;
import io.smartspec.slo.Unit;
import io.smartspec.slo.evaluation.ErrorBudget;
import io.smartspec.slo.evaluation.EvaluationRound;
import io.smartspec.slo.evaluation.SloEvaluator;
import io.smartspec.slo.evaluation.SloResult;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A per-label threshold counted in time slices, by {@link PrometheusSource} on a real Prometheus: each route
 * counts its own slices. Two hours of a p99 gauge per route (one sample a minute, at :30), backfilled: /cart
 * always 120 ms (good, under 200 ms), /pay 300 ms (bad) in every third minute; the counts are computed by hand.
 */
class PerLabelTimeSlicesIT {

    private static final int MINUTES = 2 * 60;
    /** Two hours of data ending an hour before now (recent enough for the server, old enough to be in blocks). */
    private static final Instant T0 = Instant.now().truncatedTo(ChronoUnit.HOURS).minus(Duration.ofHours(3));

    @TempDir
    Path dir;

    private static boolean payBad(int minute) {
        return minute % 3 == 0;
    }

    private static Instant sampleAt(int minute) {
        return T0.plusSeconds(minute * 60L + 30);
    }

    @Test
    void eachRouteCountsItsOwnSlicesOverPrometheus() throws Exception {
        // given
        StringBuilder om = new StringBuilder("# TYPE api_latency_p99_seconds gauge\n");
        for (int minute = 0; minute < MINUTES; minute++) {
            long t = sampleAt(minute).getEpochSecond();
            om.append("api_latency_p99_seconds{job=\"api\",route=\"/cart\"} 0.12 ").append(t).append('\n');
            om.append("api_latency_p99_seconds{job=\"api\",route=\"/pay\"} ").append(payBad(minute) ? "0.3" : "0.12")
                    .append(' ').append(t).append('\n');
        }
        om.append("# EOF\n");
        SloSet slos = SloSet.named("checkout").slo("p99", s -> s.metric("api_latency_p99",
                        "api_latency_p99_seconds{job=\"api\"}").unit(Unit.SECONDS).below(Duration.ofMillis(200))
                .timeslices(Duration.ofMinutes(1)).target(Quantity.percent(99)).over(Duration.ofHours(1))
                .per("route")).build();
        Instant at = sampleAt(MINUTES - 1);
        // by hand: the slices that ended in (at - 1h, at] are those of minutes 60..118 and of minute 59 (its slice
        // ends at minute 60, after at - 1h = minute 59:30): minutes 59..118, 60 slices; /pay's bad ones are the
        // multiples of 3 among them: 60, 63, ..., 117 = 20
        long slices = 0;
        long payBadSlices = 0;
        for (int minute = 0; minute < MINUTES; minute++) {
            Instant sliceEnd = T0.plusSeconds((minute + 1) * 60L);
            if (sliceEnd.isAfter(at.minus(Duration.ofHours(1))) && !sliceEnd.isAfter(at)) {
                slices++;
                payBadSlices += payBad(minute) ? 1 : 0;
            }
        }
        assertThat(slices).isEqualTo(60);
        assertThat(payBadSlices).isEqualTo(20);

        try (LocalServers.Server server = LocalServers.prometheus(dir, om.toString(), List.of());
             PrometheusSource prometheus = PrometheusSource.at(server.url()).timeout(Duration.ofSeconds(20)).build()) {
            // when
            EvaluationRound round = SloEvaluator.withDefaults().evaluate(slos, prometheus, at);

            // then
            assertThat(round.results()).extracting(SloResult::name)
                    .containsExactly("p99{route=\"/cart\"}", "p99{route=\"/pay\"}");
            ErrorBudget cart = round.result("p99{route=\"/cart\"}").orElseThrow().errorBudget()
                    .orElseThrow(() -> new AssertionError(round.results()));
            ErrorBudget pay = round.result("p99{route=\"/pay\"}").orElseThrow().errorBudget()
                    .orElseThrow(() -> new AssertionError(round.results()));
            assertThat(cart.totalEvents()).as("/cart's slices").isEqualTo(slices);
            assertThat(cart.badEvents()).as("/cart's bad slices").isEqualTo(0);
            assertThat(pay.totalEvents()).as("/pay's slices").isEqualTo(slices);
            assertThat(pay.badEvents()).as("/pay's bad slices").isEqualTo(payBadSlices);
        }
    }
}
