package io.smartspec.slo.prometheus;

import static io.smartspec.slo.Slo.bad;
import static io.smartspec.slo.Slo.total;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.smartspec.slo.MaintenanceCalendar;
import io.smartspec.slo.MaintenanceWindow;
import io.smartspec.slo.Quantity;
import io.smartspec.slo.SloSet;
import io.smartspec.slo.evaluation.BurnRate;
import io.smartspec.slo.evaluation.ErrorBudget;
import io.smartspec.slo.evaluation.EvaluationRound;
import io.smartspec.slo.evaluation.SloEvaluator;
import io.smartspec.slo.evaluation.SloResult;
import io.smartspec.slo.evaluation.Status;
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
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A per-route SLO (99.9% over 30d, {@code group_by: [route]}) with a maintenance window, against a real
 * Prometheus holding 35 days of backfilled traffic, asked at one past instant {@code AT} three ways that must
 * agree per route: by hand (from this generator's own numbers below), by the evaluator over
 * {@link PrometheusSource} (grouped by route, the window excluded) and by the expressions of the generated
 * recording rules, run by Prometheus at {@code AT}.
 *
 * <p>Every 5 minutes, ending on a 5-minute boundary: /pay 1,200 requests, /cart 600, no errors, except in
 * three bursts per route — one older than the 30d window ({@code AT-33d}, 2h), one exactly inside the declared
 * window ({@code AT-10d}, 2h), one outside it (/pay: the last hour, 20% errors; /cart: 2h at {@code AT-5d},
 * 5%). The old burst and the one in the window would each exhaust their route's budget (/pay 14,400 errors
 * against 10,339 allowed, /cart 7,200 against 5,170), so a window or a cut-off applied wrongly changes a status;
 * /pay's last hour burns 200x and pages. Counters are sampled on the 5-minute grid the rules step on and the
 * windows are aligned to it, so each count Prometheus takes is an exact difference of two samples: the SLIs
 * agree to 1e-9. {@code AT} lies on that grid too, where Prometheus 2 closes a subquery's range at both ends:
 * the rules' {@code [30d:5m]} once summed 8,641 steps there, 1,200 requests too many for /pay.
 */
class ThirtyFiveDaysAgreementIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration STEP = Duration.ofMinutes(5);
    private static final int STEPS_PER_DAY = 288;
    /** An hour boundary two hours ago: every sample lies in the past, when Prometheus starts. */
    private static final Instant AT = Instant.now().truncatedTo(ChronoUnit.HOURS).minus(Duration.ofHours(2));
    private static final Instant START = AT.minus(Duration.ofDays(35));
    private static final Instant MAINTENANCE_FROM = AT.minus(Duration.ofDays(10));
    private static final Instant MAINTENANCE_TO = MAINTENANCE_FROM.plus(Duration.ofHours(2));
    private static final MaintenanceWindow MAINTENANCE = MaintenanceWindow.between(MAINTENANCE_FROM, MAINTENANCE_TO,
            "database migration");

    /** One route's traffic: requests per 5m step, and its bursts of errors. */
    private record Route(String name, long requestsPerStep, List<Burst> bursts) {
        /** The bad events of the step ending at {@code t}. */
        long bad(Instant t) {
            return bursts.stream().filter(b -> b.covers(t)).mapToLong(Burst::badPerStep).sum();
        }
    }

    /** {@code badPerStep} errors in each 5m step that ends in {@code (from, to]}. */
    private record Burst(Instant from, Instant to, long badPerStep) {
        boolean covers(Instant stepEnd) {
            return stepEnd.isAfter(from) && !stepEnd.isAfter(to);
        }
    }

    private static Burst burst(Instant from, Duration length, long badPerStep) {
        return new Burst(from, from.plus(length), badPerStep);
    }

    private static final Route PAY = new Route("/pay", 1200, List.of(
            burst(AT.minus(Duration.ofDays(33)), Duration.ofHours(2), 600),
            burst(MAINTENANCE_FROM, Duration.ofHours(2), 600),
            burst(AT.minus(Duration.ofHours(1)), Duration.ofHours(1), 240)));
    private static final Route CART = new Route("/cart", 600, List.of(
            burst(AT.minus(Duration.ofDays(33)), Duration.ofHours(2), 300),
            burst(MAINTENANCE_FROM, Duration.ofHours(2), 300),
            burst(AT.minus(Duration.ofDays(5)), Duration.ofHours(2), 30)));
    private static final List<Route> ROUTES = List.of(PAY, CART);

    private static final SloSet SLOS = SloSet.named("checkout").slo("availability", s -> s
            .ratio(bad("sum(increase(http_requests_total{job=\"checkout\",code=~\"5..\"}[{{window}}]))"),
                    total("sum(increase(http_requests_total{job=\"checkout\"}[{{window}}]))"))
            .target(Quantity.percent(99.9)).over(Duration.ofDays(30)).minEvents(100).per("route")).build();

    @TempDir
    Path dir;

    /** The counters, one sample every 5 minutes from START to AT. */
    private static String openMetrics() {
        StringBuilder w = new StringBuilder("# TYPE http_requests counter\n");
        for (Route route : ROUTES) {
            long ok = 0;
            long errors = 0;
            for (Instant t = START; !t.isAfter(AT); t = t.plus(STEP)) {
                if (t.isAfter(START)) {
                    errors += route.bad(t);
                    ok += route.requestsPerStep() - route.bad(t);
                }
                w.append("http_requests_total{job=\"checkout\",route=\"").append(route.name()).append("\",code=\"200\"} ")
                        .append(ok).append(' ').append(t.getEpochSecond()).append('\n');
                w.append("http_requests_total{job=\"checkout\",route=\"").append(route.name()).append("\",code=\"500\"} ")
                        .append(errors).append(' ').append(t.getEpochSecond()).append('\n');
            }
        }
        return w.append("# EOF\n").toString();
    }

    /** The truth by hand: bad and total events of {@code route} in the 5m steps ending in (AT - window, AT], outside maintenance. */
    private static double[] byHand(Route route, Duration window) {
        double bad = 0;
        double all = 0;
        for (Instant t = AT; t.isAfter(AT.minus(window)); t = t.minus(STEP)) {
            Instant stepStart = t.minus(STEP);
            if (!stepStart.isBefore(MAINTENANCE_FROM) && stepStart.isBefore(MAINTENANCE_TO)) {
                continue;
            }
            bad += route.bad(t);
            all += route.requestsPerStep();
        }
        return new double[] {bad, all};
    }

    @Test
    void theEvaluatorAndTheRulesAgreeWithTheHandCountPerRouteOver35Days() throws Exception {
        // the truth, by hand (and restated from the bursts in words, so a wrong helper shows): /pay keeps only
        // the last hour's 12 steps of 240 errors, /cart the 24 steps of 30 at AT-5d; both lose the 24 steps
        // of the window from their totals
        assertThat(byHand(PAY, Duration.ofDays(30))).containsExactly(12 * 240, (30 * STEPS_PER_DAY - 24) * 1200);
        assertThat(byHand(CART, Duration.ofDays(30))).containsExactly(24 * 30, (30 * STEPS_PER_DAY - 24) * 600);
        Map<String, Status> status = Map.of("/pay", Status.BREACHED, "/cart", Status.MET);

        RuleFile rules = PrometheusRules.forSpec(SLOS).maintenance(List.of(MAINTENANCE)).build();
        try (LocalServers.Server prometheus = backfilledPrometheus();
             PrometheusSource source = PrometheusSource.at(prometheus.url()).timeout(Duration.ofSeconds(20)).build()) {
            // when: the evaluator, grouped by route, with and without the window
            EvaluationRound excluded = SloEvaluator.withDefaults()
                    .excluding(MaintenanceCalendar.create().add("checkout", MAINTENANCE)).evaluate(SLOS, source, AT);
            EvaluationRound all = SloEvaluator.withDefaults().evaluate(SLOS, source, AT);
            // and the expressions of the recording rules, run by Prometheus at AT, per window and route
            Map<String, Map<String, double[]>> recorded = new TreeMap<>();
            for (String w : List.of("30d", "6h", "1h")) {
                Map<String, Double> bad = perRoute(prometheus.url(), recording(rules, "slo:sli_error:increase" + w));
                Map<String, Double> total = perRoute(prometheus.url(), recording(rules, "slo:sli_total:increase" + w));
                assertThat(total).as(w).containsOnlyKeys("/pay", "/cart");
                Map<String, double[]> counts = new TreeMap<>();
                total.forEach((route, t) -> counts.put(route, new double[] {bad.get(route), t}));
                recorded.put(w, counts);
            }

            // then
            assertThat(excluded.results()).extracting(SloResult::name)
                    .containsExactly("availability{route=\"/cart\"}", "availability{route=\"/pay\"}");
            for (Route route : ROUTES) {
                double[] truth = byHand(route, Duration.ofDays(30));
                double sli = 1 - truth[0] / truth[1];
                double remaining = 1 - truth[0] / (0.001 * truth[1]);
                SloResult r = excluded.result("availability{route=\"" + route.name() + "\"}").orElseThrow();
                String as = route.name() + ": " + r;
                ErrorBudget b = r.errorBudget().orElseThrow();
                // the evaluator against the hand count
                assertThat(r.status()).as(as).isEqualTo(status.get(route.name()));
                assertThat(b.badEvents()).as(as).isCloseTo(truth[0], within(1e-6));
                assertThat(b.totalEvents()).as(as).isCloseTo(truth[1], within(1e-6));
                assertThat(b.sli()).as(as).isCloseTo(sli, within(1e-9));
                assertThat(b.remaining()).as(as).isCloseTo(remaining, within(1e-9));
                // the rules against the hand count
                double[] rules30d = recorded.get("30d").get(route.name());
                assertThat(rules30d[0]).as(as).isCloseTo(truth[0], within(1e-6));
                assertThat(rules30d[1]).as(as).isCloseTo(truth[1], within(1e-6));
                assertThat(1 - rules30d[0] / rules30d[1]).as(as).isCloseTo(sli, within(1e-9));
                // burn rates over 1h and 6h: hand, evaluator and rules
                for (Duration w : List.of(Duration.ofHours(1), Duration.ofHours(6))) {
                    double[] hand = byHand(route, w);
                    double burn = hand[0] / hand[1] / 0.001;
                    BurnRate evaluated = r.burnRates().stream().filter(x -> x.window().equals(w)).findFirst()
                            .orElseThrow(() -> new AssertionError("no " + w + " burn rate in " + r));
                    double[] c = recorded.get(w.toHours() + "h").get(route.name());
                    assertThat(evaluated.rate()).as(as + " " + w).isCloseTo(burn, within(1e-6));
                    assertThat(c[0] / c[1] / 0.001).as(as + " " + w).isCloseTo(burn, within(1e-6));
                }
            }
            // /pay: 200x over the last hour pages; a window or a cut-off applied wrongly would change the statuses
            assertThat(byHand(PAY, Duration.ofHours(1))[0] / byHand(PAY, Duration.ofHours(1))[1] / 0.001)
                    .isCloseTo(200, within(1e-9));
            // the control: without the window, /cart's 7,200 errors in it exhaust its budget of 5,184
            SloResult cartAll = all.result("availability{route=\"/cart\"}").orElseThrow();
            assertThat(cartAll.status()).as(cartAll.toString()).isEqualTo(Status.BREACHED);
            assertThat(cartAll.errorBudget().orElseThrow().badEvents()).isCloseTo(24 * 30 + 24 * 300, within(1e-6));
            assertThat(excluded.result("availability{route=\"/cart\"}").orElseThrow().detail())
                    .contains("2h of maintenance left out of the 30d");
        }
    }

    /**
     * Prometheus on the 35 days, backfilled as one block ({@code --max-block-duration}: promtool's default of 2h
     * blocks makes 420 of them, 20 s to write and more to load).
     */
    private LocalServers.Server backfilledPrometheus() throws Exception {
        Path promtool = Binaries.require("promtool");
        Files.writeString(dir.resolve("series.om"), openMetrics());
        Binaries.Run backfill = Binaries.run(dir, promtool.toString(), "tsdb", "create-blocks-from", "openmetrics",
                "--max-block-duration=" + Duration.ofDays(40).toHours() + "h", "-q", "series.om",
                Files.createDirectories(dir.resolve("data")).toString());
        assertThat(backfill.exitCode()).as(backfill.output()).isZero();
        return LocalServers.prometheus(dir, null, List.of());
    }

    private static String recording(RuleFile rules, String name) {
        return rules.recordings().stream().filter(r -> r.record().equals(name)).findFirst().orElseThrow().expr();
    }

    /** The value of {@code expr} at AT per route. */
    private static Map<String, Double> perRoute(String url, String expr) throws Exception {
        HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(url
                + "/api/v1/query?query=" + URLEncoder.encode(expr, StandardCharsets.UTF_8) + "&time="
                + AT.getEpochSecond())).build(), HttpResponse.BodyHandlers.ofString());
        JsonNode body = JSON.readTree(r.body());
        assertThat(body.path("status").asText()).as(r.body()).isEqualTo("success");
        Map<String, Double> values = new TreeMap<>();
        for (JsonNode series : body.path("data").path("result")) {
            values.put(series.path("metric").path("route").asText(), series.path("value").get(1).asDouble());
        }
        return values;
    }
}
