package io.smartspec.slo.prometheus;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every query of the generated dashboard, with its variables substituted as Grafana does, passes
 * {@code promtool check rules} and returns data from a real Prometheus that holds the generated
 * rules over a backfilled history of the checkout service ({@link Checkout}): three hours, the last
 * one with 20% errors, 20% slow requests, a p99 over its bound, a queue over its bound and a
 * deployment, so that every SLO has alerts and every panel something to draw.
 */
class GrafanaDashboardIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final String DEPLOYMENTS = "changes(process_start_time_seconds{job=\"checkout\"}[5m]) > 0";

    private static Path dir;
    private static LocalServers.Server prometheus;
    private static JsonNode dashboard;
    /** Each query by where it is: panel title and refId, or the annotation's name. */
    private static final Map<String, Query> QUERIES = new LinkedHashMap<>();

    record Query(String expr, boolean instant) {
    }

    @BeforeAll
    static void start() throws Exception {
        dir = Files.createTempDirectory("slo-grafana-it");
        dashboard = JSON.readTree(GrafanaDashboard.forSpec(Checkout.slos()).deployments(DEPLOYMENTS).generate());
        for (JsonNode panel : dashboard.path("panels")) {
            for (JsonNode target : panel.path("targets")) {
                QUERIES.put(panel.path("title").asText() + " " + target.path("refId").asText(),
                        new Query(substitute(target.path("expr").asText()), target.path("instant").asBoolean()));
            }
        }
        for (JsonNode annotation : dashboard.path("annotations").path("list")) {
            if (annotation.path("target").has("expr")) {
                QUERIES.put("annotation " + annotation.path("name").asText(),
                        new Query(substitute(annotation.path("target").path("expr").asText()), false));
            }
        }
        Files.writeString(dir.resolve("rules.yaml"), PrometheusRules.forSpec(Checkout.slos()).generate());
        prometheus = LocalServers.prometheus(dir, history(Instant.now()), List.of("rules.yaml"));
    }

    @AfterAll
    static void stop() throws Exception {
        if (prometheus != null) {
            prometheus.close();
        }
        if (dir != null) {
            try (Stream<Path> files = Files.walk(dir)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    /** What Grafana sends for the default selection: every SLO ({@code allValue} .*). */
    private static String substitute(String expr) {
        return expr.replace("${slo}", ".*").replace("$slo", ".*");
    }

    @Test
    void everyQueryIsValidPromQlForPromtool() throws Exception {
        // given every query wrapped as a recording rule
        StringBuilder rules = new StringBuilder("groups:\n  - name: dashboard-queries\n    rules:\n");
        int i = 0;
        for (Query q : QUERIES.values()) {
            rules.append("      - record: dashboard_query_").append(i++).append("\n        expr: ")
                    .append(JSON.writeValueAsString(q.expr())).append('\n');
        }
        Files.writeString(dir.resolve("queries.yaml"), rules);
        // when
        Binaries.Run run = Binaries.run(dir, Binaries.require("promtool").toString(), "check", "rules",
                "queries.yaml");
        // then
        assertThat(run.exitCode()).as(run.output()).isZero();
        assertThat(run.output()).contains("SUCCESS: " + QUERIES.size() + " rules found");
        assertThat(QUERIES).hasSizeGreaterThan(30);
    }

    @Test
    void everyQueryReturnsDataFromPrometheusHoldingTheRules() throws Exception {
        // given: the rules evaluated and the alerts raised (evaluation every second)
        Map<String, String> empty = new LinkedHashMap<>();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        do {
            empty.clear();
            long now = Instant.now().getEpochSecond();
            for (Map.Entry<String, Query> q : QUERIES.entrySet()) {
                // when
                JsonNode body = q.getValue().instant()
                        ? get("/api/v1/query?query=" + encode(q.getValue().expr()) + "&time=" + now)
                        : get("/api/v1/query_range?query=" + encode(q.getValue().expr()) + "&start=" + (now - 3 * 3600)
                        + "&end=" + now + "&step=60");
                if (!"success".equals(body.path("status").asText())) {
                    empty.put(q.getKey(), body.toString());
                } else if (body.path("data").path("result").isEmpty()) {
                    empty.put(q.getKey(), "no data: " + q.getValue().expr());
                }
            }
            if (empty.isEmpty()) {
                break;
            }
            Thread.sleep(500);
        } while (System.nanoTime() < deadline);
        // then
        assertThat(empty).isEmpty();
    }

    @Test
    void theSliPanelShowsTheHandComputedShareOfGoodRequests() throws Exception {
        // given: availability over the 3h history: 99.9% objective, budget 0.001;
        // errors 1 of 1000 for 2h, then 200 of 1000 for 1h: the 5m SLI is 80%
        String expr = QUERIES.entrySet().stream().filter(e -> e.getKey().startsWith("availability: SLI against"))
                .findFirst().orElseThrow().getValue().expr();
        long now = Instant.now().getEpochSecond();
        // when
        JsonNode body = get("/api/v1/query?query=" + encode(expr) + "&time=" + now);
        // then
        double sli = body.path("data").path("result").get(0).path("value").get(1).asDouble();
        assertThat(sli).isBetween(79.99, 80.01);
    }

    private static JsonNode get(String path) throws Exception {
        return JSON.readTree(HTTP.send(HttpRequest.newBuilder(URI.create(prometheus.url() + path)).build(),
                HttpResponse.BodyHandlers.ofString()).body());
    }

    private static String encode(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    /**
     * Three hours, one sample a minute, ending now: 1000 requests a minute; 1 error a minute, then 200 in
     * the last hour; latency 99% under 0.1 s, then 20% over 0.3 s; queue depth 50, then 150; a process
     * restarted 30 minutes ago.
     */
    static String history(Instant now) {
        int minutes = 180;
        long end = now.getEpochSecond() - 10;
        List<String> lines = new ArrayList<>();
        StringBuilder om = new StringBuilder("# TYPE http_requests counter\n");
        long ok = 0;
        long errors = 0;
        StringBuilder e = new StringBuilder();
        for (int m = 0; m <= minutes; m++) {
            long ts = end - (minutes - m) * 60L;
            om.append("http_requests_total{job=\"checkout\",code=\"200\"} ").append(ok).append(' ').append(ts)
                    .append('\n');
            e.append("http_requests_total{job=\"checkout\",code=\"500\"} ").append(errors).append(' ').append(ts)
                    .append('\n');
            boolean bad = m > 120;
            errors += bad ? 200 : 1;
            ok += bad ? 800 : 999;
        }
        om.append(e);
        om.append("# TYPE http_request_duration_seconds histogram\n");
        String[][] buckets = {{"0.1", "990", "800"}, {"0.3", "995", "800"}, {"+Inf", "1000", "1000"}};
        for (String[] b : buckets) {
            long count = 0;
            for (int m = 0; m <= minutes; m++) {
                long ts = end - (minutes - m) * 60L;
                om.append("http_request_duration_seconds_bucket{job=\"checkout\",le=\"").append(b[0]).append("\"} ")
                        .append(count).append(' ').append(ts).append('\n');
                count += Long.parseLong(m > 120 ? b[2] : b[1]);
            }
        }
        for (String suffix : List.of("_count", "_sum")) {
            long count = 0;
            for (int m = 0; m <= minutes; m++) {
                long ts = end - (minutes - m) * 60L;
                om.append("http_request_duration_seconds").append(suffix).append("{job=\"checkout\"} ").append(count)
                        .append(' ').append(ts).append('\n');
                count += suffix.equals("_count") ? 1000 : 100;
            }
        }
        om.append("# TYPE checkout_queue_depth gauge\n");
        for (int m = 0; m <= minutes; m++) {
            long ts = end - (minutes - m) * 60L;
            om.append("checkout_queue_depth{instance=\"a\"} ").append(m > 120 ? 150 : 50).append(' ').append(ts)
                    .append('\n');
        }
        om.append("# TYPE process_start_time_seconds gauge\n");
        for (int m = 0; m <= minutes; m++) {
            long ts = end - (minutes - m) * 60L;
            om.append("process_start_time_seconds{job=\"checkout\"} ").append(m > 150 ? end - 1800 : end - 4 * 3600)
                    .append(' ').append(ts).append('\n');
        }
        lines.add(om.toString());
        return String.join("", lines) + "# EOF\n";
    }
}
