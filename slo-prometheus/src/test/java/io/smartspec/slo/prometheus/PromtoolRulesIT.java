package io.smartspec.slo.prometheus;

import io.smartspec.slo.SloSet;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The generated rules, run by Prometheus's own rule engine ({@code promtool test rules}): a fast burn
 * pages within the expected minutes, a slow burn opens a ticket without paging, a healthy service
 * fires nothing, and a threshold alert waits for its {@code for:}.
 */
class PromtoolRulesIT {

    private static final String PAGE = "ALERTS{alertname=\"CheckoutAvailabilityErrorBudgetBurn\",alertstate=\"firing\","
            + "priority=\"P1\",severity=\"page\",slo=\"availability\",spec_id=\"checkout\"}";
    private static final String TICKET = PAGE.replace("severity=\"page\"", "severity=\"ticket\"");

    private static Path promtool;

    @TempDir
    Path dir;

    @BeforeAll
    static void findPromtool() {
        promtool = Binaries.require("promtool");
    }

    private void writeRules(SloSet slos) throws Exception {
        Files.writeString(dir.resolve("rules.yaml"), PrometheusRules.forSpec(slos).generate());
    }

    private static SloSet availabilityOnly() {
        return SloSet.of("checkout", List.of(Checkout.slos().find("availability").orElseThrow()));
    }

    private Binaries.Run test(String unitTest) throws Exception {
        Files.writeString(dir.resolve("test.yaml"), unitTest);
        return Binaries.run(dir, promtool.toString(), "test", "rules", "test.yaml");
    }

    @Test
    void everyGeneratedRuleFilePassesPromtoolCheck() throws Exception {
        // given
        writeRules(Checkout.slos());
        // when
        Binaries.Run run = Binaries.run(dir, promtool.toString(), "check", "rules", "rules.yaml");
        // then
        assertThat(run.exitCode()).as(run.output()).isZero();
        assertThat(run.output()).contains("SUCCESS: " + PrometheusRules.forSpec(Checkout.slos()).build().rules().size()
                + " rules found");
    }

    @Test
    void aFastBurnPagesWithinTwelveMinutesButNotWithinFive() throws Exception {
        // given 6h of healthy traffic (600/min), then 1 error for every 10 good requests (burn rate ~91x)
        writeRules(availabilityOnly());
        // when
        Binaries.Run run = test("""
                rule_files: [rules.yaml]
                evaluation_interval: 1m
                tests:
                  - interval: 1m
                    input_series:
                      - series: 'http_requests_total{job="checkout",code="200"}'
                        values: '0+600x400'
                      - series: 'http_requests_total{job="checkout",code="500"}'
                        values: '0x360 60+60x40'
                    promql_expr_test:
                      - expr: ALERTS{slo="availability"}
                        eval_time: 6h
                        exp_samples: []
                      - expr: ALERTS{slo="availability",severity="page"}
                        eval_time: 365m
                        exp_samples: []
                      - expr: ALERTS{slo="availability",severity="page"}
                        eval_time: 372m
                        exp_samples:
                          - labels: '%s'
                            value: 1
                """.formatted(PAGE));
        // then
        assertThat(run.exitCode()).as(run.output()).isZero();
    }

    @Test
    void aSlowBurnOpensATicketAndNeverPages() throws Exception {
        // given 1d of healthy traffic, then 0.5% errors: burn rate 5, above the ticket factors (3 and 1)
        // and below the page factors (14.4 and 6)
        writeRules(availabilityOnly());
        // when
        Binaries.Run run = test("""
                rule_files: [rules.yaml]
                evaluation_interval: 1m
                tests:
                  - interval: 1m
                    input_series:
                      - series: 'http_requests_total{job="checkout",code="200"}'
                        values: '0+995x1920'
                      - series: 'http_requests_total{job="checkout",code="500"}'
                        values: '0x1440 5+5x480'
                    promql_expr_test:
                      - expr: ALERTS{slo="availability"}
                        eval_time: 25h
                        exp_samples: []
                      - expr: ALERTS{slo="availability"}
                        eval_time: 28h
                        exp_samples: []
                      - expr: ALERTS{slo="availability"}
                        eval_time: 32h
                        exp_samples:
                          - labels: '%s'
                            value: 1
                """.formatted(TICKET));
        // then
        assertThat(run.exitCode()).as(run.output()).isZero();
    }

