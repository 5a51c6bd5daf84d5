package io.smartspec.slo.prometheus;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.smartspec.slo.Priority;
import io.smartspec.slo.Problem;
import io.smartspec.slo.Quantity;
import io.smartspec.slo.SloSet;
import io.smartspec.slo.SloValidationException;
import io.smartspec.slo.SloWindow;
import io.smartspec.slo.Unit;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneId;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Rules for a threshold counted in time slices, run by Prometheus's rule engine ({@code promtool test rules}):
 * the slice counts are the ones computed by hand, and a burn of bad slices pages.
 */
class TimeSliceRulesIT {

    private static Path promtool;

    @TempDir
    Path dir;

    @BeforeAll
    static void findPromtool() {
        promtool = Binaries.require("promtool");
    }

    /**
     * p99 under 200 ms in 99% of the 1m slices of a day (promtool's test engine loads at most 10,000 samples a
     * query, fewer than the 43,200 slices of 30 days; a Prometheus server loads 50 million).
     */
    static SloSet slicedP99() {
        return SloSet.named("checkout")
                .slo("checkout-p99", s -> s.metric("api_latency_p99", "api_latency_p99_seconds{job=\"api\"}")
                        .unit(Unit.SECONDS).below(Duration.ofMillis(200))
                        .timeslices(Duration.ofMinutes(1)).target(Quantity.percent(99)).over(Duration.ofDays(1))
                        .priority(Priority.P1))
                .build();
    }

    /** One sample a minute from 0 to 120m: 0.3 s in minutes 3, 13, 23, ..., 113, else 0.1 s. */
    static String latencies(boolean withBadMinutes) {
        StringBuilder values = new StringBuilder();
        for (int minute = 0; minute <= 120; minute++) {
            values.append(minute == 0 ? "" : " ").append(withBadMinutes && minute % 10 == 3 ? "0.3" : "0.1");
        }
        return values.toString();
    }

    private Binaries.Run test(String unitTest) throws Exception {
        return Binaries.promtoolTest(promtool, dir, PrometheusRules.forSpec(slicedP99()).generate(), unitTest);
    }

    @Test
    void theGeneratedRulesPassPromtoolCheck() throws Exception {
        Files.writeString(dir.resolve("rules.yaml"), PrometheusRules.forSpec(slicedP99()).generate());

        Binaries.Run run = Binaries.run(dir, promtool.toString(), "check", "rules", "rules.yaml");

        assertThat(run.exitCode()).as(run.output()).isZero();
        assertThat(run.output()).contains("SUCCESS");
    }

    @Test
    void theSlicesAreCountedAsByHandAndABurnOfBadSlicesPages() throws Exception {
        // at 120m: the last hour holds the slices that ended at minutes 61..120, six of them (63, ..., 113) bad; the
        // day holds the slices that ended at 0..120, twelve bad. The 6h/30m page pair sees 12/121 and 3/30 bad
        // slices: 9.9x and 10x the 1% budget, above its factor 5% x 1d / 6h = 0.2 (the 1h/5m pair's 5 minutes hold
        // none)
        Binaries.Run run = test("""
                rule_files: [rules.yaml]
                evaluation_interval: 1m
                tests:
                  - interval: 1m
                    input_series:
                      - series: 'api_latency_p99_seconds{job="api"}'
                        values: '%s'
                    promql_expr_test:
                      - expr: slo:sli_total:increase1h{slo="checkout-p99"}
                        eval_time: 120m
                        exp_samples:
                          - labels: 'slo:sli_total:increase1h{slo="checkout-p99",spec_id="checkout",window="1h"}'
                            value: 60
                      - expr: slo:sli_error:increase1h{slo="checkout-p99"}
                        eval_time: 120m
                        exp_samples:
                          - labels: 'slo:sli_error:increase1h{slo="checkout-p99",spec_id="checkout",window="1h"}'
                            value: 6
                      - expr: slo:sli_error:increase1d{slo="checkout-p99"} / slo:sli_total:increase1d{slo="checkout-p99"}
                        eval_time: 120m
                        exp_samples:
                          - labels: '{slo="checkout-p99",spec_id="checkout",window="1d"}'
                            value: 0.09917355371900827
                      - expr: ALERTS{slo="checkout-p99",severity="page"}
                        eval_time: 120m
                        exp_samples:
                          - labels: 'ALERTS{alertname="CheckoutCheckoutP99ErrorBudgetBurn",alertstate="firing",priority="P1",severity="page",slo="checkout-p99",spec_id="checkout"}'
                            value: 1
                """.formatted(latencies(true)));

        assertThat(run.exitCode()).as(run.output()).isZero();
    }

    @Test
    void slicesThatAllMeetTheObjectiveFireNothing() throws Exception {
        Binaries.Run run = test("""
                rule_files: [rules.yaml]
                evaluation_interval: 1m
                tests:
                  - interval: 1m
                    input_series:
                      - series: 'api_latency_p99_seconds{job="api"}'
                        values: '%s'
                    promql_expr_test:
                      - expr: slo:sli_error:increase1d{slo="checkout-p99"}
                        eval_time: 120m
                        exp_samples:
                          - labels: 'slo:sli_error:increase1d{slo="checkout-p99",spec_id="checkout",window="1d"}'
                            value: 0
                      - expr: ALERTS{slo="checkout-p99"}
                        eval_time: 120m
                        exp_samples: []
                """.formatted(latencies(false)));

        assertThat(run.exitCode()).as(run.output()).isZero();
    }

    @Test
    void aCalendarWindowIsRefusedSayingWhyRatherThanApproximated() {
        SloSet calendar = SloSet.named("checkout")
                .slo("availability", s -> s.ratio(io.smartspec.slo.Slo.good("sum(increase(ok_total[{{window}}]))"),
                                io.smartspec.slo.Slo.total("sum(increase(all_total[{{window}}]))"))
                        .target(Quantity.percent(99.9)).over(SloWindow.calendarMonth(ZoneId.of("Europe/Berlin"))))
                .build();

        SloValidationException e = catchThrowableOfType(SloValidationException.class,
                () -> PrometheusRules.forSpec(calendar).generate());

        assertThat(e.problems()).extracting(Problem::toString).containsExactly(
                "slo 'availability': window: calendar month (Europe/Berlin) cannot be written as Prometheus rules: "
                        + "PromQL has no range that starts at a calendar boundary");
    }
}
