package io.smartspec.slo.prometheus;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import io.micrometer.core.instrument.Counter;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.smartspec.slo.Quantity;
import io.smartspec.slo.SloSet;
import io.smartspec.slo.evaluation.EvaluationRound;
import io.smartspec.slo.evaluation.SloEvaluator;
import io.smartspec.slo.evaluation.SloResult;
import io.smartspec.slo.evaluation.Status;
import io.smartspec.slo.micrometer.MicrometerSource;
import org.junit.jupiter.api.Test;

import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

import static io.smartspec.slo.Slo.bad;
import static io.smartspec.slo.Slo.total;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * A per-label SLO against a real Prometheus, over two routes of known counts: the embedded monitor
 * (Micrometer), {@link PrometheusSource} and the generated rules give each route its own SLI, the ones
 * computed by hand. /pay: 5 failed of 1,000 (SLI 99.5%, 5 bad against 1 allowed by 99.9%); /cart: 1 failed
 * of 2,000 (SLI 99.95%, half its budget left). Ratios are exact: the bad and total counters of a route are
 * scraped together from 0, so {@code increase()}'s extrapolation cancels in the ratio.
 */
class PerLabelPrometheusIT {

    private static final Map<String, Double> SLI = Map.of("/pay", 0.995, "/cart", 0.9995);

    private static SloSet slos(String badQuery, String totalQuery) {
        return SloSet.named("checkout").slo("availability", s -> s
                .ratio(bad(badQuery), total(totalQuery))
                .target(Quantity.percent(99.9)).over(Duration.ofDays(30)).minEvents(100).per("route")).build();
    }

    @Test
    void theEvaluatorOverBothSourcesAndTheRulesGiveEachRouteItsOwnSli() throws Exception {
        // given: an app whose four counters Prometheus scrapes every second, and the rules of the SLO
        Binaries.require("prometheus");
        Instant start = Instant.now();
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        Map<String, Counter> counters = new TreeMap<>();
        for (String route : SLI.keySet()) {
            for (String outcome : new String[] {"SUCCESS", "SERVER_ERROR"}) {
                counters.put(route + " " + outcome, registry.counter("http.requests", "route", route,
                        "outcome", outcome));
            }
        }
        HttpServer app = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        app.createContext("/metrics", exchange -> {
            byte[] body = registry.scrape().getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        app.start();
        SloSet inPrometheus = slos("http_requests_total{outcome=\"SERVER_ERROR\"}", "http_requests_total");
        String rules = PrometheusRules.forSpec(inPrometheus).generate();
        try (LocalPrometheus prometheus = LocalPrometheus.start("""
                global:
                  scrape_interval: 1s
                  evaluation_interval: 1s
                rule_files: [rules.yaml]
                scrape_configs:
                  - job_name: app
                    static_configs:
                      - targets: ['127.0.0.1:%d']
                """.formatted(app.getAddress().getPort()), Map.of("rules.yaml", rules));
             PrometheusSource source = PrometheusSource.at(prometheus.url()).build()) {
            awaitScraped(prometheus, 0);
            counters.get("/pay SUCCESS").increment(995);
            counters.get("/pay SERVER_ERROR").increment(5);
            counters.get("/cart SUCCESS").increment(1999);
            counters.get("/cart SERVER_ERROR").increment(1);
            Instant scraped = awaitScraped(prometheus, 3000);
            prometheus.awaitRulesEvaluatedAfter(scraped.plusSeconds(2));
            Instant now = Instant.now();

            // when
            EvaluationRound inProcess = SloEvaluator.withDefaults().evaluate(slos(
                    "http.requests{outcome=SERVER_ERROR}", "http.requests"),
                    MicrometerSource.builder(registry).countingSince(start).build(), now);
            EvaluationRound overPrometheus = SloEvaluator.withDefaults().evaluate(inPrometheus, source, now);
            Map<String, Double> recorded = new TreeMap<>();
            for (JsonNode series : prometheus.query("slo:sli_error:ratio_rate30d")) {
                recorded.put(series.path("metric").path("route").asText(),
                        1 - Double.parseDouble(series.path("value").get(1).asText()));
            }

            // then
            for (EvaluationRound round : new EvaluationRound[] {inProcess, overPrometheus}) {
                assertThat(round.results()).extracting(SloResult::name).containsExactly(
                        "availability{route=\"/cart\"}", "availability{route=\"/pay\"}");
                assertThat(round.result("availability{route=\"/pay\"}").orElseThrow().status())
                        .as(round.results().toString()).isEqualTo(Status.BREACHED);
                assertThat(round.result("availability{route=\"/cart\"}").orElseThrow().status())
                        .as(round.results().toString()).isEqualTo(Status.MET);
                for (SloResult r : round.results()) {
                    double sli = SLI.get(r.slo().grouping().values().get("route"));
                    assertThat(r.errorBudget().orElseThrow().sli()).as(r.toString()).isCloseTo(sli, within(1e-9));
                }
            }
            assertThat(recorded).containsOnlyKeys("/pay", "/cart");
            recorded.forEach((route, sli) -> assertThat(sli).as(route).isCloseTo(SLI.get(route), within(1e-9)));

            // and every query of the dashboard runs on these rules (its joins meet no duplicate series), the
            // overview's budget per route as computed by hand: /pay 1 - 5/1 = -400%, /cart 1 - 1/2 = 50%
            JsonNode dashboard = new com.fasterxml.jackson.databind.ObjectMapper().readTree(
                    GrafanaDashboard.forSpec(inPrometheus).generate());
            assertThat(dashboard.path("templating").path("list").findValuesAsText("name")).contains("route");
            Map<String, Double> budgets = new TreeMap<>();
            for (JsonNode panel : dashboard.path("panels")) {
                for (JsonNode target : panel.path("targets")) {
                    String expr = target.path("expr").asText().replace("$slo", ".*").replace("$route", ".*");
                    JsonNode result = prometheus.query(expr); // throws on a Prometheus error
                    if (panel.path("title").asText().equals("Error budget remaining")) {
                        result.forEach(r -> budgets.put(r.path("metric").path("route").asText(),
                                Double.parseDouble(r.path("value").get(1).asText())));
                    }
                }
            }
            assertThat(budgets).containsOnlyKeys("/pay", "/cart");
            assertThat(budgets.get("/pay")).isCloseTo(-400, within(1e-6));
            assertThat(budgets.get("/cart")).isCloseTo(50, within(1e-6));
        } finally {
            app.stop(0);
        }
    }

    /** Waits until Prometheus holds {@code expected} requests in all (the last scrape came after them). */
    private static Instant awaitScraped(LocalPrometheus prometheus, double expected) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (System.nanoTime() < deadline) {
            JsonNode r = prometheus.query("sum(http_requests_total)");
            if (r.size() == 1 && Double.parseDouble(r.get(0).path("value").get(1).asText()) == expected) {
                return Instant.now();
            }
            Thread.sleep(200);
        }
        throw new AssertionError("Prometheus did not scrape " + expected + " requests within 30s: " + prometheus.log());
    }
}
