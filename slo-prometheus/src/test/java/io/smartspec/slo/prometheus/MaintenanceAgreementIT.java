package io.smartspec.slo.prometheus;

import static io.smartspec.slo.Slo.bad;
import static io.smartspec.slo.Slo.total;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.smartspec.slo.MaintenanceCalendar;
import io.smartspec.slo.MaintenanceWindow;
import io.smartspec.slo.Priority;
import io.smartspec.slo.Quantity;
import io.smartspec.slo.Slo;
import io.smartspec.slo.SloSet;
import io.smartspec.slo.evaluation.ErrorBudget;
import io.smartspec.slo.evaluation.SloEvaluator;
import io.smartspec.slo.evaluation.SloResult;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real Prometheus with 25 hours of backfilled traffic — 100 requests a minute, 1 of them an error, and
 * 30 errors of the 100 a minute from T0+20h to T0+21h, the hour of a maintenance window — asked at T0+24h for the
 * 1d availability three ways that must agree: by hand (the burst left out: 1380 errors of 138,000
 * requests, 99%), by the evaluator over {@link PrometheusSource} with the window excluded (the 1d count
 * less the window's count), and by the expressions of the generated recording rules (5m steps that
 * start outside the window, summed).
 */
class MaintenanceAgreementIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Instant T0 = Instant.now().truncatedTo(ChronoUnit.HOURS).minus(Duration.ofHours(30));
    private static final Instant AT = T0.plus(Duration.ofHours(24));
    private static final MaintenanceWindow BURST_HOUR = MaintenanceWindow.between(T0.plus(Duration.ofHours(20)),
            T0.plus(Duration.ofHours(21)), "database migration");

    @TempDir
    Path dir;

    private static final Slo AVAILABILITY = Slo.named("availability")
            .ratio(bad("sum(increase(http_requests_total{job=\"api\",code=~\"5..\"}[{{window}}]))"),
                    total("sum(increase(http_requests_total{job=\"api\"}[{{window}}]))"))
            .target(Quantity.percent(99)).over(Duration.ofDays(1)).priority(Priority.P1).build();

    private static String openMetrics() {
        StringBuilder w = new StringBuilder("# TYPE http_requests counter\n");
        int minutes = 25 * 60;
        long good = 0;
        for (int m = 0; m <= minutes; m++) {
            w.append("http_requests_total{job=\"api\",code=\"200\"} ").append(good).append(' ').append(ts(m)).append('\n');
            good += m >= 20 * 60 && m < 21 * 60 ? 70 : 99;
        }
        long errors = 0;
        for (int m = 0; m <= minutes; m++) {
            w.append("http_requests_total{job=\"api\",code=\"500\"} ").append(errors).append(' ').append(ts(m))
                    .append('\n');
            errors += m >= 20 * 60 && m < 21 * 60 ? 30 : 1;
        }
        return w.append("# EOF\n").toString();
    }

    private static long ts(int minute) {
        return T0.plusSeconds(60L * minute).getEpochSecond();
    }

    private static double instantQuery(String url, String expr, Instant at) throws Exception {
        HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(url
                + "/api/v1/query?query=" + URLEncoder.encode(expr, StandardCharsets.UTF_8) + "&time="
                + at.getEpochSecond())).build(), HttpResponse.BodyHandlers.ofString());
        JsonNode body = JSON.readTree(r.body());
        assertThat(body.path("status").asText()).as(r.body()).isEqualTo("success");
        JsonNode result = body.path("data").path("result");
        assertThat(result).as(expr + " -> " + r.body()).hasSize(1);
        return result.get(0).path("value").get(1).asDouble();
    }

    private static String recording(RuleFile rules, String name) {
        return rules.recordings().stream().filter(r -> r.record().equals(name) && "1d".equals(r.labels().get("window")))
                .findFirst().orElseThrow().expr();
    }

    @Test
    void theEvaluatorAndTheGeneratedRulesLeaveTheSameMaintenanceOutOfTheBudget() throws Exception {
        SloSet slos = SloSet.of("api", List.of(AVAILABILITY));
        RuleFile rules = PrometheusRules.forSpec(slos).maintenance(List.of(BURST_HOUR)).build();
        Files.writeString(dir.resolve("rules.yaml"), rules.toYaml());
        try (LocalServers.Server prometheus = LocalServers.prometheus(dir, openMetrics(), List.of("rules.yaml"));
             PrometheusSource source = PrometheusSource.at(prometheus.url()).timeout(Duration.ofSeconds(10)).build()) {
            // the evaluator, with and without the window
            SloResult excluded = SloEvaluator.withDefaults()
                    .excluding(MaintenanceCalendar.create().add("api", BURST_HOUR))
                    .evaluate("api", AVAILABILITY, source, AT);
            SloResult all = SloEvaluator.withDefaults().evaluate("api", AVAILABILITY, source, AT);
            // the rules' expressions, asked for the same instant
            double rulesTotal = instantQuery(prometheus.url(), recording(rules, "slo:sli_total:increase1d"), AT);
            double rulesBad = instantQuery(prometheus.url(), recording(rules, "slo:sli_error:increase1d"), AT);

            // by hand: (T0, T0+24h] less (T0+20h, T0+21h]: 1380 minutes of 100 requests, 1 an error
            ErrorBudget b = excluded.errorBudget().orElseThrow();
            assertThat(b.totalEvents()).isCloseTo(138_000, within(138_000 * 0.002));
            assertThat(b.badEvents()).isCloseTo(1_380, within(1_380 * 0.002));
            assertThat(b.sli()).isCloseTo(0.99, within(1e-4));
            assertThat(rulesTotal).isCloseTo(138_000, within(138_000 * 0.002));
            assertThat(rulesBad).isCloseTo(1_380, within(1_380 * 0.002));
            assertThat(1 - rulesBad / rulesTotal).isCloseTo(b.sli(), within(1e-4));
            assertThat(excluded.detail()).contains("1h of maintenance left out of the 1d");
            // and without the window the burst is in: 1380 + 60 x 30 = 3180 errors of 144,000
            assertThat(all.errorBudget().orElseThrow().sli()).isCloseTo(1 - 3180.0 / 144_000, within(1e-4));
        }
    }
}