    @Test
    void aHealthyServiceFiresNothing() throws Exception {
        // given 0.05% errors all day: half the budget's pace
        writeRules(availabilityOnly());
        // when
        Binaries.Run run = test("""
                rule_files: [rules.yaml]
                evaluation_interval: 1m
                tests:
                  - interval: 1m
                    input_series:
                      - series: 'http_requests_total{job="checkout",code="200"}'
                        values: '0+1999x1440'
                      - series: 'http_requests_total{job="checkout",code="500"}'
                        values: '0+1x1440'
                    promql_expr_test:
                      - expr: ALERTS
                        eval_time: 10m
                        exp_samples: []
                      - expr: ALERTS
                        eval_time: 6h
                        exp_samples: []
                      - expr: ALERTS
                        eval_time: 24h
                        exp_samples: []
                      - expr: slo:sli_error:ratio_rate1h
                        eval_time: 24h
                        exp_samples:
                          - labels: 'slo:sli_error:ratio_rate1h{slo="availability",spec_id="checkout",window="1h"}'
                            value: 0.0005
                """);
        // then
        assertThat(run.exitCode()).as(run.output()).isZero();
    }

    @Test
    void aThresholdAlertFiresOnlyAfterItsForDuration() throws Exception {
        // given a queue depth of 50, then 150 from minute 10 (objective <= 100, for 5m, P3 -> ticket)
        writeRules(SloSet.of("checkout", List.of(Checkout.slos().find("queue-depth").orElseThrow())));
        // when
        Binaries.Run run = test("""
                rule_files: [rules.yaml]
                evaluation_interval: 1m
                tests:
                  - interval: 1m
                    input_series:
                      - series: 'checkout_queue_depth{instance="a"}'
                        values: '50x9 150x20'
                    alert_rule_test:
                      - alertname: CheckoutQueueDepthThresholdMissed
                        eval_time: 9m
                        exp_alerts: []
                      - alertname: CheckoutQueueDepthThresholdMissed
                        eval_time: 13m
                        exp_alerts: []
                    promql_expr_test:
                      - expr: ALERTS{alertname="CheckoutQueueDepthThresholdMissed"}
                        eval_time: 13m
                        exp_samples:
                          - labels: 'ALERTS{alertname="CheckoutQueueDepthThresholdMissed",alertstate="pending",priority="P3",severity="ticket",slo="queue-depth",spec_id="checkout"}'
                            value: 1
                      - expr: ALERTS{alertname="CheckoutQueueDepthThresholdMissed"}
                        eval_time: 16m
                        exp_samples:
                          - labels: 'ALERTS{alertname="CheckoutQueueDepthThresholdMissed",alertstate="firing",priority="P3",severity="ticket",slo="queue-depth",spec_id="checkout"}'
                            value: 1
                """);
        // then
        assertThat(run.exitCode()).as(run.output()).isZero();
    }

    private static SloSet requests(String name, double targetPercent, java.time.Duration period, long minEvents) {
        return SloSet.named("checkout").slo(name, s -> s
                .ratio(io.smartspec.slo.Slo.bad("http_requests_total{job=\"checkout\",code=~\"5..\"}"),
                        io.smartspec.slo.Slo.total("http_requests_total{job=\"checkout\"}"))
                .target(io.smartspec.slo.Quantity.percent(targetPercent)).over(period).minEvents(minEvents)).build();
    }

    @Test
    void thePeriodSliCountsEventsAndSurvivesAnIdleFiveMinutes() throws Exception {
        // given a 30d SLO of 99.9%: 60 min of 1000 good requests a minute, 5 idle minutes, then 60 min
        // of 100 good and 10 bad a minute (the window label stays on the period's budget, as Sloth's). Over the period: 600 bad of 60000 + 6600 = 66600 events.
        // Traffic then stops for 6 minutes before the check: the budget reads a recording of another group,
        // which promtool may evaluate before or after it in the same step, so the inputs must be settled.
        // A time average of 5m ratios (Sloth's) is NaN for 30 days after the idle minutes, and ~0.045
        // before them; the evaluator's ratio is 600 / 66600.
        writeRules(requests("availability", 99.9, java.time.Duration.ofDays(30), 0));
        // when
        Binaries.Run run = test("""
                rule_files: [rules.yaml]
                evaluation_interval: 1m
                tests:
                  - interval: 1m
                    input_series:
                      - series: 'http_requests_total{job="checkout",code="200"}'
                        values: '0+1000x60 60000x4 60100+100x59 66000x6'
                      - series: 'http_requests_total{job="checkout",code="500"}'
                        values: '0x65 10+10x59 600x6'
                    promql_expr_test:
                      - expr: slo:sli_error:ratio_rate30d
                        eval_time: 130m
                        exp_samples:
                          - labels: 'slo:sli_error:ratio_rate30d{slo="availability",spec_id="checkout",window="30d"}'
                            value: %s
                      - expr: slo:period_error_budget_remaining:ratio
                        eval_time: 130m
                        exp_samples:
                          - labels: 'slo:period_error_budget_remaining:ratio{slo="availability",spec_id="checkout",window="30d"}'
                            value: %s
                      - expr: slo:sli_error:ratio_rate5m
                        eval_time: 65m
                        exp_samples: []
                      - expr: slo:period_error_budget_remaining:ratio
                        eval_time: 65m
                        exp_samples:
                          - labels: 'slo:period_error_budget_remaining:ratio{slo="availability",spec_id="checkout",window="30d"}'
                            value: 1
                """.formatted(600.0 / 66600, 1 - (600.0 / 66600) / 0.001));
        // then
        assertThat(run.exitCode()).as(run.output()).isZero();
    }

