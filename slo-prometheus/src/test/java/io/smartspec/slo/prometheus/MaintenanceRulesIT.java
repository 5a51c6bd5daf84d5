package io.smartspec.slo.prometheus;

import static org.assertj.core.api.Assertions.assertThat;

import io.smartspec.slo.CronSchedule;
import io.smartspec.slo.MaintenanceWindow;
import io.smartspec.slo.SloSet;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The maintenance windows of the generated rules, run by Prometheus's rule engine ({@code promtool test
 * rules}, whose time starts at 1970-01-01T00:00Z): no alert inside a window, the events of a window left out
 * of every burn-rate window afterwards, and an alert once a breach outlasts the window.
 */
class MaintenanceRulesIT {

    private static final String PAGE = "ALERTS{alertname=\"CheckoutAvailabilityErrorBudgetBurn\",alertstate=\"firing\","
            + "priority=\"P1\",severity=\"page\",slo=\"availability\",spec_id=\"checkout\"}";
    /** 06:00-07:00 on promtool's first day. */
    private static final MaintenanceWindow SIX_TO_SEVEN = MaintenanceWindow.between(Instant.ofEpochSecond(6 * 3600),
            Instant.ofEpochSecond(7 * 3600), "database migration");

    private static Path promtool;

    @TempDir
    Path dir;

    @BeforeAll
    static void findPromtool() {
        promtool = Binaries.require("promtool");
    }

    private Binaries.Run test(PrometheusRules rules, String unitTest) throws Exception {
        return Binaries.promtoolTest(promtool, dir, rules.generate(), unitTest);
    }

    /**
     * The checkout's availability over 1d: promtool's engine loads at most 10,000 samples a query, too few
     * for the 30d window's subquery of 5m steps (Prometheus's default allows 50 million).
     */
    private static PrometheusRules availability(MaintenanceWindow... windows) {
        io.smartspec.slo.Slo a = Checkout.slos().find("availability").orElseThrow();
        io.smartspec.slo.Slo oneDay = io.smartspec.slo.Slo.named("availability")
                .ratio(io.smartspec.slo.Slo.bad(((io.smartspec.slo.Indicator.EventsRatio) a.indicator()).eventsQuery()),
                        io.smartspec.slo.Slo.total(((io.smartspec.slo.Indicator.EventsRatio) a.indicator()).totalQuery()))
                .target(io.smartspec.slo.Quantity.percent(99.9)).over(Duration.ofDays(1))
                .priority(io.smartspec.slo.Priority.P1).build();
        return PrometheusRules.forSpec(SloSet.of("checkout", List.of(oneDay))).maintenance(List.of(windows));
    }

    /** 600 requests a minute for 8h; 60 of them errors a minute from 06:00 for {@code errorMinutes}. */
    private static String traffic(int errorMinutes) {
        return """
                      - series: 'http_requests_total{job="checkout",code="200"}'
                        values: '0+600x480'
                      - series: 'http_requests_total{job="checkout",code="500"}'
                        values: '0x360 60+60x%d 0x%d'
                """.formatted(errorMinutes - 1, 480 - 360 - errorMinutes).replace("0x" + (480 - 360 - errorMinutes),
                (60 * errorMinutes) + "x" + (480 - 360 - errorMinutes));
    }

    @Test
    void aBurstInsideTheWindowPagesNeitherDuringItNorAfterIt() throws Exception {
        // given 40 minutes of 10% errors from 06:00, inside the window: without it this pages by 06:12
        Binaries.Run run = test(availability(SIX_TO_SEVEN), """
                rule_files: [rules.yaml]
                evaluation_interval: 1m
                tests:
                  - interval: 1m
                    input_series:
                %s
                    promql_expr_test:
                      - expr: slo_maintenance{slo="availability"}
                        eval_time: 370m
                        exp_samples:
                          - labels: 'slo_maintenance{slo="availability",spec_id="checkout"}'
                            value: 1
                      - expr: slo_maintenance{slo="availability"}
                        eval_time: 430m
                        exp_samples:
                          - labels: 'slo_maintenance{slo="availability",spec_id="checkout"}'
                            value: 0
                      - expr: ALERTS{slo="availability"}
                        eval_time: 372m
                        exp_samples: []
                      - expr: ALERTS{slo="availability"}
                        eval_time: 425m
                        exp_samples: []
                      - expr: ALERTS{slo="availability"}
                        eval_time: 470m
                        exp_samples: []
                      - expr: slo:sli_error:increase1h{slo="availability"}
                        eval_time: 470m
                        exp_samples:
                          - labels: 'slo:sli_error:increase1h{slo="availability",spec_id="checkout",window="1h"}'
                            value: 0
                """.formatted(traffic(40).indent(4)));
        assertThat(run.exitCode()).as(run.output()).isZero();
    }

    @Test
    void withoutTheWindowTheSameBurstPages() throws Exception {
        // the control: the test above can fail
        Binaries.Run run = test(availability(), """
                rule_files: [rules.yaml]
                evaluation_interval: 1m
                tests:
                  - interval: 1m
                    input_series:
                %s
                    promql_expr_test:
                      - expr: ALERTS{slo="availability",severity="page"}
                        eval_time: 372m
                        exp_samples:
                          - labels: '%s'
                            value: 1
                """.formatted(traffic(40).indent(4), PAGE));
        assertThat(run.exitCode()).as(run.output()).isZero();
    }

