package io.smartspec.slo.openslo;

import com.fasterxml.jackson.databind.JsonNode;
import io.smartspec.slo.Problem;
import io.smartspec.slo.Quantity;
import io.smartspec.slo.Slo;
import io.smartspec.slo.SloSet;
import io.smartspec.slo.SloValidationException;
import io.smartspec.slo.SloWindow;
import io.smartspec.slo.config.ObservabilityConfig;
import io.smartspec.slo.spec.LoadedSpec;
import io.smartspec.slo.spec.NfrTable;
import io.smartspec.slo.spec.SpecLoader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/** What the export writes, and what it refuses to write, from specs and from SLOs built in code. */
class OpenSloExportTest {

    private static Path spec(Path dir, String rows, String config) throws IOException {
        Path d = Files.createDirectories(dir.resolve("shop"));
        Files.writeString(d.resolve("spec.md"), "# Shop\n\n## Non-Functional Requirements\n\n"
                + "| Requirement | Metric | Target | Window |\n|---|---|---|---|\n" + rows);
        Files.writeString(d.resolve("observability.yaml"), config);
        return d.resolve("spec.md");
    }

    @Test
    void aThresholdWithoutABudgetIsAnErrorNamingItsRow(@TempDir Path dir) throws IOException {
        Path spec = spec(dir, "| p99 | `api_latency_p99` | < 200ms | |\n| Errors | `api_error_rate` | < 0.1% | |\n",
                "provider: prometheus\nurl: http://localhost:9090\nmetrics:\n  - name: api_latency_p99\n    query: p99\n"
                        + "    unit: ms\n  - name: api_error_rate\n    query: errors\n    unit: ratio\n");
        SloValidationException e = catchThrowableOfType(() -> OpenSloExport.export(spec,
                spec.resolveSibling("observability.yaml"), Map.of()), SloValidationException.class);
        assertThat(e.problems()).extracting(Problem::line).containsExactly(7, 8);
        assertThat(e.problems().get(0).toString()).startsWith(spec + ":7: api_latency_p99: api_latency_p99 < 200 ms is "
                + "a threshold without an error budget (every evaluation must meet it); OpenSLO needs a target share below "
                + "100% of good events or time slices");
        assertThat(e.problems().get(1).message()).isEqualTo("api_error_rate: api_error_rate < 0.1 % bounds a ratio at "
                + "every evaluation; as OpenSLO's raw ratio it needs the window its query computes the ratio over: give "
                + "the row a 'Ratio window' column (e.g. 1d)");
    }

    @Test
    void aRawRatioMustBeAFraction(@TempDir Path dir) throws IOException {
        // a query that returns percent (0..100) is no OpenSLO raw ratio (0..1): said, not written as one
        Path spec = spec(dir, "| Errors | `api_error_rate` | < 0.1% | 30d |\n", "provider: prometheus\n"
                + "url: http://localhost:9090\nmetrics:\n  - name: api_error_rate\n    query: errors_percent\n"
                + "    unit: percent\n");
        SloValidationException e = catchThrowableOfType(() -> OpenSloExport.export(spec,
                spec.resolveSibling("observability.yaml"), Map.of()), SloValidationException.class);
        assertThat(e.problems()).extracting(Problem::toString).containsExactly(spec.resolveSibling(
                "observability.yaml") + ":4: api_error_rate: returns percent; OpenSLO's raw ratio is a fraction 0..1: "
                + "make the query return one and declare unit: ratio");
    }

    @Test
    void noCredentialOfTheConfigurationIsWritten(@TempDir Path dir) throws IOException {
        Path spec = spec(dir, "| Up | `up` | >= 99% | 7d |\n", """
                provider: prometheus
                url: https://alice:s3cret-pass@prometheus.example.com:9443/prom
                metrics:
                  - name: up
                    good_query: good
                    total_query: total
                """);
        String yaml = OpenSloExport.export(spec, spec.resolveSibling("observability.yaml"),
                Map.of("PROM_TOKEN", "tok-987654"));
        assertThat(yaml).contains("url: https://prometheus.example.com:9443/prom")
                .doesNotContain("s3cret").doesNotContain("alice");
    }

    @Test
    void aDatadogSpecWritesItsSiteAndNoKey(@TempDir Path dir) throws IOException {
        Path spec = spec(dir, "| Up | `up` | >= 99% | 7d |\n", """
                provider: datadog
                site: datadoghq.eu
                api_key: "{{env.DD_KEY}}"
                app_key: "{{env.DD_APP}}"
                metrics:
                  - name: up
                    good_query: sum:good{*}.as_count()
                    total_query: sum:all{*}.as_count()
                """);
        String yaml = OpenSloExport.export(spec, spec.resolveSibling("observability.yaml"),
                Map.of("DD_KEY", "dd-api-123456", "DD_APP", "dd-app-654321"));
        List<JsonNode> docs = OpenSloRoundTripTest.documents(yaml);
        assertThat(docs.get(1).path("spec").path("type").asText()).isEqualTo("Datadog");
        assertThat(docs.get(1).path("spec").path("connectionDetails").toString()).isEqualTo("{\"site\":\"datadoghq.eu\"}");
        assertThat(yaml).doesNotContain("dd-api-123456").doesNotContain("dd-app-654321");
        assertThat(docs.get(2).path("spec").path("indicator").path("spec").path("ratioMetric").path("good")
                .path("metricSource").path("spec").path("query").asText()).isEqualTo("sum:good{*}.as_count()");
    }