    @Test
    void aOneHourSloWithOneFailureInTenThousandFiresNothingAsTheEvaluatorSaysMet() throws Exception {
        // given 99% over 1h, 500 good requests a minute and one failure at minute 10: burn rate 0.01,
        // under the 1h/5m page (0.02 for a 1h period). The pairs with longer windows (6h/30m: 0.0083,
        // tickets) do not fit the period: the evaluator never judges them and the rules must not fire them.
        writeRules(requests("hourly", 99, java.time.Duration.ofHours(1), 0));
        // when
        Binaries.Run run = test("""
                rule_files: [rules.yaml]
                evaluation_interval: 1m
                tests:
                  - interval: 1m
                    input_series:
                      - series: 'http_requests_total{job="checkout",code="200"}'
                        values: '0+500x20'
                      - series: 'http_requests_total{job="checkout",code="500"}'
                        values: '0x9 1x11'
                    promql_expr_test:
                      - expr: ALERTS
                        eval_time: 20m
                        exp_samples: []
                      - expr: slo:sli_error:ratio_rate1h
                        eval_time: 20m
                        exp_samples:
                          - labels: 'slo:sli_error:ratio_rate1h{slo="hourly",spec_id="checkout",window="1h"}'
                            value: %s
                """.formatted(1.0 / 10001));
        // then
        assertThat(run.exitCode()).as(run.output()).isZero();
    }

    @Test
    void fewerEventsThanMinEventsNeitherPageNorJudgeThePeriod() throws Exception {
        // given one request a minute, each failing, for 30 minutes: 30 events, fewer than 100
        writeRules(requests("availability", 99.9, java.time.Duration.ofDays(30), 100));
        // when
        Binaries.Run run = test("""
                rule_files: [rules.yaml]
                evaluation_interval: 1m
                tests:
                  - interval: 1m
                    input_series:
                      - series: 'http_requests_total{job="checkout",code="500"}'
                        values: '0+1x30'
                    promql_expr_test:
                      - expr: ALERTS
                        eval_time: 30m
                        exp_samples: []
                      - expr: slo:period_error_budget_remaining:ratio
                        eval_time: 30m
                        exp_samples: []
                      - expr: slo:sli_total:increase30d
                        eval_time: 30m
                        exp_samples:
                          - labels: 'slo:sli_total:increase30d{slo="availability",spec_id="checkout",window="30d"}'
                            value: 30
                """);
        // then
        assertThat(run.exitCode()).as(run.output()).isZero();
    }

    @Test
    void withoutMinEventsTheSameFailuresPage() throws Exception {
        // given the traffic above and no minimum: every failure counts
        writeRules(requests("availability", 99.9, java.time.Duration.ofDays(30), 0));
        // when
        Binaries.Run run = test("""
                rule_files: [rules.yaml]
                evaluation_interval: 1m
                tests:
                  - interval: 1m
                    input_series:
                      - series: 'http_requests_total{job="checkout",code="500"}'
                        values: '0+1x30'
                    promql_expr_test:
                      - expr: ALERTS{severity="page"}
                        eval_time: 30m
                        exp_samples:
                          - labels: 'ALERTS{alertname="CheckoutAvailabilityErrorBudgetBurn",alertstate="firing",priority="P2",severity="page",slo="availability",spec_id="checkout"}'
                            value: 1
                """);
        // then
        assertThat(run.exitCode()).as(run.output()).isZero();
    }
}
