package io.smartspec.slo.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code slo openslo import} and {@code export}, end to end through {@link SloCli}: what import writes is what
 * {@code slo validate} accepts, export writes it back, and bad input is a located error with exit code 2.
 */
class SloOpenSloCommandTest {

    private static final Instant NOW = Instant.parse("2026-11-29T10:00:00Z");

    @TempDir
    Path tmp;

    private final Map<String, String> env = new HashMap<>();

    private record Run(int code, String out, String err) {
    }

    private Run slo(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = new SloCli(new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8), env, Clock.fixed(NOW, ZoneOffset.UTC), false)
                .run(args);
        return new Run(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    private static Path input() throws URISyntaxException {
        return Path.of(SloOpenSloCommandTest.class.getClassLoader().getResource("openslo/web-shop.openslo.yaml").toURI());
    }

    @Test
    void importWritesASpecThatValidatesAndExportWritesItBack() throws Exception {
        Path specs = tmp.resolve("specs");

        // when
        Run imported = slo("openslo", "import", input().toString(), "--out-dir", specs.toString());
        Run validated = slo("validate", "--spec-id", "web-shop", "--specs-dir", specs.toString());
        Path out = tmp.resolve("web-shop.openslo.yaml");
        Run exported = slo("openslo", "export", "--spec-id", "web-shop", "--specs-dir", specs.toString(),
                "--out", out.toString());

        // then
        assertThat(imported.code()).as(imported.err()).isZero();
        assertThat(imported.err()).contains("slo: wrote " + specs.resolve("web-shop/spec.md") + " and "
                + specs.resolve("web-shop/observability.yaml") + " (2 SLOs)");
        assertThat(validated.code()).as(validated.out()).isZero();
        assertThat(validated.out()).contains("search-availability: search-availability >= 99.5 % over 28d (P2)",
                "main-page-success: main-page-success >= 99 % (P1)", "2 SLOs, 0 warning(s), 0 error(s)");
        assertThat(exported.code()).as(exported.err()).isZero();
        List<JsonNode> docs = documents(Files.readString(out));
        assertThat(docs).extracting(d -> d.path("kind").asText() + " " + d.path("metadata").path("name").asText())
                .containsExactly("Service web-shop", "DataSource web-shop-prometheus", "SLO search-availability",
                        "SLO main-page-success");
        JsonNode search = docs.get(2).path("spec");
        assertThat(search.path("objectives").path(0).path("target").decimalValue()).isEqualByComparingTo("0.995");
        assertThat(search.path("indicator").path("spec").path("ratioMetric").path("bad").path("metricSource")
                .path("spec").path("query").asText()).isEqualTo("search_requests_total{code=~\"5..\"}");
    }

    @Test
    void exportWritesToStdoutAndNamesTheReceiversAsNotificationTargets() throws Exception {
        Path specs = tmp.resolve("specs");
        assertThat(slo("openslo", "import", input().toString(), "--out-dir", specs.toString()).code()).isZero();
        Path config = specs.resolve("web-shop/observability.yaml");
        Files.writeString(config, Files.readString(config) + "incident_response:\n  - type: webhook\n"
                + "    url: https://hooks.example.com/slo\n    priorities: [P1]\n");

        Run exported = slo("openslo", "export", "--spec", specs.resolve("web-shop/spec.md").toString(),
                "--config", config.toString());

        assertThat(exported.code()).as(exported.err()).isZero();
        List<JsonNode> docs = documents(exported.out());
        // main-page-success is a raw ratio (no burn-rate alerts); search-availability is P2, which the webhook
        // does not take: its alerts go to the monitor's log
        JsonNode targets = docs.get(2).path("spec").path("alertPolicies").path(0).path("spec").path("notificationTargets");
        assertThat(targets.path(0).path("spec").path("target").asText()).isEqualTo("log");
        assertThat(exported.out()).doesNotContain("hooks.example.com");
    }

    @Test
    void badOpenSloIsALocatedErrorWithExitCode2AndNoStackTrace() throws IOException {
        Path bad = tmp.resolve("bad.yaml");
        Files.writeString(bad, """
                apiVersion: openslo/v1
                kind: SLO
                metadata:
                  name: Bad Name
                spec:
                  service: shop
                  budgetingMethod: Occurrences
                  indicatorRef: missing-sli
                  objectives:
                    - target: 1.2
                """);

        Run run = slo("openslo", "import", bad.toString(), "--out-dir", tmp.resolve("specs").toString());

        assertThat(run.code()).isEqualTo(SloCli.EXIT_USAGE);
        assertThat(run.err()).contains(
                "error: " + bad + ":4: SLO 'Bad Name': metadata.name: 'Bad Name' is not a valid name",
                "error: " + bad + ":10: SLO 'Bad Name': spec.objectives[0].target: 1.2 is out of range")
                .doesNotContain("Exception").doesNotContain("\tat ");
        assertThat(tmp.resolve("specs")).doesNotExist();
    }

    @Test
    void anUnsupportedSourceTypeNamesItAndWhatIsSupported() throws IOException {
        Path file = tmp.resolve("cloudwatch.yaml");
        Files.writeString(file, """
                apiVersion: openslo/v1
                kind: SLO
                metadata:
                  name: latency
                spec:
                  service: shop
                  budgetingMethod: Occurrences
                  indicator:
                    metadata:
                      name: latency
                    spec:
                      ratioMetric:
                        good:
                          metricSource:
                            type: CloudWatch
                            spec:
                              query: good
                        total:
                          metricSource:
                            type: CloudWatch
                            spec:
                              query: total
                  objectives:
                    - target: 0.99
                """);

        Run run = slo("openslo", "import", file.toString(), "--out-dir", tmp.toString());

        assertThat(run.code()).isEqualTo(SloCli.EXIT_USAGE);
        assertThat(run.err()).contains("error: " + file + ":15: SLO 'latency': spec.indicator.spec.ratioMetric.good"
                + ".metricSource.type: 'CloudWatch' is not a supported metric source; SmartSpec reads Prometheus "
                + "(provider: prometheus) and Datadog (provider: datadog)");
    }

    @Test
    void importRefusesToOverwriteASpecWithoutForce() throws Exception {
        Path specs = tmp.resolve("specs");
        assertThat(slo("openslo", "import", input().toString(), "--out-dir", specs.toString()).code()).isZero();
        Path spec = specs.resolve("web-shop/spec.md");
        Files.writeString(spec, "edited by hand");

        Run again = slo("openslo", "import", input().toString(), "--out-dir", specs.toString());
        assertThat(again.code()).isEqualTo(SloCli.EXIT_USAGE);
        assertThat(again.err()).contains("already hold a spec; nothing written (--force replaces it)");
        assertThat(Files.readString(spec)).isEqualTo("edited by hand");

        Run forced = slo("openslo", "import", input().toString(), "--out-dir", specs.toString(), "--force");
        assertThat(forced.code()).isZero();
        assertThat(Files.readString(spec)).contains("## Non-Functional Requirements");
    }

    @Test
    void usageErrorsSayWhatIsExpected() {
        assertThat(slo("openslo").err()).contains("slo: missing 'import' or 'export'", "usage: slo openslo import FILE...");
        assertThat(slo("openslo", "imprt", "x.yaml").err()).contains("unknown openslo command 'imprt'; expected import or "
                + "export; did you mean 'import'?");
        assertThat(slo("openslo", "import").err()).contains("slo: missing the OpenSLO FILE(s) to import");
        assertThat(slo("openslo", "export").code()).isEqualTo(SloCli.EXIT_USAGE);
        assertThat(slo("openslo", "--help").out()).contains("usage: slo openslo import FILE... [--out-dir DIR] [--force]");
    }

    private static List<JsonNode> documents(String yaml) throws IOException {
        List<JsonNode> docs = new ArrayList<>();
        try (var it = new YAMLMapper().readerFor(JsonNode.class).<JsonNode>readValues(yaml)) {
            while (it.hasNext()) {
                docs.add(it.next());
            }
        }
        return docs;
    }
}
