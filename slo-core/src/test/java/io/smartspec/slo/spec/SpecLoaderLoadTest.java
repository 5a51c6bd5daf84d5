package io.smartspec.slo.spec;

import io.smartspec.slo.SpecFixtures;
import io.smartspec.slo.Objective;
import io.smartspec.slo.Problem;
import io.smartspec.slo.Quantity;
import io.smartspec.slo.Slo;
import io.smartspec.slo.SloValidationException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import io.smartspec.slo.config.ObservabilityConfig;

import static io.smartspec.slo.SpecFixtures.md;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

class SpecLoaderLoadTest {

    private static final String PROMETHEUS_YAML = md(
            "provider: micrometer",                                                      // 1
            "timeout: 5s",                                                               // 2
            "metrics:",                                                                  // 3
            "  - name: api_latency_p99",                                                 // 4
            "    query: histogram_quantile(0.99, sum by (le) (rate(http_seconds_bucket[5m])))",
            "    unit: seconds",                                                         // 6
            "  - name: api_error_rate",                                                  // 7
            "    bad_query: sum(rate(http_requests_total{code=~\"5..\"}[{{window}}]))",  // 8
            "    total_query: sum(rate(http_requests_total[{{window}}]))",               // 9
            "  - name: queue_depth",                                                     // 10
            "    query: queue_depth");                                                   // 11

    @Test
    void loadsTheSeedsSpecAndBindsItToTheConfigurationOfItsDirectory(@TempDir Path root) throws IOException {
        // given the seed's NFR table in specs/spec-core-001-authentication/spec.md
        Path dir = Files.createDirectories(root.resolve("spec-core-001-authentication"));
        Path spec = Files.writeString(dir.resolve("spec.md"), SpecFixtures.text("seed/spec.md"));
        Path yaml = Files.writeString(dir.resolve("observability.yaml"), PROMETHEUS_YAML);

        // when
        LoadedSpec loaded = SpecLoader.load(spec, yaml);

        // then
        assertThat(loaded.specId()).isEqualTo("spec-core-001-authentication");
        assertThat(loaded.slos().slos()).extracting(Slo::name).containsExactly("api_latency_p99", "api_error_rate");
        assertThat(loaded.slos().find("api_error_rate").orElseThrow().objective())
                .isEqualTo(Objective.atLeast(Quantity.percent(99.9)));
        assertThat(loaded.errors()).extracting(Problem::file, Problem::line, Problem::message).containsExactly(
                org.assertj.core.groups.Tuple.tuple(spec.toString(), 7, "api_uptime: no metric named 'api_uptime' in "
                        + yaml + "; add it under metrics: with a query (- name: api_uptime, query: ...) or, for a "
                        + "ratio, a good_query or bad_query and a total_query"));
        assertThat(loaded.warnings()).extracting(Problem::file, Problem::line).containsExactly(
                org.assertj.core.groups.Tuple.tuple(yaml.toString(), 10));
    }

    @Test
    void theSeedsSpecAndObservabilityYamlLoadVerbatimTogether(@TempDir Path root) throws IOException {
        // given both seed files, unchanged, in the spec's directory
        Path dir = Files.createDirectories(root.resolve("spec-core-001-authentication"));
        Path spec = Files.writeString(dir.resolve("spec.md"), SpecFixtures.text("seed/spec.md"));
        Path yaml = Files.copy(SpecFixtures.classpath("/seeds/production-monitor-guide/observability.yaml"),
                dir.resolve("observability.yaml"));

        // when
        // (the Datadog provider's checks are slo-datadog's; here the core reads the file and binds the rows)
        LoadedSpec loaded = SpecLoader.bind(NfrTable.parse(spec),
                ObservabilityConfig.load(yaml, Map.of("DATADOG_API_KEY", "dd-secret-123")), "spec-core-001-authentication");

        // then the two metrics of the YAML are SLOs, and the seed's uptime row lacks a query
        assertThat(loaded.slos().slos()).extracting(Slo::toString).containsExactly(
                "api_latency_p99: api_latency_p99 < 200 ms (P2)",
                "api_error_rate: api_error_rate < 0.1 % (P2)");
        assertThat(loaded.config().settings().secret("api_key"))
                .hasValueSatisfying(k -> assertThat(k.reveal()).isEqualTo("dd-secret-123"));
        assertThat(loaded.errors()).extracting(Problem::toString).containsExactly(
                spec + ":7: api_uptime: no metric named 'api_uptime' in " + yaml + "; add it under metrics: with a "
                        + "query (- name: api_uptime, query: ...) or, for a ratio, a good_query or bad_query and a "
                        + "total_query");
        assertThat(loaded.problems().toString()).doesNotContain("dd-secret-123");
    }

    @Test
    void theProblemsOfBothFilesAreReportedAtOnce(@TempDir Path dir) throws IOException {
        // given an unreadable target in spec.md and an unknown key in observability.yaml
        Path spec = Files.writeString(dir.resolve("spec.md"),
                md("## NFR", "| Metric | Target |", "|---|---|", "| `api_latency_p99` | fast |"));
        Path yaml = Files.writeString(dir.resolve("observability.yaml"), PROMETHEUS_YAML + "retries: 3\n");

        // when
        SloValidationException e = catchThrowableOfType(SloValidationException.class,
                () -> SpecLoader.load(spec, yaml));

        // then
        assertThat(e.problems()).filteredOn(Problem::isError).extracting(Problem::file, Problem::line)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(spec.toString(), 4),
                        org.assertj.core.groups.Tuple.tuple(yaml.toString(), 12));
    }

    @Test
    void aMissingSpecIsAnErrorNamingItsPath(@TempDir Path dir) throws IOException {
        // given
        Path yaml = Files.writeString(dir.resolve("observability.yaml"), PROMETHEUS_YAML);
        Path spec = dir.resolve("spec.md");

        // when
        SloValidationException e = catchThrowableOfType(SloValidationException.class,
                () -> SpecLoader.load(spec, yaml));

        // then
        assertThat(e.getMessage()).isEqualTo("1 problem found:\n  " + spec + ": file not found");
    }
}