    @Test
    void aBurstThatOutlastsTheWindowPagesOnceItHasEnded() throws Exception {
        // given errors from 06:00 to 07:30: silent until 07:00, then the errors after the window page
        Binaries.Run run = test(availability(SIX_TO_SEVEN), """
                rule_files: [rules.yaml]
                evaluation_interval: 1m
                tests:
                  - interval: 1m
                    input_series:
                %s
                    promql_expr_test:
                      - expr: ALERTS{slo="availability"}
                        eval_time: 419m
                        exp_samples: []
                      - expr: ALERTS{slo="availability",severity="page"}
                        eval_time: 432m
                        exp_samples:
                          - labels: '%s'
                            value: 1
                """.formatted(traffic(90).indent(4), PAGE));
        assertThat(run.exitCode()).as(run.output()).isZero();
    }

    @Test
    void aThresholdAlertIsSilentInsideTheWindowAndWaitsItsForAfterIt() throws Exception {
        // given a queue too deep all along, and a window from 00:10 to 00:40
        PrometheusRules rules = PrometheusRules.forSpec(SloSet.of("checkout", List.of(Checkout.slos()
                .find("queue-depth").orElseThrow()))).maintenance(List.of(MaintenanceWindow.between(
                Instant.ofEpochSecond(600), Instant.ofEpochSecond(2400), "queue migration")));
        String alert = "ALERTS{alertname=\"CheckoutQueueDepthThresholdMissed\",alertstate=\"%s\",priority=\"P3\","
                + "severity=\"ticket\",slo=\"queue-depth\",spec_id=\"checkout\"}";
        Binaries.Run run = test(rules, """
                rule_files: [rules.yaml]
                evaluation_interval: 1m
                tests:
                  - interval: 1m
                    input_series:
                      - series: 'checkout_queue_depth'
                        values: '500x60'
                    promql_expr_test:
                      - expr: ALERTS{slo="queue-depth"}
                        eval_time: 7m
                        exp_samples:
                          - labels: '%s'
                            value: 1
                      - expr: ALERTS{slo="queue-depth"}
                        eval_time: 25m
                        exp_samples: []
                      - expr: ALERTS{slo="queue-depth"}
                        eval_time: 42m
                        exp_samples:
                          - labels: '%s'
                            value: 1
                      - expr: ALERTS{slo="queue-depth"}
                        eval_time: 46m
                        exp_samples:
                          - labels: '%s'
                            value: 1
                """.formatted(alert.formatted("firing"), alert.formatted("pending"), alert.formatted("firing")));
        assertThat(run.exitCode()).as(run.output()).isZero();
    }

    @Test
    void aWeeklyWindowInBerlinIsInForceExactlyWhenTheEvaluatorSaysSo() throws Exception {
        // given Sundays 02:00-04:00 in Berlin, checked by Prometheus at instants around both changes of the clocks
        MaintenanceWindow.Recurring sundays = MaintenanceWindow.every(CronSchedule.parse("0 2 * * SUN"),
                Duration.ofHours(2), ZoneId.of("Europe/Berlin"), "weekly upkeep");
        String expr = io.smartspec.slo.prometheus.internal.MaintenancePromQl.activeVector(List.of(sundays),
                "(time() + AT)");
        StringBuilder tests = new StringBuilder();
        List<String> instants = List.of("2026-03-22T00:59:00Z", "2026-03-22T01:00:00Z", "2026-03-22T02:59:00Z",
                "2026-03-22T03:00:00Z", "2026-03-29T00:59:00Z", "2026-03-29T01:00:00Z", "2026-03-29T01:59:00Z",
                "2026-03-29T02:00:00Z", "2026-04-05T00:00:00Z", "2026-04-05T01:59:00Z", "2026-04-05T02:00:00Z",
                "2026-10-24T23:59:00Z", "2026-10-25T00:00:00Z", "2026-10-25T02:59:00Z", "2026-10-25T03:00:00Z",
                "2026-10-27T02:00:00Z");
        for (String at : instants) {
            Instant i = Instant.parse(at);
            // promtool evaluates at 0; the expression is shifted to the instant
            tests.append("""
                          - expr: '%s'
                            eval_time: 0m
                            exp_samples:
                              - labels: '{}'
                                value: %d
                    """.formatted(expr.replace("AT", Long.toString(i.getEpochSecond())), sundays.isActiveAt(i) ? 1 : 0));
        }
        Files.writeString(dir.resolve("rules.yaml"), "groups: []\n");
        Files.writeString(dir.resolve("test.yaml"), """
                rule_files: [rules.yaml]
                tests:
                  - interval: 1m
                    input_series: []
                    promql_expr_test:
                %s""".formatted(tests));
        Binaries.Run run = Binaries.run(dir, promtool.toString(), "test", "rules", "test.yaml");
        assertThat(run.exitCode()).as(run.output()).isZero();
        assertThat(instants.stream().filter(a -> sundays.isActiveAt(Instant.parse(a))).count()).isEqualTo(8);
    }
}
