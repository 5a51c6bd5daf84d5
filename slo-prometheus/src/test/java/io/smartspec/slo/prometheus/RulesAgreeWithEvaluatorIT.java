package io.smartspec.slo.prometheus;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Timer;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.smartspec.slo.Priority;
import io.smartspec.slo.Quantity;
import io.smartspec.slo.SloSet;
import io.smartspec.slo.Unit;
import io.smartspec.slo.evaluation.BurnRatePolicy;
import io.smartspec.slo.evaluation.EvaluationPolicy;
import io.smartspec.slo.evaluation.EvaluationRound;
import io.smartspec.slo.evaluation.SloEvaluator;
import io.smartspec.slo.evaluation.SloResult;
import io.smartspec.slo.evaluation.Status;
import io.smartspec.slo.micrometer.MicrometerSource;
import io.smartspec.slo.micrometer.SloMeterFilter;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;

import static io.smartspec.slo.Slo.bad;
import static io.smartspec.slo.Slo.total;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * One workload, three answers that must agree. An app records its requests in a Micrometer
 * {@link PrometheusMeterRegistry} configured by {@link SloMeterFilter}; a real Prometheus scrapes it
 * every second and evaluates, every second, the rules {@link PrometheusRules} generated for the same
 * SLOs. After each phase of the workload the test asks:
 * <ol>
 *   <li>the embedded monitor: {@link SloEvaluator} over {@link MicrometerSource} on the app's registry;</li>
 *   <li>{@link SloEvaluator} over {@link PrometheusSource} on the Prometheus that scraped the app;</li>
 *   <li>the rules: the recorded SLIs, budgets and threshold values and the firing {@code ALERTS},
 *       read through the HTTP API, turned into a status the way the evaluator's policy does (SLI below
 *       the recorded objective or a page firing: breached; a ticket or less than 25% of the budget
 *       left: at risk; no recorded SLI: no data).</li>
 * </ol>
 * and checks the same status for every SLO, the same firing burn-rate alerts, and the same SLIs.
 *
 * <p>Tolerances. Ratios (events SLIs, the error-rate threshold): 1e-9, i.e. exact. Micrometer counts
 * exactly; Prometheus's {@code increase()} extrapolates each window's count to the window's edges,
 * but the bad and the total counters are scraped in the same scrape (same timestamps) and both start
 * at 0 (the meters are registered before any request, so there is no extrapolation to the start), so
 * numerator and denominator are scaled by the same factor and the factor cancels in the ratio. The
 * counts themselves are scaled by up to one scrape interval over the series' age (here below 15%),
 * which is why the low-traffic phase sits far from {@code min_events} (20 against 100). p99: the
 * in-process value is Micrometer's client-side percentile (3 significant digits), Prometheus's is
 * {@code histogram_quantile()} interpolated inside a bucket of the percentile histogram that
 * {@link SloMeterFilter} publishes: the two must lie in the same bucket (Micrometer's buckets are
 * about 1/3 apart), and the threshold itself (250 ms) is a bucket bound, so the status cannot differ.
 *
 * <p>Phases share one app and one Prometheus, in order: an idle start (no request yet), low traffic
 * (fewer events than {@code min_events}), then steady traffic. Every window of the rules (5m and
 * more) holds the whole run, so all windows see the same events; the windows' own arithmetic over
 * hours and days is checked by {@code PromtoolRulesIT} on hand-computed series.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class RulesAgreeWithEvaluatorIT {

    private static final long MIN_EVENTS = 100;
    private static final Duration SLOW = Duration.ofMillis(400);
    private static final Duration FAST = Duration.ofMillis(20);

    /** The SLOs in the app's language (Micrometer meters). */
    static SloSet inProcess() {
        return SloSet.named("checkout")
                .slo("availability-30d", s -> s
                        .ratio(bad("checkout.requests{outcome=SERVER_ERROR}"), total("checkout.requests"))
                        .target(Quantity.percent(99)).over(Duration.ofDays(30)).minEvents(MIN_EVENTS))
                .slo("payments-1h", s -> s
                        .ratio(bad("payment.requests{outcome=SERVER_ERROR}"), total("payment.requests"))
                        .target(Quantity.percent(99)).over(Duration.ofHours(1)).minEvents(MIN_EVENTS))
                .slo("error-rate", s -> s
                        .metric("error_rate", "checkout.requests{outcome=SERVER_ERROR} / checkout.requests")
                        .below(Quantity.percent(2)).priority(Priority.P1))
                .slo("p99", s -> s
                        .metric("latency", "checkout.latency p99")
                        .below(Duration.ofMillis(250)).priority(Priority.P0))
                .build();
    }

    /** The same SLOs in PromQL, over the series Prometheus scrapes from the app. */
    static SloSet inPrometheus() {
        return SloSet.named("checkout")
                .slo("availability-30d", s -> s
                        .ratio(bad("checkout_requests_total{outcome=\"SERVER_ERROR\"}"), total("checkout_requests_total"))
                        .target(Quantity.percent(99)).over(Duration.ofDays(30)).minEvents(MIN_EVENTS))
                .slo("payments-1h", s -> s
                        .ratio(bad("payment_requests_total{outcome=\"SERVER_ERROR\"}"), total("payment_requests_total"))
                        .target(Quantity.percent(99)).over(Duration.ofHours(1)).minEvents(MIN_EVENTS))
                .slo("error-rate", s -> s
                        .metric("error_rate", "sum(increase(checkout_requests_total{outcome=\"SERVER_ERROR\"}[5m]))"
                                + " / sum(increase(checkout_requests_total[5m]))")
                        .unit(Unit.FRACTION)
                        .below(Quantity.percent(2)).priority(Priority.P1))
                .slo("p99", s -> s
                        .metric("latency", "histogram_quantile(0.99, sum by (le) "
                                + "(rate(checkout_latency_seconds_bucket[5m])))")
                        .unit(Unit.SECONDS)
                        .below(Duration.ofMillis(250)).priority(Priority.P0))
                .build();
    }

    // the evaluator applies each SLO's minEvents to every window, as the rules' guards do
    private static final SloEvaluator EVALUATOR = SloEvaluator.withDefaults();

    private static PrometheusMeterRegistry registry;
    private static HttpServer app;
    private static LocalPrometheus prometheus;
    private static PrometheusSource prometheusSource;
    private static MicrometerSource micrometerSource;
    private static Counter checkoutOk;
    private static Counter checkoutFailed;
    private static Counter paymentOk;
    private static Counter paymentFailed;
    private static Timer latency;
    private static List<Double> bucketBounds;
    private static final Duration EVALUATION_INTERVAL = Duration.ofSeconds(1);
    /** An instant after the scrape that holds the last workload. */
    private static Instant scraped;

    @BeforeAll
    static void startTheAppAndPrometheus() throws Exception {
        Binaries.require("prometheus");
        Instant start = Instant.now();
        registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        registry.config().meterFilter(SloMeterFilter.of(inProcess()));
        // every meter registered before the first request: Prometheus sees them at 0 from its first scrape
        checkoutOk = registry.counter("checkout.requests", "outcome", "SUCCESS");
        checkoutFailed = registry.counter("checkout.requests", "outcome", "SERVER_ERROR");
        paymentOk = registry.counter("payment.requests", "outcome", "SUCCESS");
        paymentFailed = registry.counter("payment.requests", "outcome", "SERVER_ERROR");
        latency = registry.timer("checkout.latency");
        micrometerSource = MicrometerSource.builder(registry).countingSince(start).build();

        app = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        app.createContext("/metrics", exchange -> {
            byte[] body = registry.scrape().getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "text/plain; version=0.0.4; charset=utf-8");
            exchange.sendResponseHeaders(200, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        app.start();

        String rules = PrometheusRules.forSpec(inPrometheus()).thresholdAlertsFor(Duration.ZERO).generate();
        prometheus = LocalPrometheus.start("""
                global:
                  scrape_interval: 1s
                  evaluation_interval: 1s
                rule_files: [rules.yaml]
                scrape_configs:
                  - job_name: app
                    static_configs:
                      - targets: ['127.0.0.1:%d']
                """.formatted(app.getAddress().getPort()), Map.of("rules.yaml", rules));
        prometheusSource = PrometheusSource.at(prometheus.url()).build();
        bucketBounds = registry.scrape().lines().filter(l -> l.startsWith("checkout_latency_seconds_bucket{"))
                .map(l -> l.replaceAll(".*le=\"([^\"]+)\".*", "$1")).filter(le -> !le.equals("+Inf"))
                .map(Double::parseDouble).sorted().toList();
    }

    @AfterAll
    static void stop() throws Exception {
        if (prometheusSource != null) {
            prometheusSource.close();
        }
        if (prometheus != null) {
            prometheus.close();
        }
        if (app != null) {
            app.stop(0);
        }
    }

    // ----- the phases ------------------------------------------------------------------------------

    @Test
    @Order(1)
    void anIdleStartIsNoDataEverywhereAndFiresNothing() throws Exception {
        // given meters at 0, scraped
        awaitScraped();
        // when
        Answers answers = awaitAgreement();
        // then
        assertThat(answers.inProcess().statuses()).containsOnlyKeys("availability-30d", "payments-1h", "error-rate", "p99")
                .allSatisfy((slo, status) -> assertThat(status).as(slo).isEqualTo(Status.NO_DATA));
        assertThat(answers.rules().firing()).isEmpty();
    }

    @Test
    @Order(2)
    void lowTrafficIsNoDataForRatiosWhileItsErrorRateBreaches() throws Exception {
        // given 20 requests, 2 failed: 10% errors, but fewer events than min_events (100)
        requests(checkoutOk, 18, FAST);
        requests(checkoutFailed, 2, FAST);
        awaitScraped();
        // when
        Answers answers = awaitAgreement();
        // then: no page on 20 requests (the rules as Sloth writes them page: 10% is 10x the budget's pace)
        assertThat(answers.inProcess().statuses()).containsEntry("availability-30d", Status.NO_DATA)
                .containsEntry("payments-1h", Status.NO_DATA)
                .containsEntry("error-rate", Status.BREACHED)
                .containsEntry("p99", Status.MET);
        assertThat(answers.rules().firing()).containsExactly("error-rate threshold");
    }

    @Test
    @Order(3)
    void steadyTrafficGivesTheSameStatusesSlisAndBurnRateAlerts() throws Exception {
        // given 2,000 more checkouts, 28 failed (30 of 2,020: 1.49%), 40 of them slow (p99 400 ms);
        // and 10,000 payments with one failure (0.01%: a 0.01x burn of a 1% budget)
        requests(checkoutOk, 1932, FAST);
        requests(checkoutOk, 40, SLOW);
        requests(checkoutFailed, 28, FAST);
        for (int i = 0; i < 10_000; i++) {
            (i == 5_000 ? paymentFailed : paymentOk).increment();
        }
        awaitScraped();
        // when
        Answers answers = awaitAgreement();
        // then: 30d below its 99% (a ticket: 1.49x > 1x over 3d and 6h); the hour met (its 6h/30m page and
        // its tickets do not fit in an hour); the error rate met; p99 breached
        assertThat(answers.inProcess().statuses()).containsEntry("availability-30d", Status.BREACHED)
                .containsEntry("payments-1h", Status.MET)
                .containsEntry("error-rate", Status.MET)
                .containsEntry("p99", Status.BREACHED);
        assertThat(answers.rules().firing()).containsExactly("availability-30d ticket", "p99 threshold");
        assertThat(answers.inProcess().slis().get("availability-30d")).isCloseTo(1 - 30.0 / 2020, within());
        assertThat(answers.inProcess().slis().get("payments-1h")).isCloseTo(1 - 1.0 / 10_000, within());
    }

    // ----- the workload ----------------------------------------------------------------------------

    private static void requests(Counter outcome, int n, Duration took) {
        for (int i = 0; i < n; i++) {
            latency.record(took);
            outcome.increment();
        }
    }

    /** Waits until Prometheus holds the app's current counts (the last scrape came after the workload). */
    private static void awaitScraped() throws Exception {
        double expected = checkoutOk.count() + checkoutFailed.count() + paymentOk.count() + paymentFailed.count();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (System.nanoTime() < deadline) {
            JsonNode r = prometheus.query("sum(checkout_requests_total) + sum(payment_requests_total)");
            if (r.size() == 1 && Double.parseDouble(r.get(0).path("value").get(1).asText()) == expected) {
                scraped = Instant.now(); // the scrape that holds the workload came before this instant
                return;
            }
            Thread.sleep(200);
        }
        throw new AssertionError("Prometheus did not scrape " + expected + " requests within 30s: " + prometheus.log());
    }

    // ----- the three answers -----------------------------------------------------------------------

    /** One answer: a status and an SLI (a ratio, or a value in seconds) per SLO, and the firing alerts. */
    record Answer(String who, Map<String, Status> statuses, Map<String, Double> slis, List<String> firing) {
    }

    record Answers(Answer inProcess, Answer prometheus, Answer rules) {
    }

    /**
     * Asks the three once the rules have caught up with the last scrape: the recordings, then the
     * rules reading them (budgets, alerts) one evaluation later; asserts they agree, showing all three
     * when they do not.
     */
    private static Answers awaitAgreement() throws Exception {
        prometheus.awaitRulesEvaluatedAfter(scraped.plus(EVALUATION_INTERVAL.multipliedBy(2)));
        Instant now = Instant.now();
        Answers a = new Answers(evaluator("in-process", micrometerSource, inProcess(), now),
                evaluator("PrometheusSource", prometheusSource, inPrometheus(), now), rules());
        assertAgreement(a);
        return a;
    }

    private static void assertAgreement(Answers a) {
        String all = a.inProcess() + "\n" + a.prometheus() + "\n" + a.rules();
        assertThat(a.prometheus().statuses()).as(all).isEqualTo(a.inProcess().statuses());
        assertThat(a.rules().statuses()).as(all).isEqualTo(a.inProcess().statuses());
        assertThat(a.prometheus().firing()).as(all).isEqualTo(a.inProcess().firing());
        assertThat(a.rules().firing()).as(all).isEqualTo(a.inProcess().firing());
        assertThat(a.prometheus().slis().keySet()).as(all).isEqualTo(a.inProcess().slis().keySet());
        assertThat(a.rules().slis().keySet()).as(all).isEqualTo(a.inProcess().slis().keySet());
        a.inProcess().slis().forEach((slo, sli) -> {
            for (Answer other : List.of(a.prometheus(), a.rules())) {
                double theirs = other.slis().get(slo);
                if (slo.equals("p99")) {
                    assertThat(bucketOf(theirs)).as(slo + " in the bucket of " + sli + " s\n" + all)
                            .isEqualTo(bucketOf(sli));
                } else {
                    assertThat(theirs).as(slo + "\n" + all).isCloseTo(sli, within());
                }
            }
        });
    }

    private static org.assertj.core.data.Offset<Double> within() {
        return org.assertj.core.api.Assertions.within(1e-9);
    }

    /** The index of the histogram bucket (le bound) a value falls in. */
    private static int bucketOf(double seconds) {
        for (int i = 0; i < bucketBounds.size(); i++) {
            if (seconds <= bucketBounds.get(i)) {
                return i;
            }
        }
        return bucketBounds.size();
    }

    /** The evaluator's answer: statuses, SLIs as ratios (or seconds) and alerts as the rules name them. */
    private static Answer evaluator(String who, io.smartspec.slo.source.MetricSource source, SloSet slos, Instant at) {
        EvaluationRound round = EVALUATOR.evaluate(slos, source, at);
        Map<String, Status> statuses = new TreeMap<>();
        Map<String, Double> slis = new TreeMap<>();
        TreeSet<String> firing = new TreeSet<>();
        for (SloResult r : round.results()) {
            statuses.put(r.name(), r.status());
            r.observed().ifPresent(q -> slis.put(r.name(), q.dimension() == Unit.Dimension.DURATION
                    ? q.to(Unit.SECONDS).value() : q.to(Unit.FRACTION).value()));
            for (BurnRatePolicy.Alert alert : r.firing()) {
                firing.add(r.name() + " " + alert.severity().name().toLowerCase());
            }
            if (!r.slo().indicator().hasErrorBudget() && r.status() == Status.BREACHED) {
                firing.add(r.name() + " threshold");
            }
        }
        return new Answer(who, statuses, slis, List.copyOf(firing));
    }

    /**
     * The rules' answer, read from what Prometheus recorded: a ratio SLO's SLI is 1 - its period's
     * error ratio (none recorded: no data); a threshold SLO's is its recorded value (NaN or none: no
     * data). Statuses follow the evaluator's policy on those numbers and the firing alerts.
     */
    private static Answer rules() throws Exception {
        Map<String, Status> statuses = new TreeMap<>();
        Map<String, Double> slis = new TreeMap<>();
        TreeSet<String> firing = new TreeSet<>();
        for (JsonNode alert : prometheus.query("ALERTS{alertstate=\"firing\"}")) {
            String name = alert.path("metric").path("alertname").asText();
            String slo = alert.path("metric").path("slo").asText();
            firing.add(slo + " " + (name.endsWith("ThresholdMissed") ? "threshold"
                    : alert.path("metric").path("severity").asText()));
        }
        Map<String, Double> objective = values("slo:objective:ratio");
        Map<String, Double> remaining = values("slo:period_error_budget_remaining:ratio");
        Map<String, Double> thresholdValues = values("slo:sli:value");
        for (var slo : inPrometheus()) {
            String name = slo.name();
            if (slo.indicator().hasErrorBudget()) {
                Double errorRatio = values("slo:sli_error:ratio_rate" + io.smartspec.slo.Windows.format(
                        ((io.smartspec.slo.SloWindow.Rolling) slo.windowOrDefault()).length())).get(name);
                if (errorRatio == null || !objective.containsKey(name) || !remaining.containsKey(name)) {
                    // no SLI recorded (or its budget not yet, the meta rules being another group)
                    statuses.put(name, Status.NO_DATA);
                    continue;
                }
                double sli = 1 - errorRatio;
                slis.put(name, sli);
                statuses.put(name, sli < objective.get(name) || firing.contains(name + " page") ? Status.BREACHED
                        : firing.contains(name + " ticket") || remaining.get(name) < EvaluationPolicy.DEFAULT_BUDGET_AT_RISK
                        ? Status.AT_RISK : Status.MET);
            } else {
                Double value = thresholdValues.get(name);
                if (value == null || value.isNaN()) {
                    statuses.put(name, Status.NO_DATA);
                    continue;
                }
                slis.put(name, value);
                statuses.put(name, firing.contains(name + " threshold") ? Status.BREACHED : Status.MET);
            }
        }
        return new Answer("rules", statuses, slis, List.copyOf(firing));
    }

    /** The value of each SLO's series of a query now, by the {@code slo} label. */
    private static Map<String, Double> values(String promql) throws Exception {
        Map<String, Double> values = new LinkedHashMap<>();
        for (JsonNode sample : prometheus.query(promql)) {
            values.put(sample.path("metric").path("slo").asText(), Double.parseDouble(sample.path("value").get(1).asText()));
        }
        return values;
    }
}
