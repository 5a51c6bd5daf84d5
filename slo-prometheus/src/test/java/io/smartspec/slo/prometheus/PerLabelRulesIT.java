package io.smartspec.slo.prometheus;

import io.smartspec.slo.MaintenanceWindow;
import io.smartspec.slo.Quantity;
import io.smartspec.slo.Slo;
import io.smartspec.slo.SloSet;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The rules of a per-label SLO ({@code group_by: [route]}) run by Prometheus's own rule engine
 * ({@code promtool test rules}): every recording and alert keeps the route, so one route burning its
 * budget fires exactly one alert, for that route, and the joins with the SLO's metadata (one series per
 * SLO) never meet two series with the same labels.
 */
class PerLabelRulesIT {

    /** A 1d SLO per route (promtool's engine loads too few samples for 30d of 5m steps). */
    private static final SloSet ONE_DAY_PER_ROUTE = SloSet.named("checkout")
            .slo("availability", s -> s
                    .ratio(Slo.bad("sum(rate(http_requests_total{job=\"checkout\",code=~\"5..\"}[{{window}}]))"),
                            Slo.total("sum(rate(http_requests_total{job=\"checkout\"}[{{window}}]))"))
                    .target(Quantity.percent(99.9)).over(Duration.ofDays(1)).minEvents(0).per("route")).build();

    /** The maintenance of both tests: 06:00-07:00. */
    private static final List<MaintenanceWindow> SIX_TO_SEVEN = List.of(MaintenanceWindow.between(
            Instant.ofEpochSecond(6 * 3600), Instant.ofEpochSecond(7 * 3600), "database migration"));

    private static Path promtool;

    @TempDir
    Path dir;

    @BeforeAll
    static void findPromtool() {
        promtool = Binaries.require("promtool");
    }

    static SloSet perRoute() {
        return SloSet.named("checkout").slo("availability", s -> s
                .ratio(Slo.bad("sum(rate(http_requests_total{job=\"checkout\",code=~\"5..\"}[{{window}}]))"),
                        Slo.total("sum(rate(http_requests_total{job=\"checkout\"}[{{window}}]))"))
                .target(Quantity.percent(99.9)).over(Duration.ofDays(30)).minEvents(0).per("route")).build();
    }

    private Binaries.Run test(String unitTest) throws Exception {
        return Binaries.promtoolTest(promtool, dir, PrometheusRules.forSpec(perRoute()).generate(), unitTest);
    }

    @Test
    void theRulesOfAPerLabelSloPassPromtoolCheck() throws Exception {
        // given
        Files.writeString(dir.resolve("rules.yaml"), PrometheusRules.forSpec(perRoute()).generate());
        // when
        Binaries.Run run = Binaries.run(dir, promtool.toString(), "check", "rules", "rules.yaml");
        // then
        assertThat(run.exitCode()).as(run.output()).isZero();
    }