    /** An SLO built in code, written with an empty NFR table (no extra columns). */
    private static String export(Slo slo) {
        LoadedSpec spec = new LoadedSpec("shop", SloSet.of("shop", List.of(slo)),
                ObservabilityConfig.of("prometheus", List.of()), List.of());
        return OpenSloExport.export(spec, new NfrTable("spec.md", 1, "NFR", List.of(), List.of()));
    }

    @Test
    void aThresholdWithTimeSlicesOverACalendarMonthIsATimeslicesSlo() throws IOException {
        // given: 99% of the minutes of each month (in Berlin) have a p99 under 200 ms
        Slo p99 = Slo.named("api_latency_p99").metric("api_latency_p99", "histogram_quantile(0.99, x)")
                .below(Duration.ofMillis(200)).timeslices(Duration.ofMinutes(1)).target(Quantity.percent(99))
                .over(SloWindow.calendarMonth(ZoneId.of("Europe/Berlin"))).build();

        // when
        JsonNode slo = OpenSloRoundTripTest.documents(export(p99)).get(2);

        // then
        JsonNode s = slo.path("spec");
        assertThat(s.path("budgetingMethod").asText()).isEqualTo("Timeslices");
        assertThat(s.path("timeWindow").toString()).isEqualTo("[{\"duration\":\"1M\",\"isRolling\":false,"
                + "\"calendar\":{\"startTime\":\"2024-01-01 00:00:00\",\"timeZone\":\"Europe/Berlin\"}}]");
        assertThat(s.path("objectives").toString()).isEqualTo("[{\"op\":\"lt\",\"value\":0.2,\"target\":0.99,"
                + "\"timeSliceTarget\":1,\"timeSliceWindow\":\"1m\"}]");
        assertThat(s.path("indicator").path("spec").path("thresholdMetric").path("metricSource").path("spec")
                .path("query").asText()).isEqualTo("histogram_quantile(0.99, x)");
        assertThat(slo.path("metadata").path("annotations").path("smartspec.io/value-unit").asText()).isEqualTo("s");
        assertThat(s.has("alertPolicies")).isFalse();
    }

    @Test
    void ratioTimeslicesAndTimeslicesOfARatioKeepTheirSliceAndTargets() throws IOException {
        Slo mean = Slo.named("availability").ratio(Slo.good("g"), Slo.total("t")).target(Quantity.percent(99.5))
                .ratioTimeslices(Duration.ofMinutes(5)).over(Duration.ofDays(28)).build();
        Slo sliced = Slo.named("availability").ratio(Slo.good("g"), Slo.total("t")).target(Quantity.percent(99.5))
                .timeslices(Duration.ofMinutes(1), Quantity.percent(95)).over(SloWindow.calendarWeek(ZoneId.of("UTC")))
                .build();

        JsonNode m = OpenSloRoundTripTest.documents(export(mean)).get(2).path("spec");
        JsonNode t = OpenSloRoundTripTest.documents(export(sliced)).get(2).path("spec");

        assertThat(m.path("budgetingMethod").asText()).isEqualTo("RatioTimeslices");
        assertThat(m.path("objectives").toString()).isEqualTo("[{\"target\":0.995,\"timeSliceWindow\":\"5m\"}]");
        assertThat(m.path("timeWindow").toString()).isEqualTo("[{\"duration\":\"28d\",\"isRolling\":true}]");
        assertThat(t.path("budgetingMethod").asText()).isEqualTo("Timeslices");
        assertThat(t.path("objectives").toString())
                .isEqualTo("[{\"target\":0.995,\"timeSliceTarget\":0.95,\"timeSliceWindow\":\"1m\"}]");
        assertThat(t.path("timeWindow").path(0).path("duration").asText()).isEqualTo("1w");
        assertThat(t.path("timeWindow").path(0).path("calendar").path("timeZone").asText()).isEqualTo("UTC");
    }

    @Test
    void whatTheExportWritesPassesTheOpenSloChecks() {
        // the golden export, read back: no problem at all
        String yaml = OpenSloExport.export(Fixtures.OURS.resolve("spec.md"), Fixtures.OURS.resolve("observability.yaml"),
                Map.of());
        assertThat(Fixtures.parse("checkout.openslo.yaml", yaml).warnings()).isEmpty();
        // and the loaded spec it came from is what SpecLoader reads
        assertThat(SpecLoader.load(Fixtures.OURS.resolve("spec.md"), Fixtures.OURS.resolve("observability.yaml"),
                Map.of()).isValid()).isTrue();
    }
}
