package io.smartspec.slo.prometheus;

import io.smartspec.slo.Problem;
import io.smartspec.slo.Quantity;
import io.smartspec.slo.evaluation.EvaluationRound;
import io.smartspec.slo.evaluation.SloEvaluator;
import io.smartspec.slo.evaluation.SloResult;
import io.smartspec.slo.evaluation.Status;
import io.smartspec.slo.spec.LoadedSpec;
import io.smartspec.slo.spec.SpecLoader;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The answers of issue 13 ("plain numbers read in the objective's unit") and issue 14 ("impossible values
 * are answers") against a real Prometheus: a spec.md and observability.yaml with no {@code unit:}, loaded
 * as a user would, evaluated through {@link PrometheusSource}. Prometheus gives base units: seconds, ratios
 * as fractions 0..1. The expected values are worked out by hand from the queries.
 */
class PrometheusUnitsIT {

    private static Path dir;
    private static Process prometheus;
    private static String url;
    private static LoadedSpec spec;
    private static Map<String, SloResult> results;

    @BeforeAll
    static void evaluateTheSpecAgainstARealPrometheus() throws Exception {
        Path binary = Binaries.require("prometheus");
        dir = Files.createTempDirectory("slo-prometheus-units-it");
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        url = "http://127.0.0.1:" + port;
        Files.writeString(dir.resolve("prometheus.yml"), """
                global:
                  scrape_interval: 1s
                scrape_configs:
                  - job_name: self
                    static_configs:
                      - targets: ['127.0.0.1:%d']
                """.formatted(port));
        prometheus = new ProcessBuilder(binary.toString(), "--config.file=" + dir.resolve("prometheus.yml"),
                "--storage.tsdb.path=" + Files.createDirectories(dir.resolve("data")),
                "--web.listen-address=127.0.0.1:" + port)
                .directory(dir.toFile()).redirectErrorStream(true)
                .redirectOutput(dir.resolve("prometheus.log").toFile()).start();
        Path specDir = Files.createDirectories(dir.resolve("api"));
        Files.writeString(specDir.resolve("spec.md"), """
                ## NFR

                | Category | Requirement | Metric | Target | Priority | Window |
                |---|---|---|---|---|---|
                | Performance | p99 | `latency_p99` | < 250ms | P1 | |
                | Reliability | errors | `error_rate` | < 2% | P1 | |
                | Availability | uptime | `uptime` | > 99.9% | P0 | |
                | Reliability | small errors | `small_error_rate` | < 0.1% | P1 | |
                | Reliability | percent errors | `percent_error_rate` | < 2% | P1 | |
                | Performance | negative | `negative_latency` | < 250ms | P1 | |
                | Availability | too many good | `too_many_good` | >= 99% | P0 | 1h |
                | Availability | no good series | `no_good_series` | >= 99% | P0 | 1h |
                | Availability | NaN good | `nan_good` | >= 99% | P0 | 1h |
                | Availability | negative bad | `negative_bad` | >= 99% | P0 | 1h |
                """);
        Files.writeString(specDir.resolve("observability.yaml"), """
                provider: prometheus
                url: %s
                metrics:
                  - name: latency_p99
                    query: vector(1.2)
                  - name: error_rate
                    query: vector(0.05)
                  - name: uptime
                    query: avg_over_time(up{job="self"}[1h])
                  - name: small_error_rate
                    query: vector(0.0005)
                  - name: percent_error_rate
                    query: vector(5)
                  - name: negative_latency
                    query: vector(-1)
                  - name: too_many_good
                    good_query: vector(150)
                    total_query: vector(100)
                  - name: no_good_series
                    good_query: sum(no_such_metric_total)
                    total_query: vector(500)
                  - name: nan_good
                    good_query: vector(0/0)
                    total_query: vector(500)
                  - name: negative_bad
                    bad_query: vector(-5)
                    total_query: vector(500)
                """.formatted(url));
        try {
            awaitFirstScrape();
            spec = SpecLoader.load(specDir.resolve("spec.md"), specDir.resolve("observability.yaml"), Map.of());
            try (PrometheusSource source = PrometheusSource.from(spec.config())) {
                EvaluationRound round = SloEvaluator.withDefaults().evaluate(spec.slos(), source, Instant.now());
                results = round.results().stream().collect(Collectors.toMap(SloResult::name, r -> r));
            }
        } catch (Throwable e) {
            stop();
            throw e;
        }
    }

    @AfterAll
    static void stop() throws Exception {
        if (prometheus != null) {
            prometheus.destroy();
            if (!prometheus.waitFor(10, TimeUnit.SECONDS)) {
                prometheus.destroyForcibly().waitFor();
            }
            prometheus = null;
        }
        if (dir != null) {
            try (Stream<Path> files = Files.walk(dir)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
            dir = null;
        }
    }

    /** Waits until Prometheus answers and has scraped itself once (so {@code up} has a sample). */
    private static void awaitFirstScrape() throws Exception {
        HttpClient client = HttpClient.newHttpClient();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < deadline) {
            if (!prometheus.isAlive()) {
                throw new IllegalStateException("prometheus exited: " + Files.readString(dir.resolve("prometheus.log")));
            }
            try {
                HttpResponse<String> r = client.send(HttpRequest.newBuilder(URI.create(url
                        + "/api/v1/query?query=up%7Bjob%3D%22self%22%7D")).build(), HttpResponse.BodyHandlers.ofString());
                if (r.statusCode() == 200 && r.body().contains("\"value\"")) {
                    return;
                }
            } catch (IOException e) {
                // not listening yet
            }
            Thread.sleep(200);
        }
        throw new IllegalStateException("prometheus did not scrape itself within 60s");
    }

    private static SloResult result(String name) {
        assertThat(results).containsKey(name);
        return results.get(name);
    }

    @Test
    void onePointTwoSecondsIsNotOnePointTwoMilliseconds() {
        SloResult r = result("latency_p99");
        assertThat(r.status()).as(r.toString()).isEqualTo(Status.BREACHED);
        assertThat(r.observed()).contains(Quantity.millis(1200));
        assertThat(r.toString()).contains("latency_p99 = 1200 ms, objective < 250 ms (over by 950 ms)");
    }

    @Test
    void aFractionOfFiveHundredthsIsFivePercent() {
        SloResult r = result("error_rate");
        assertThat(r.status()).as(r.toString()).isEqualTo(Status.BREACHED);
        assertThat(r.observed()).contains(Quantity.percent(5));
    }

    @Test
    void anUptimeOfOneIsAHundredPercent() {
        SloResult r = result("uptime");
        assertThat(r.status()).as(r.toString()).isEqualTo(Status.MET);
        assertThat(r.observed()).contains(Quantity.percent(100));
    }

    @Test
    void anErrorRatioOfFiveTenThousandthsPrintsAsFiveHundredthsOfAPercent() {
        SloResult r = result("small_error_rate");
        assertThat(r.status()).as(r.toString()).isEqualTo(Status.MET);
        assertThat(r.toString()).contains("small_error_rate = 0.05 %");
    }

    @Test
    void aPercentageReadAsAFractionIsAnErrorSayingWhichUnitToDeclare() {
        SloResult r = result("percent_error_rate");
        assertThat(r.status()).as(r.toString()).isEqualTo(Status.ERROR);
        assertThat(r.detail()).isEqualTo("'vector(5)' returned 5, which is not a fraction 0..1 (prometheus gives "
                + "ratios as fractions); if the query returns a percentage, declare unit: % for metric "
                + "'percent_error_rate'");
    }

    @Test
    void aNegativeLatencyIsAnError() {
        SloResult r = result("negative_latency");
        assertThat(r.status()).as(r.toString()).isEqualTo(Status.ERROR);
        assertThat(r.detail()).isEqualTo("'vector(-1)' returned -1 s; a duration cannot be negative; check the query");
    }

    @Test
    void moreGoodEventsThanEventsIsAnError() {
        SloResult r = result("too_many_good");
        assertThat(r.status()).as(r.toString()).isEqualTo(Status.ERROR);
        assertThat(r.detail()).contains("'vector(150)' counted 150 events, more than the 100 of the total query "
                + "'vector(100)'");
    }

    @Test
    void anEmptyOrNaNGoodQueryIsNoDataNotABreach() {
        for (String name : new String[] {"no_good_series", "nan_good"}) {
            SloResult r = result(name);
            assertThat(r.status()).as(r.toString()).isEqualTo(Status.NO_DATA);
            assertThat(r.detail()).as(name).contains("while the total counts 500 events");
        }
    }

    @Test
    void aNegativeCountIsAnError() {
        SloResult r = result("negative_bad");
        assertThat(r.status()).as(r.toString()).isEqualTo(Status.ERROR);
        assertThat(r.detail()).isEqualTo("the bad-events query 'vector(-5)' counted -5 events; a count cannot be "
                + "negative");
    }

    @Test
    void loadingWarnsAboutEveryMetricWhoseUnitRestsOnTheConvention() {
        assertThat(spec.warnings()).extracting(Problem::toString).containsExactly(
                warning(4, "latency_p99", "< 250 ms", "seconds", "unit: s or unit: ms"),
                warning(6, "error_rate", "< 2 %", "a fraction 0..1", "unit: ratio (a fraction 0..1) or unit: % (0..100)"),
                warning(8, "uptime", "> 99.9 %", "a fraction 0..1", "unit: ratio (a fraction 0..1) or unit: % (0..100)"),
                warning(10, "small_error_rate", "< 0.1 %", "a fraction 0..1",
                        "unit: ratio (a fraction 0..1) or unit: % (0..100)"),
                warning(12, "percent_error_rate", "< 2 %", "a fraction 0..1",
                        "unit: ratio (a fraction 0..1) or unit: % (0..100)"),
                warning(14, "negative_latency", "< 250 ms", "seconds", "unit: s or unit: ms"));
    }

    private static String warning(int line, String metric, String target, String reading, String examples) {
        return dir.resolve("api/observability.yaml") + ":" + line + ": metric '" + metric + "' declares no unit for "
                + target + ": its plain numbers are read by prometheus's convention as " + reading
                + " (plain numbers are base units: seconds, ratios as fractions 0..1, rates per second); declare "
                + "what the query returns, e.g. " + examples;
    }
}