    @Test
    void oneRouteBurningFiresExactlyOneAlertNamingThatRoute() throws Exception {
        // given: /pay and /cart each 600 good requests a minute; from 6h, /pay 1 error per 10 good (~91x)
        // and /cart none (it has no error series at all)
        Binaries.Run run = test("""
                rule_files: [rules.yaml]
                evaluation_interval: 1m
                tests:
                  - interval: 1m
                    input_series:
                      - series: 'http_requests_total{job="checkout",route="/pay",code="200"}'
                        values: '0+600x400'
                      - series: 'http_requests_total{job="checkout",route="/pay",code="500"}'
                        values: '0x360 60+60x40'
                      - series: 'http_requests_total{job="checkout",route="/cart",code="200"}'
                        values: '0+600x400'
                    promql_expr_test:
                      - expr: ALERTS
                        eval_time: 6h
                        exp_samples: []
                      - expr: ALERTS{severity="page"}
                        eval_time: 372m
                        exp_samples:
                          - labels: 'ALERTS{alertname="CheckoutAvailabilityErrorBudgetBurn",alertstate="firing",priority="P2",route="/pay",severity="page",slo="availability",spec_id="checkout"}'
                            value: 1
                      - expr: slo:sli_error:ratio_rate1h
                        eval_time: 6h
                        exp_samples:
                          - labels: 'slo:sli_error:ratio_rate1h{route="/pay",slo="availability",spec_id="checkout",window="1h"}'
                            value: 0
                          - labels: 'slo:sli_error:ratio_rate1h{route="/cart",slo="availability",spec_id="checkout",window="1h"}'
                            value: 0
                      - expr: slo:period_error_budget_remaining:ratio
                        eval_time: 6h
                        exp_samples:
                          - labels: 'slo:period_error_budget_remaining:ratio{route="/pay",slo="availability",spec_id="checkout",window="30d"}'
                            value: 1
                          - labels: 'slo:period_error_budget_remaining:ratio{route="/cart",slo="availability",spec_id="checkout",window="30d"}'
                            value: 1
                """);
        // then
        assertThat(run.exitCode()).as(run.output()).isZero();
    }
    @Test
    void withAMaintenanceWindowEachRouteKeepsItsEventsOutsideIt() throws Exception {
        // given: a 1d SLO per route (promtool loads too few samples for 30d of 5m steps), a window 06:00-07:00,
        // and 600 requests a minute on /pay and /cart, none failing
        Binaries.Run run = Binaries.promtoolTest(promtool, dir, PrometheusRules.forSpec(ONE_DAY_PER_ROUTE).maintenance(SIX_TO_SEVEN).generate(),
                """
                rule_files: [rules.yaml]
                evaluation_interval: 1m
                tests:
                  - interval: 1m
                    input_series:
                      - series: 'http_requests_total{job="checkout",route="/pay",code="200"}'
                        values: '0+600x300'
                      - series: 'http_requests_total{job="checkout",route="/cart",code="200"}'
                        values: '0+600x300'
                    promql_expr_test:
                      - expr: slo:sli_error:ratio_rate1h
                        eval_time: 5h
                        exp_samples:
                          - labels: 'slo:sli_error:ratio_rate1h{route="/pay",slo="availability",spec_id="checkout",window="1h"}'
                            value: 0
                          - labels: 'slo:sli_error:ratio_rate1h{route="/cart",slo="availability",spec_id="checkout",window="1h"}'
                            value: 0
                """);
        // then: the events of each route are kept (a labelless maintenance factor would match no route)
        assertThat(run.exitCode()).as(run.output()).isZero();
    }

    @Test
    void aRouteBurningThroughAWindowPagesOnlyAfterItAndOnlyForThatRoute() throws Exception {
        // given: a 1d SLO per route, a window 06:00-07:00, 600 requests a minute on /pay and /cart, and /pay
        // failing 60 of them a minute from 06:00 to 07:30 (100x the 1d budget's pace); /cart never fails
        Binaries.Run run = Binaries.promtoolTest(promtool, dir, PrometheusRules.forSpec(ONE_DAY_PER_ROUTE).maintenance(SIX_TO_SEVEN).generate(),
                """
                rule_files: [rules.yaml]
                evaluation_interval: 1m
                tests:
                  - interval: 1m
                    input_series:
                      - series: 'http_requests_total{job="checkout",route="/pay",code="200"}'
                        values: '0+600x360 216540+540x89 265200+600x29'
                      - series: 'http_requests_total{job="checkout",route="/pay",code="500"}'
                        values: '0x360 60+60x89 5400x29'
                      - series: 'http_requests_total{job="checkout",route="/cart",code="200"}'
                        values: '0+600x480'
                    promql_expr_test:
                      - expr: ALERTS
                        eval_time: 372m
                        exp_samples: []
                      - expr: ALERTS
                        eval_time: 419m
                        exp_samples: []
                      - expr: ALERTS{severity="page"}
                        eval_time: 432m
                        exp_samples:
                          - labels: 'ALERTS{alertname="CheckoutAvailabilityErrorBudgetBurn",alertstate="firing",priority="P2",route="/pay",severity="page",slo="availability",spec_id="checkout"}'
                            value: 1
                      - expr: ALERTS{route="/cart"}
                        eval_time: 432m
                        exp_samples: []
                """);
        // then: nothing inside the window, then one page, naming /pay
        assertThat(run.exitCode()).as(run.output()).isZero();

        // and the control: without the window the same burst pages /pay by 06:12, so the checks above can fail
        Binaries.Run control = Binaries.promtoolTest(promtool, dir, PrometheusRules.forSpec(ONE_DAY_PER_ROUTE).generate(),
                Files.readString(dir.resolve("test.yaml")));
        assertThat(control.exitCode()).as(control.output()).isNotZero();
        assertThat(control.output()).contains("expr: \"ALERTS\", time: 6h12m").contains("route=\"/pay\"");
    }
}
