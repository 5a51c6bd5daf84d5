package io.smartspec.slo.prometheus;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.smartspec.slo.evaluation.BurnRatePolicy;
import io.smartspec.slo.evaluation.EvaluationRound;
import io.smartspec.slo.Priority;
import io.smartspec.slo.Quantity;
import io.smartspec.slo.evaluation.SloEvaluator;
import io.smartspec.slo.evaluation.SloResult;
import io.smartspec.slo.SloSet;
import io.smartspec.slo.evaluation.Status;
import io.smartspec.slo.Unit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.Writer;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static io.smartspec.slo.Slo.bad;
import static io.smartspec.slo.Slo.total;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * A real Prometheus on 127.0.0.1 (one for the class), with deterministic series backfilled by
 * {@code promtool tsdb create-blocks-from openmetrics}: the source returns the hand-computed SLIs
 * at chosen instants, and the generated rules load and evaluate healthily.
 *
 * <p>The data, one sample a minute from T0 for 25 hours:
 * <ul>
 *   <li>{@code http_requests_total{code="200"}} +99 a minute; {@code {code="500"}} +1 a minute, and +30
 *       a minute between T0+20h and T0+21h (a burst of 1740 extra errors);</li>
 *   <li>{@code http_request_duration_seconds} a histogram with 100 requests a minute: 80 under 0.1 s,
 *       15 between 0.1 s and 0.3 s, 5 slower;</li>
 *   <li>{@code queue_depth} 42.</li>
 * </ul>
 */
class PrometheusServerIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Instant T0 = Instant.now().truncatedTo(ChronoUnit.HOURS).minus(Duration.ofHours(30));
    private static final Instant DAY_LATER = T0.plus(Duration.ofHours(24));

    private static Path dir;
    private static Process prometheus;
    private static String url;
    private static PrometheusSource source;

    static SloSet slos() {
        return SloSet.named("api")
                .slo("availability", s -> s
                        .ratio(bad("sum(increase(http_requests_total{job=\"api\",code=~\"5..\"}[{{window}}]))"),
                                total("sum(increase(http_requests_total{job=\"api\"}[{{window}}]))"))
                        .target(Quantity.percent(99)).over(Duration.ofDays(1)).priority(Priority.P1))
                .slo("fast-requests", s -> s
                        .latency("api_latency", "http_request_duration_seconds{job=\"api\"}")
                        .fasterThan(Duration.ofMillis(300))
                        .target(Quantity.percent(90)).over(Duration.ofDays(30)))
                .slo("p90-latency", s -> s
                        .metric("api_latency_p90", "histogram_quantile(0.9, sum by (le) "
                                + "(rate(http_request_duration_seconds_bucket{job=\"api\"}[5m])))")
                        .unit(Unit.SECONDS)
                        .below(Duration.ofMillis(300)))
                .slo("queue", s -> s.metric("queue_depth", "max(queue_depth{job=\"api\"})").below(Quantity.number(100)))
                .slo("per-code", s -> s.metric("requests", "http_requests_total{job=\"api\"}").below(Quantity.number(1)))
                .build();
    }

    @BeforeAll
    static void startPrometheus() throws Exception {
        Path promtool = Binaries.require("promtool");
        Path binary = Binaries.require("prometheus");
        dir = Files.createTempDirectory("slo-prometheus-it");
        Path data = Files.createDirectories(dir.resolve("data"));
        writeOpenMetrics(dir.resolve("series.om"));
        Binaries.Run backfill = Binaries.run(dir, promtool.toString(), "tsdb", "create-blocks-from", "openmetrics",
                "series.om", data.toString());
        assertThat(backfill.exitCode()).as(backfill.output()).isZero();

        Files.writeString(dir.resolve("rules.yaml"), PrometheusRules.forSpec(slos()).generate());
        Files.writeString(dir.resolve("prometheus.yml"), """
                global:
                  evaluation_interval: 1s
                rule_files: [rules.yaml]
                """);
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        url = "http://127.0.0.1:" + port;
        prometheus = new ProcessBuilder(binary.toString(),
                "--config.file=" + dir.resolve("prometheus.yml"),
                "--storage.tsdb.path=" + data,
                "--storage.tsdb.retention.time=3650d",
                "--web.listen-address=127.0.0.1:" + port)
                .directory(dir.toFile())
                .redirectErrorStream(true)
                .redirectOutput(dir.resolve("prometheus.log").toFile())
                .start();
        try {
            awaitReady();
        } catch (Throwable e) {
            stopPrometheus();
            throw e;
        }
        source = PrometheusSource.at(url).timeout(Duration.ofSeconds(10)).build();
    }

    @AfterAll
    static void stopPrometheus() throws Exception {
        if (source != null) {
            source.close();
        }
        if (prometheus != null) {
            prometheus.destroy();
            if (!prometheus.waitFor(10, TimeUnit.SECONDS)) {
                prometheus.destroyForcibly().waitFor();
            }
        }
        if (dir != null) {
            try (Stream<Path> files = Files.walk(dir)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    private static void awaitReady() throws Exception {
        HttpClient client = HttpClient.newHttpClient();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < deadline) {
            if (!prometheus.isAlive()) {
                throw new IllegalStateException("prometheus exited: " + log());
            }
            try {
                HttpResponse<String> r = client.send(HttpRequest.newBuilder(URI.create(url + "/-/ready")).build(),
                        HttpResponse.BodyHandlers.ofString());
                if (r.statusCode() == 200) {
                    return;
                }
            } catch (IOException e) {
                // not listening yet
            }
            Thread.sleep(200);
        }
        throw new IllegalStateException("prometheus not ready within 60s: " + log());
    }

    private static String log() {
        try {
            String log = Files.readString(dir.resolve("prometheus.log"));
            return log.length() > 3000 ? log.substring(log.length() - 3000) : log;
        } catch (IOException e) {
            return "(no log)";
        }
    }

    private static void writeOpenMetrics(Path file) throws IOException {
        int minutes = 25 * 60;
        try (Writer w = Files.newBufferedWriter(file)) {
            w.write("# TYPE http_requests counter\n");
            long good = 0;
            for (int m = 0; m <= minutes; m++) {
                w.write("http_requests_total{job=\"api\",code=\"200\"} " + good + " " + ts(m) + "\n");
                good += 99;
            }
            long errors = 0;
            for (int m = 0; m <= minutes; m++) {
                w.write("http_requests_total{job=\"api\",code=\"500\"} " + errors + " " + ts(m) + "\n");
                errors += m >= 20 * 60 && m < 21 * 60 ? 30 : 1;
            }
            w.write("# TYPE http_request_duration_seconds histogram\n");
            String[][] buckets = {{"0.1", "80"}, {"0.3", "95"}, {"+Inf", "100"}};
            for (String[] b : buckets) {
                for (int m = 0; m <= minutes; m++) {
                    w.write("http_request_duration_seconds_bucket{job=\"api\",le=\"" + b[0] + "\"} "
                            + (long) m * Long.parseLong(b[1]) + " " + ts(m) + "\n");
                }
            }
            for (int m = 0; m <= minutes; m++) {
                w.write("http_request_duration_seconds_count{job=\"api\"} " + m * 100L + " " + ts(m) + "\n");
            }
            for (int m = 0; m <= minutes; m++) {
                w.write("http_request_duration_seconds_sum{job=\"api\"} " + m * 10L + " " + ts(m) + "\n");
            }
            w.write("# TYPE queue_depth gauge\n");
            for (int m = 0; m <= minutes; m++) {
                w.write("queue_depth{job=\"api\"} 42 " + ts(m) + "\n");
            }
            w.write("# EOF\n");
        }
    }

    private static long ts(int minute) {
        return T0.getEpochSecond() + minute * 60L;
    }

    private static SloResult result(EvaluationRound round, String name) {
        return round.results().stream().filter(r -> r.name().equals(name)).findFirst().orElseThrow();
    }

    @Test
    void anEventsRatioIsTheHandComputedShareOverThePeriodWithItsBurnRates() {
        // when: a day after T0, the whole day including the burst
        EvaluationRound round = SloEvaluator.withDefaults().evaluate(slos(), source, DAY_LATER);
        SloResult availability = result(round, "availability");
        // then: bad = 1440 + 1740 = 3180 of 1440 * 99 + 3180 = 145740
        assertThat(availability.observed().orElseThrow().value()).isCloseTo(100 * (1 - 3180.0 / 145740.0), within(1e-6));
        assertThat(availability.status()).isEqualTo(Status.BREACHED);
        // the last hour: 60 bad of 6000 = 1%, exactly the budget's pace
        assertThat(availability.burnRates()).filteredOn(b -> b.window().equals(Duration.ofHours(1)))
                .singleElement().satisfies(b -> assertThat(b.rate()).isCloseTo(1.0, within(1e-9)));
        // the last 6h hold the burst: (360 + 1740) bad of 360 * 99 + 2100 = 37740
        assertThat(availability.burnRates()).filteredOn(b -> b.window().equals(Duration.ofHours(6)))
                .singleElement().satisfies(b -> assertThat(b.rate()).isCloseTo((2100.0 / 37740.0) / 0.01, within(1e-6)));
    }

    @Test
    void aBurstIsSeenAtThePastInstantItHappened() {
        // when: at T0+21h, the last hour is the burst: 1800 bad of 99 * 60 + 1800 = 7740
        EvaluationRound round = SloEvaluator.withDefaults().evaluate(slos(), source, T0.plus(Duration.ofHours(21)));
        SloResult availability = result(round, "availability");
        // then
        assertThat(availability.burnRates()).filteredOn(b -> b.window().equals(Duration.ofHours(1)))
                .singleElement().satisfies(b -> assertThat(b.rate()).isCloseTo((1800.0 / 7740.0) / 0.01, within(1e-6)));
        // 23x over 1h and over 5m: above the 14.4x of the fast page
        assertThat(availability.status()).isEqualTo(Status.BREACHED);
        assertThat(availability.firing()).anySatisfy(a -> {
            assertThat(a.severity()).isEqualTo(BurnRatePolicy.Severity.PAGE);
            assertThat(a.longWindow()).isEqualTo(Duration.ofHours(1));
        });
    }

    @Test
    void aLatencyRatioCountsTheBucketOfItsThreshold() {
        EvaluationRound round = SloEvaluator.withDefaults().evaluate(slos(), source, DAY_LATER);
        SloResult fast = result(round, "fast-requests");
        assertThat(fast.observed().orElseThrow().value()).as(fast.toString()).isCloseTo(95.0, within(1e-9));
        assertThat(fast.status()).as(fast.toString()).isEqualTo(Status.MET);
    }

    @Test
    void thresholdsReadTheQueryValueInTheDeclaredUnit() {
        EvaluationRound round = SloEvaluator.withDefaults().evaluate(slos(), source, DAY_LATER);
        // p90 interpolated in the 0.1..0.3 bucket: 0.1 + 0.2 * (90 - 80) / 15 s
        SloResult p90 = result(round, "p90-latency");
        assertThat(p90.observed().orElseThrow().to(Unit.SECONDS).value()).isCloseTo(0.1 + 0.2 * 10 / 15, within(1e-9));
        assertThat(p90.status()).isEqualTo(Status.MET);
        SloResult queue = result(round, "queue");
        assertThat(queue.observed().orElseThrow().value()).isEqualTo(42.0);
    }

    @Test
    void severalSeriesAreAnErrorThatSuggestsAggregating() {
        EvaluationRound round = SloEvaluator.withDefaults().evaluate(slos(), source, DAY_LATER);
        SloResult perCode = result(round, "per-code");
        assertThat(perCode.status()).isEqualTo(Status.ERROR);
        assertThat(perCode.detail()).contains("2 series").contains("sum(");
    }

    @Test
    void beforeAnyDataThereIsNoData() {
        EvaluationRound round = SloEvaluator.withDefaults().evaluate(slos(), source, T0.minus(Duration.ofHours(1)));
        assertThat(result(round, "queue").status()).isEqualTo(Status.NO_DATA);
        assertThat(result(round, "availability").status()).isEqualTo(Status.NO_DATA);
    }

    @Test
    void everyGeneratedRuleLoadsAndEvaluatesHealthily() throws Exception {
        // given
        RuleFile expected = PrometheusRules.forSpec(slos()).build();
        HttpClient client = HttpClient.newHttpClient();
        List<String> unhealthy = new ArrayList<>();
        int seen = 0;
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        // when: wait until every rule has been evaluated once
        while (System.nanoTime() < deadline) {
            JsonNode body = JSON.readTree(client.send(HttpRequest.newBuilder(URI.create(url + "/api/v1/rules")).build(),
                    HttpResponse.BodyHandlers.ofString()).body());
            unhealthy.clear();
            seen = 0;
            for (JsonNode group : body.path("data").path("groups")) {
                for (JsonNode rule : group.path("rules")) {
                    seen++;
                    if (!"ok".equals(rule.path("health").asText())) {
                        unhealthy.add(rule.path("name").asText() + ": " + rule.path("health").asText() + " "
                                + rule.path("lastError").asText());
                    }
                }
            }
            if (seen == expected.rules().size() && unhealthy.isEmpty()) {
                break;
            }
            Thread.sleep(250);
        }
        // then
        assertThat(seen).isEqualTo(expected.rules().size());
        assertThat(unhealthy).isEmpty();
    }
}
